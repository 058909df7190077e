"""``tresen sync``: pull new messages and push the outbox, once or until stopped.

Progress goes to stderr (a person watches it, a script ignores it), the
summary to stdout (``--json`` for scripts). The exit code is 1 when any
account failed, with one line per failed account saying why, so a cron job
notices a revoked password.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import TYPE_CHECKING, TextIO

from app.cli.args import positive_int
from app.cli.context import Context, DataError, Registry, UsageError
from app.cli.output import write_json
from app.settings import load_settings

if TYPE_CHECKING:  # services pull in httpx, keyring, SQLAlchemy: import them only to sync
    from services.sync import SyncEngine, SyncReport
    from services.sync.report import AccountReport


def register(registry: Registry) -> None:
    parser = registry.add("sync", run_sync,
                          "fetch new messages and send queued replies and changes",
                          json_output=True)
    parser.add_argument("--account", type=positive_int, action="append", metavar="ID",
                        help="sync only this account (repeatable; default: all)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="sync once and exit (the default)")
    mode.add_argument("--watch", action="store_true",
                      help="keep syncing (push notification where the channel offers it,"
                           " periodic polls otherwise) until interrupted")
    parser.add_argument("--interval", type=positive_int, metavar="SECONDS",
                        help="seconds between polls with --watch (default: the settings')")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the account's password from stdin and keep it for this"
                             " run only (for computers without a keyring; needs --account)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def run_sync(args: argparse.Namespace, ctx: Context) -> int:
    from services.email.away_script import ServerNoticeKeeper
    from services.mastodon.profile_keeper import ProfileNoticeKeeper
    from services.registry import channel_factory
    from services.secrets import SecretStore
    from services.sync import SyncBusyError, SyncEngine
    from services.sync.away import AwayResponder

    store = ctx.store()
    settings = load_settings(ctx.paths.settings)
    secrets = SecretStore(session_only=settings.session_only_secrets)
    if args.password_stdin:
        if not args.account or len(args.account) != 1:
            raise UsageError("--password-stdin needs exactly one --account")
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise DataError("no password on stdin")
        secrets.use_session_only()
        secrets.set(args.account[0], password)
    # --once is "sync now": feeds are polled whatever their interval.
    engine = SyncEngine(store, channel_factory(store, secrets, poll_all=not args.watch),
                        clock=ctx.clock,
                        after_batch=[AwayResponder(store, ctx.clock)],
                        maintenance=[ServerNoticeKeeper(store, secrets.get, ctx.clock),
                                     ProfileNoticeKeeper(store, secrets, ctx.clock)])
    progress = None if args.quiet else _Printer(sys.stderr)
    try:
        if args.watch:
            return _watch(engine, args, ctx, progress,
                          float(args.interval or settings.sync_interval_minutes * 60))
        report = engine.run_once(progress, args.account)
    except SyncBusyError as exc:
        raise DataError(str(exc)) from None
    _summary(ctx.out, report, as_json=args.json)
    return _exit_code(report, sys.stderr)


def _watch(engine: SyncEngine, args: argparse.Namespace, ctx: Context,
           progress: _Printer | None, interval: float) -> int:
    stop = threading.Event()

    def after_run(report: SyncReport) -> None:
        _summary(ctx.out, report, as_json=args.json)
        _exit_code(report, sys.stderr)
        ctx.out.flush()

    def terminate(_signum: int, _frame: object) -> None:
        stop.set()  # SIGTERM (service managers, `kill`): finish like Ctrl+C does

    main = threading.current_thread() is threading.main_thread()  # signals need it
    previous = signal.signal(signal.SIGTERM, terminate) if main else None
    try:
        engine.watch(stop, interval, after_run, progress=progress, account_ids=args.account)
    except KeyboardInterrupt:
        stop.set()
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
    sys.stderr.write("sync: stopped\n")
    return 0


class _Printer:
    """One stderr line per progress report (flushed: a person is watching)."""

    def __init__(self, err: TextIO) -> None:
        self._err = err

    def __call__(self, done: int, total: int, text: str) -> None:
        self._err.write(f"sync: {text}\n")
        self._err.flush()


def _account_line(a: AccountReport) -> str:
    parts = [f"{a.inserted} new", f"{a.updated + a.flags_changed} changed", f"{a.sent} sent"]
    if a.deleted:
        parts.append(f"{a.deleted} removed")
    if a.retrying:
        parts.append(f"{a.retrying} to retry")
    if a.failed:
        parts.append(f"{a.failed} failed")
    if a.unknown:
        parts.append(f"{a.unknown} unknown")
    status = "ok" if a.ok else "FAILED"
    return f"{a.account_id}  {a.name} ({a.kind}): {status}; {', '.join(parts)}"


def _summary(out: TextIO, report: SyncReport, *, as_json: bool) -> None:
    if as_json:
        write_json(out, report.to_json())
        return
    if not report.accounts:
        out.write("no accounts to sync; add one with 'tresen account add'\n")
    for account in report.accounts:
        out.write(_account_line(account) + "\n")


def _exit_code(report: SyncReport, err: TextIO) -> int:
    for account in report.failed:
        err.write(f"tresen: error: account {account.account_id} ({account.name}):"
                  f" {account.error}\n")
    return 0 if report.ok else 1
