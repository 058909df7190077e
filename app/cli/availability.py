"""``tresen availability status|set|export``: the schedule as a versionable file.

``set`` validates the whole file before anything is saved, so a typo in a
template variable or a time is reported with the field that holds it and
the store keeps the schedule it had.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from app.availability import (
    Schedule,
    ScheduleError,
    is_open,
    next_open,
    notice_at,
    schedule_from_json_text,
    schedule_to_json_text,
)
from app.cli.context import Context, DataError, Registry
from app.cli.output import write_json
from app.store import queries
from app.store.away import workspace_schedule


def register(registry: Registry) -> None:
    group = registry.group("availability", "opening hours, closures and the away notice")
    status = group.add("status", show_status, "are we open, when do we open next, which notice"
                       " a customer would get now", json_output=True)
    status.add_argument("--workspace", metavar="W", help="name or id (default: every workspace)")
    set_ = group.add("set", set_schedule, "replace a workspace's schedule from a JSON file"
                     " (or give one account hours of its own)")
    target = set_.add_mutually_exclusive_group(required=True)
    target.add_argument("--workspace", metavar="W")
    target.add_argument("--account", metavar="ID", type=int,
                        help="override the workspace's schedule for this account")
    source = set_.add_mutually_exclusive_group(required=True)
    source.add_argument("--from-file", metavar="FILE", help="a schedule JSON file, or - for stdin")
    source.add_argument("--off", action="store_true",
                        help="remove the schedule (a workspace: always open; an account:"
                             " back to its workspace's schedule)")
    export = group.add("export", export_schedule, "print a workspace's schedule as JSON")
    export.add_argument("--workspace", metavar="W", required=True)


def _workspace(ctx: Context, ref: str) -> int:
    from app.store import ops

    return ops.resolve_workspace(ctx.store(), ref)


def _status(ctx: Context, ws_id: int, name: str) -> dict[str, Any]:
    schedule = workspace_schedule(ctx.store().reader(), ws_id)
    now = datetime.fromtimestamp(ctx.clock(), UTC)
    if schedule is None:
        return {"workspace": name, "workspace_id": ws_id, "schedule": False, "open": True,
                "next_open": now.isoformat(), "notice": None}
    upcoming = next_open(schedule, now)
    return {"workspace": name, "workspace_id": ws_id, "schedule": True,
            "open": is_open(schedule, now),
            "next_open": None if upcoming is None else upcoming.isoformat(),
            "notice": notice_at(schedule, now)}


def show_status(args: argparse.Namespace, ctx: Context) -> int:
    if args.workspace:
        ws_id = _workspace(ctx, args.workspace)
        names = {w.id: w.name for w in queries.workspaces(ctx.store().reader())}
        items = [_status(ctx, ws_id, names[ws_id])]
    else:
        items = [_status(ctx, w.id, w.name) for w in queries.workspaces(ctx.store().reader())]
    if args.json:
        write_json(ctx.out, items[0] if args.workspace else items)
        return 0
    for item in items:
        state = "open" if item["open"] else f"closed until {item['next_open'] or 'further notice'}"
        ctx.out.write(f"{item['workspace']}: {state}\n")
        if item["notice"]:
            ctx.out.write(f"  notice: {item['notice']}\n")
    return 0


def set_schedule(args: argparse.Namespace, ctx: Context) -> int:
    from app.store.away import set_account_schedule, set_workspace_schedule

    save: Callable[[Schedule | None], None]
    if args.account is not None:
        target = f"account {args.account}"
        save = partial(set_account_schedule, ctx.store(), args.account)
    else:
        ws_id = _workspace(ctx, args.workspace)
        target = f"workspace {ws_id}"
        save = partial(set_workspace_schedule, ctx.store(), ws_id)
    if args.off:
        save(None)
        ctx.out.write(f"schedule removed for {target}\n")
        return 0
    text = sys.stdin.read() if args.from_file == "-" else Path(args.from_file).read_text("utf-8")
    try:
        schedule = schedule_from_json_text(text)
    except ScheduleError as exc:
        raise DataError(f"{args.from_file}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{args.from_file}: not valid JSON ({exc})") from None
    save(schedule)
    ctx.out.write(f"schedule saved for {target}\n")
    return 0


def export_schedule(args: argparse.Namespace, ctx: Context) -> int:
    ws_id = _workspace(ctx, args.workspace)
    schedule = workspace_schedule(ctx.store().reader(), ws_id)
    if schedule is None:
        raise DataError(f"workspace {args.workspace!r} has no schedule yet")
    ctx.out.write(schedule_to_json_text(schedule) + "\n")
    return 0
