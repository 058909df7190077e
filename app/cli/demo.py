"""``tresen demo``: write the demo workspaces into the store and exit."""

from __future__ import annotations

import argparse

from app.cli.context import Context, Registry
from app.cli.output import write_json
from app.store import queries


def register(registry: Registry) -> None:
    parser = registry.add("demo", write_demo,
                          "write the demo workspaces (a bakery and a bike shop) into the store",
                          json_output=True)
    parser.add_argument("--seed", type=int, default=7,
                        help="the same seed gives the same demo (default: 7)")


def write_demo(args: argparse.Namespace, ctx: Context) -> int:
    from app.demo import build_demo, demo_workspace_names  # heavy: SQLModel
    from app.store import ops

    store = ctx.store(create=True)
    build_demo(store, seed=args.seed)
    conn = store.reader()
    names = demo_workspace_names()
    total = sum(len(queries.conversation_ids(conn, queries.ConversationFilter(
        workspace_id=ops.resolve_workspace(store, name), view=queries.View.ALL)))
        for name in names)
    if args.json:
        write_json(ctx.out, {"workspaces": names, "conversations": total,
                             "store": str(store.path)})
    else:
        ctx.out.write(f"wrote the demo ({', '.join(names)}; {total} conversations)"
                      f" into {store.path}\n")
    return 0
