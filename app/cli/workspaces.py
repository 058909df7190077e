"""``tresen workspace add NAME`` and ``tresen workspaces``."""

from __future__ import annotations

import argparse

from app.cli.context import Context, Registry
from app.cli.output import write_json, write_table
from app.store import queries


def register(registry: Registry) -> None:
    group = registry.group("workspace", "manage workspaces (one per business or client)")
    add = group.add("add", add_workspace, "create a workspace", json_output=True)
    add.add_argument("name", metavar="NAME")
    add.add_argument("--language", choices=("en", "de"), default="en",
                     help="language of the workspace's notices (default: en)")
    registry.add("workspaces", list_workspaces, "list the workspaces", json_output=True)


def add_workspace(args: argparse.Namespace, ctx: Context) -> int:
    from app.store import ops  # SQLModel is slow to import: only for writes

    ws_id = ops.create_workspace(ctx.store(create=True), args.name, args.language)
    if args.json:
        write_json(ctx.out, {"id": ws_id, "name": args.name.strip(), "language": args.language})
    else:
        ctx.out.write(f"created workspace {ws_id}: {args.name.strip()}\n")
    return 0


def list_workspaces(args: argparse.Namespace, ctx: Context) -> int:
    items = queries.workspaces(ctx.store().reader())
    if args.json:
        write_json(ctx.out, [{"id": w.id, "name": w.name, "language": w.language}
                             for w in items])
    else:
        write_table(ctx.out, ["ID", "LANG", "NAME"],
                    [[str(w.id), w.language, w.name] for w in items],
                    empty="(no workspaces)")
    return 0
