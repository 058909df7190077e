"""Triage commands: ``reply``, ``label``, ``done``, ``reopen``, ``snooze``.

Each runs one store action (one transaction plus its outbox item), exactly
what the window's keys do, so a script and a person can never disagree
about what "done" means. The channel learns of it on the next sync.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.args import parse_when, positive_int
from app.cli.context import Context, DataError, Registry, UsageError
from app.cli.output import conversation_json, iso, write_json
from app.store import outbox
from app.store.database import Store
from app.store.queries import conversation_row


def register(registry: Registry) -> None:
    reply = registry.add("reply", queue_reply, "queue a reply (sent on the next sync)",
                         json_output=True)
    reply.add_argument("id", type=positive_int, metavar="ID", help="conversation id")
    source = reply.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", metavar="T", help="the reply text")
    source.add_argument("--text-file", metavar="F", help="read the reply from F ('-': stdin)")

    label = registry.add("label", change_label, "add (or remove) a label", json_output=True)
    label.add_argument("id", type=positive_int, metavar="ID", help="conversation id")
    label.add_argument("name", metavar="NAME", help="label name (created if new)")
    label.add_argument("--remove", action="store_true", help="remove the label instead")
    label.add_argument("--colour", "--color", metavar="C",
                       help="#rrggbb or a palette name such as red, blue, green, purple")

    for name, help_text in (("done", "mark a conversation done (archive it)"),
                            ("reopen", "reopen a done or snoozed conversation")):
        parser = registry.add(name, change_status, help_text, json_output=True)
        parser.add_argument("id", type=positive_int, metavar="ID", help="conversation id")
        parser.set_defaults(status=name)

    snooze = registry.add("snooze", snooze_conversation,
                          "hide a conversation until a time, then reopen it", json_output=True)
    snooze.add_argument("id", type=positive_int, metavar="ID", help="conversation id")
    snooze.add_argument("--until", required=True, metavar="WHEN",
                        help="ISO 8601 (2026-10-01T09:00, local time unless an offset is "
                             "given) or a duration such as 45m, 3h, 2d")


def _reply_text(args: argparse.Namespace) -> str:
    if args.text is not None:
        return str(args.text)
    source = str(args.text_file)
    try:
        if source == "-":
            return sys.stdin.read()
        return Path(source).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataError(f"cannot read {source}: it is not UTF-8 text") from None
    except OSError as exc:
        raise DataError(f"cannot read {source}: {exc.strerror or exc}") from None


def queue_reply(args: argparse.Namespace, ctx: Context) -> int:
    from app.store import ops  # SQLModel is slow to import: only for writes

    text = _reply_text(args)  # read first: a bad file must not open (or create) the store
    store = ctx.store()
    message_id, _undo = ops.reply(store, args.id, text)
    item = next(i for i in outbox.list_outbox(store.reader()) if i.message_id == message_id)
    if args.json:
        write_json(ctx.out, {"conversation_id": args.id, "message_id": message_id,
                             "outbox_id": item.id, "idempotency_key": item.idempotency_key,
                             "state": "queued"})
    else:
        ctx.out.write(f"queued reply {message_id} in conversation {args.id}"
                      f" (outbox item {item.id})\n")
    return 0


def change_label(args: argparse.Namespace, ctx: Context) -> int:
    from app.store import ops  # SQLModel is slow to import: only for writes

    store = ctx.store()
    ops.set_label(store, args.id, args.name, present=not args.remove, colour=args.colour)
    verb = "removed label" if args.remove else "labelled"
    return _report(ctx, store, args, f"{verb} {args.name.strip()!r}")


def change_status(args: argparse.Namespace, ctx: Context) -> int:
    from app.store import ops  # SQLModel is slow to import: only for writes

    store = ctx.store()
    if args.status == "done":
        ops.mark_done(store, args.id)
    else:
        ops.reopen(store, args.id)
    return _report(ctx, store, args, "done" if args.status == "done" else "reopened")


def snooze_conversation(args: argparse.Namespace, ctx: Context) -> int:
    from app.store import ops  # SQLModel is slow to import: only for writes

    store = ctx.store()
    try:
        until = parse_when(args.until, store.clock())
    except ValueError as exc:
        raise UsageError(f"--until: {exc}") from None
    ops.snooze(store, args.id, until)
    return _report(ctx, store, args, f"snoozed until {iso(until)}")


def _report(ctx: Context, store: Store, args: argparse.Namespace, what: str) -> int:
    if args.json:
        write_json(ctx.out, conversation_json(conversation_row(store.reader(), args.id)))
    else:
        ctx.out.write(f"conversation {args.id}: {what}\n")
    return 0
