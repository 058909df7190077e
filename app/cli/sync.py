"""``tresen sync``: pull new messages and push the outbox, once or until stopped.

Progress goes to stderr (a person watches it, a script ignores it), the
summary to stdout (``--json`` for scripts). The exit code is 1 when any
account failed, with one line per failed account saying why, so a cron job
notices a revoked password.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
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


STOP_GRACE = 2.0
"""Seconds a stopped ``--watch`` waits for the run in progress to reach a step boundary
(the current batch committed, the current item sent) before it exits regardless."""


class _Stop(BaseException):
    """Raised in the main thread by the SIGINT/SIGTERM handlers."""


def _raise_stop(_signum: int, _frame: object) -> None:
    raise _Stop


def _watch(engine: SyncEngine, args: argparse.Namespace, ctx: Context,
           progress: _Printer | None, interval: float) -> int:
    """Syncs in a worker thread; the main thread only waits for it and for signals.

    A signal handler runs in the main thread between two bytecodes, wherever that
    thread is. Setting the engine's ``threading.Event`` from a handler that
    interrupted the engine inside ``stop.wait`` deadlocks on the event's own lock
    (and every further SIGTERM then runs into the same lock); a KeyboardInterrupt
    raised inside a run can land between a send and its bookkeeping. So the
    handlers only raise ``_Stop`` into the waiting main thread, which then sets
    ``stop`` as ordinary code: the run ends at its next step boundary.
    """
    stop = threading.Event()
    failure: list[BaseException] = []

    def after_run(report: SyncReport) -> None:
        _summary(ctx.out, report, as_json=args.json)
        _exit_code(report, sys.stderr)
        ctx.out.flush()

    def work() -> None:
        try:
            engine.watch(stop, interval, after_run, progress=progress,
                         account_ids=args.account)
        except BaseException as exc:  # handed to the main thread
            failure.append(exc)

    worker = threading.Thread(target=work, name="tresen-sync-watch", daemon=True)
    main = threading.current_thread() is threading.main_thread()  # signals need it
    previous = {}
    try:
        try:
            if main:
                for sig in (signal.SIGINT, signal.SIGTERM):
                    previous[sig] = signal.signal(sig, _raise_stop)
            worker.start()
            while worker.is_alive():
                worker.join(0.2)
        except (_Stop, KeyboardInterrupt):
            stop.set()
            finished = _join(worker, STOP_GRACE)
            if not finished:
                # A server that does not answer: leave like a crash would (every
                # batch is one transaction; an item in ``sending`` is settled next run).
                sys.stderr.write("sync: the server did not answer in time;"
                                 " the unfinished step is redone next time\n")
    finally:
        stop.set()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if failure:
        raise failure[0]
    sys.stderr.write("sync: stopped\n")
    sys.stderr.flush()
    if worker.is_alive():
        ctx.out.flush()
        os._exit(0)  # never close the store under a write that is still running
    return 0


def _join(worker: threading.Thread, seconds: float) -> bool:
    """Wait up to ``seconds`` for ``worker``; a second Ctrl+C stops waiting."""
    deadline = time.monotonic() + seconds
    try:
        while worker.is_alive() and (left := deadline - time.monotonic()) > 0:
            worker.join(min(left, 0.2))
    except (_Stop, KeyboardInterrupt):
        pass
    return not worker.is_alive()


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
