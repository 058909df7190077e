"""Reading commands: ``conversations``, ``show`` and ``search``."""

from __future__ import annotations

import argparse
import sqlite3
from typing import TextIO

from app.cli.args import positive_int
from app.cli.context import Context, DataError, Registry
from app.cli.output import (
    age,
    conversation_json,
    conversation_table,
    detail_json,
    iso,
    write_json,
)
from app.records import Stream
from app.store import queries, search
from app.store.database import Store
from app.store.queries import ConversationDetail, ConversationFilter, ConversationRow, View

STATUSES = ("open", "waiting", "done", "snoozed", "all")


def register(registry: Registry) -> None:
    listing = registry.add("conversations", list_conversations,
                           "list conversations, newest activity first (waiting: longest first)",
                           json_output=True)
    listing.add_argument("--workspace", metavar="W", help="workspace name or id")
    listing.add_argument("--stream", choices=[s.value for s in Stream])
    listing.add_argument("--status", choices=STATUSES, default="all",
                         help="triage view (default: all)")
    listing.add_argument("--label", metavar="L", help="label name or id")
    listing.add_argument("--unread", action="store_true", help="only unread conversations")
    listing.add_argument("--limit", type=positive_int, metavar="N")

    show = registry.add("show", show_conversation, "show one conversation with its messages",
                        json_output=True)
    show.add_argument("id", type=positive_int, metavar="ID")

    find = registry.add("search", search_conversations,
                        "full-text search; newest match first", json_output=True)
    find.add_argument("query", metavar="QUERY",
                      help='words, "phrases", prefix*, and filters such as label:Reklamation '
                           "stream:direct status:waiting is:unread from:anna after:2026-01-01")
    find.add_argument("--workspace", metavar="W", help="workspace name or id")
    find.add_argument("--limit", type=positive_int, default=50, metavar="N",
                      help="at most N conversations (default: 50)")


def _workspace_id(store: Store, ref: str | None) -> int | None:
    if not ref:
        return None
    from app.store import ops  # SQLModel costs ~0.5 s to import: only when needed

    return ops.resolve_workspace(store, ref)


def list_conversations(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    conn = store.reader()
    ws_id = _workspace_id(store, args.workspace)
    flt = ConversationFilter(workspace_id=ws_id, stream=args.stream, view=View(args.status),
                             unread_only=args.unread)
    if args.label:
        ids = _ids_with_label(conn, flt, args.label, args.limit)
    else:
        ids = queries.conversation_ids(conn, flt, limit=args.limit)
    _write_rows(ctx, conn, ids, args.json, store.clock())
    return 0


def _ids_with_label(conn: sqlite3.Connection, flt: ConversationFilter, ref: str,
                    limit: int | None) -> list[int]:
    """Merge the matches of every label with that name, in the filter's order."""
    label_ids = queries.label_ids(conn, ref, flt.workspace_id)
    if not label_ids:
        raise DataError(f"no label {ref!r}")
    ids: set[int] = set()
    for label_id in label_ids:
        narrowed = ConversationFilter(flt.workspace_id, flt.stream, flt.view, label_id,
                                      flt.account_id, flt.unread_only)
        ids.update(queries.conversation_ids(conn, narrowed, limit=limit))
    rows = queries.conversation_rows(conn, list(ids)).values()
    if flt.view is View.WAITING:
        ordered = sorted(rows, key=lambda r: (r.waiting_since or 0, r.id))
    else:
        ordered = sorted(rows, key=lambda r: (-r.last_activity, -r.id))
    return [r.id for r in ordered][:limit]


def _write_rows(ctx: Context, conn: sqlite3.Connection, ids: list[int], as_json: bool,
                now: int) -> None:
    found = queries.conversation_rows(conn, ids)
    rows: list[ConversationRow] = [found[i] for i in ids if i in found]
    if as_json:
        write_json(ctx.out, [conversation_json(r) for r in rows])
    else:
        conversation_table(ctx.out, rows, now)


def show_conversation(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    detail = queries.conversation_detail(store.reader(), args.id)
    if args.json:
        write_json(ctx.out, detail_json(detail))
    else:
        _write_detail(ctx.out, detail, store.clock())
    return 0


def _write_detail(out: TextIO, detail: ConversationDetail, now: int) -> None:
    row = detail.row
    status = row.status
    if row.status == "open" and row.waiting_since is not None:
        status = f"waiting {age(now - row.waiting_since)}"
    out.write(f"#{row.id} · {row.workspace} · {row.channel} · {row.stream} · {status}\n")
    out.write(f"Subject: {row.subject or '(none)'}\n")
    if row.labels:
        out.write(f"Labels:  {', '.join(c.name for c in row.labels)}\n")
    out.write(f"With:    {row.contact} <{detail.contact_handle}>\n"
              f"Account: {row.account} <{detail.account_identity}>\n")
    for msg in detail.messages:
        arrow = "←" if msg.direction == "in" else "→"
        out.write(f"\n{arrow} {msg.author_name} · {iso(msg.sent_at)} · {msg.state}\n")
        if msg.last_error:
            out.write(f"  ({msg.last_error})\n")
        out.write(msg.text.rstrip() + "\n")


def search_conversations(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    conn = store.reader()
    ws_id = _workspace_id(store, args.workspace)
    ids = search.search(conn, args.query, limit=args.limit, workspace_id=ws_id)
    _write_rows(ctx, conn, ids, args.json, store.clock())
    return 0
