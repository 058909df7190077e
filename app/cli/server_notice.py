"""``tresen server-notice on|off|status --account ID``: the mail server's own away notice.

Switches the Sieve vacation script on an email account's server, so
customers are answered while the laptop is shut (and Tresen's local notice
stays quiet for that account meanwhile). The password comes from the keyring,
or from stdin with ``--password-stdin`` on machines without one.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from app.cli.args import positive_int
from app.cli.context import Context, DataError, Registry, UsageError
from app.cli.output import write_json
from app.settings import load_settings
from app.store import queries
from app.store.queries import AccountInfo


def register(registry: Registry) -> None:
    group = registry.group("server-notice", "the away notice your mail server sends by itself"
                           " (Sieve vacation over ManageSieve)")
    for name, handler, text in (
            ("on", _on, "install the away script on the server and keep it up to date"),
            ("off", _off, "remove the away script; your own server script becomes active again"),
            ("status", _status, "what the account records and which scripts the server has")):
        parser = group.add(name, handler, text, json_output=name == "status")
        parser.add_argument("--account", type=positive_int, required=True, metavar="ID")
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the account's password from stdin (no keyring needed)")


def _account(ctx: Context, account_id: int) -> AccountInfo:
    found = [a for a in queries.accounts(ctx.store().reader()) if a.id == account_id]
    if not found:
        raise DataError(f"no account with id {account_id}")
    if found[0].kind != "email":
        raise DataError(f"account {account_id} is a {found[0].kind} account; the server"
                        " notice needs an email account whose server offers ManageSieve")
    return found[0]


def _password(args: argparse.Namespace, ctx: Context) -> str:
    from services.secrets import KeyringUnavailable, SecretStore

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError("no password on stdin")
        return password
    secrets = SecretStore(session_only=load_settings(ctx.paths.settings).session_only_secrets)
    try:
        password = secrets.get(args.account)
    except KeyringUnavailable as exc:
        raise DataError(f"{exc} (or pass --password-stdin)") from None
    if not password:
        raise DataError(f"no password stored for account {args.account}; "
                        "pass --password-stdin")
    return password


def _on(args: argparse.Namespace, ctx: Context) -> int:
    from services.channel import ChannelError
    from services.email.away_script import enable_server_notice

    account = _account(ctx, args.account)
    now = datetime.fromtimestamp(ctx.clock(), UTC)
    try:
        until = enable_server_notice(ctx.store(), account, _password(args, ctx), now)
    except (ChannelError, ValueError) as exc:
        raise DataError(str(exc)) from None
    ctx.out.write(f"server notice on for account {account.id}; Tresen refreshes it at "
                  f"{until.isoformat()} or when the schedule changes\n")
    return 0


def _off(args: argparse.Namespace, ctx: Context) -> int:
    from services.channel import ChannelError
    from services.email.away_script import disable_server_notice

    account = _account(ctx, args.account)
    try:
        disable_server_notice(ctx.store(), account, _password(args, ctx))
    except (ChannelError, ValueError) as exc:
        raise DataError(str(exc)) from None
    ctx.out.write(f"server notice off for account {account.id}\n")
    return 0


def _status(args: argparse.Namespace, ctx: Context) -> int:
    from services.channel import ChannelError
    from services.email.away_script import server_notice_status

    account = _account(ctx, args.account)
    try:
        status = server_notice_status(ctx.store(), account, _password(args, ctx))
    except (ChannelError, ValueError) as exc:
        raise DataError(str(exc)) from None
    data = {"account": account.id, "enabled": status.enabled, "mode": status.mode,
            "active_on_server": status.active_on_server,
            "valid_until": None if status.valid_until is None else status.valid_until.isoformat(),
            "scripts": [{"name": s.name, "active": s.active} for s in status.scripts]}
    if args.json:
        write_json(ctx.out, data)
        return 0
    state = "on" if status.enabled else "off"
    ctx.out.write(f"server notice {state}; on the server: "
                  f"{'active' if status.active_on_server else 'not active'}\n")
    for script in status.scripts:
        ctx.out.write(f"  {script.name}{' (active)' if script.active else ''}\n")
    return 0
