"""``tresen history ID [--days N | --all]``: how far back an email account's mail goes.

A first sync fetches only recent mail (``first_sync_days``); this asks the
next syncs for older mail and says, per folder, what they will fetch. It
contacts no server: the request is a setting (``history_since``) and the
coverage is what earlier syncs recorded, so it works offline and instantly.
"""

from __future__ import annotations

import argparse
import sqlite3
from typing import TYPE_CHECKING, Any

from app.cli.args import positive_int
from app.cli.context import Context, DataError, Registry
from app.cli.output import iso, write_json
from app.store import queries
from app.store.queries import AccountInfo

if TYPE_CHECKING:
    from services.email.history import FolderCoverage

_DAY = 86_400


def register(registry: Registry) -> None:
    parser = registry.add("history", run_history,
                          "fetch older mail of an email account, or show how far back it goes",
                          json_output=True)
    parser.add_argument("account", type=positive_int, metavar="ID", help="the account's id")
    amount = parser.add_mutually_exclusive_group()
    amount.add_argument("--days", type=positive_int, metavar="N",
                        help="have the mail of the last N days (the next sync fetches it)")
    amount.add_argument("--all", action="store_true",
                        help="have all mail, however old (the next sync fetches it)")


def run_history(args: argparse.Namespace, ctx: Context) -> int:
    from app.store.account_settings import update_account_settings
    from services.email.history import coverage

    store = ctx.store()
    account = _email_account(store.reader(), args.account)
    request = _request(account)
    if args.all or args.days:
        request = 0 if args.all else max(0, ctx.clock() - args.days * _DAY)
        update_account_settings(store, account.id, {"history_since": request})
    folders = coverage(queries.cursors(store.reader(), account.id))
    if args.json:
        write_json(ctx.out, _status_json(account, request, folders))
    else:
        for line in _plan_lines(request, folders):
            ctx.out.write(line + "\n")
    return 0


def _email_account(conn: sqlite3.Connection, account_id: int) -> AccountInfo:
    found = [a for a in queries.accounts(conn) if a.id == account_id]
    if not found:
        raise DataError(f"no account with id {account_id}")
    if found[0].kind != "email":
        raise DataError(f"account {account_id} is a {found[0].kind} account; only email"
                        " accounts limit their first sync by age")
    return found[0]


def _request(account: AccountInfo) -> int | None:
    value = account.settings.get("history_since")
    return int(value) if isinstance(value, int | float) else None


def _since_text(epoch: int) -> str:
    return "all mail" if epoch == 0 else f"mail since {(iso(epoch) or '')[:10]}"


def _plan_lines(request: int | None, folders: list[FolderCoverage]) -> list[str]:
    from services.email.history import UNKNOWN, covers

    if not folders:
        return [f"not synced yet; the first sync fetches {_since_text(request)}"
                if request is not None else "not synced yet"]
    lines = []
    for f in folders:
        has = ("history not recorded (synced by an older Tresen)" if f.complete == UNKNOWN
               else f"has {_since_text(f.complete)}")
        if request is None or covers(f.complete, request):
            lines.append(f"{f.folder}: {has}; nothing to fetch")
        elif f.complete == UNKNOWN:
            lines.append(f"{f.folder}: {has}; the next sync fetches {_since_text(request)}"
                         " (mail already stored is recognised, not doubled)")
        else:
            until = (iso(f.complete) or "")[:10]
            under_way = " (under way)" if f.fetching_since == request else ""
            lines.append(f"{f.folder}: {has}; the next sync fetches"
                         f" {_since_text(request)} up to {until}{under_way}")
    return lines


def _status_json(account: AccountInfo, request: int | None,
                 folders: list[FolderCoverage]) -> dict[str, Any]:
    from services.email.history import UNKNOWN, covers

    return {
        "account": account.id,
        "requested_all": request == 0,
        "requested_since": iso(request) if request else None,
        "folders": [{
            "folder": f.folder,
            "known": f.complete != UNKNOWN,
            "complete_all": f.complete == 0,
            "complete_since": iso(f.complete) if f.complete > 0 else None,
            "fetching": f.fetching_since is not None,
            "pending": request is not None and not covers(f.complete, request),
        } for f in folders],
    }
