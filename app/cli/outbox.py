"""``tresen outbox``: what the channels still have to learn."""

from __future__ import annotations

import argparse

from app.cli.context import Context, Registry
from app.cli.output import clip, outbox_json, write_json, write_table
from app.store import outbox


def register(registry: Registry) -> None:
    parser = registry.add("outbox", list_outbox,
                          "list queued changes (replies, labels, archive, read state)",
                          json_output=True)
    parser.add_argument("--all", action="store_true", help="include items already sent")


def list_outbox(args: argparse.Namespace, ctx: Context) -> int:
    items = outbox.list_outbox(ctx.store().reader(), include_sent=args.all)
    if args.json:
        write_json(ctx.out, [outbox_json(i) for i in items])
        return 0
    write_table(ctx.out, ["ID", "KIND", "CONV", "STATE", "TRIES", "ERROR"],
                [[str(i.id), i.kind, str(i.conversation_id or "-"), i.state, str(i.attempts),
                  clip(i.last_error, 60)] for i in items],
                empty="(the outbox is empty)")
    return 0
