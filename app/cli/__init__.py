"""The ``tresen`` command line, for scripting and checks.

``tresen`` alone opens the window; every other command works on the store in
``--data-dir`` and writes JSON (``--json``) or a compact table to stdout.
Errors are one line on stderr (``tresen: error: …``) with exit code 2 for a
malformed command line and 1 for a request the data refuses; expected errors
never show a traceback.

Adding a command group (e.g. ``account`` or ``sync``): write a module in this
package with a function ``register(registry: Registry) -> None`` that calls
``registry.add(name, handler, help_text)`` (or ``registry.group`` for nested
commands), where ``handler(args, ctx) -> int`` takes the parsed arguments and
a ``Context`` (``ctx.store()``, ``ctx.out``). Then add the module's name to
``COMMAND_MODULES`` below — that one line is all the wiring there is.
Every registered module is imported to build the parser, so import heavy
dependencies (SQLModel, services, Qt) inside the handler: ``tresen --help``
and the read-only commands then start in a fraction of a second.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, Protocol, cast

from app import __version__
from app.cli.context import Context, DataError, Registry, UsageError
from app.paths import default_data_dir
from app.store.database import StoreError

COMMAND_MODULES: tuple[str, ...] = (
    "app.cli.accounts",
    "app.cli.gui",
    "app.cli.demo",
    "app.cli.workspaces",
    "app.cli.conversations",
    "app.cli.actions",
    "app.cli.outbox",
    "app.cli.sync",
    "app.cli.availability",
    "app.cli.server_notice",
    "app.cli.history",
)

__all__ = ["COMMAND_MODULES", "Context", "DataError", "Registry", "UsageError", "build_parser",
           "main"]


class _CommandModule(Protocol):
    def register(self, registry: Registry) -> None: ...


class _Parser(argparse.ArgumentParser):
    """Reports usage errors as one line instead of usage text plus message."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    # Subcommands get --data-dir too; SUPPRESS keeps them from overwriting
    # a value given before the subcommand with their default.
    common = _Parser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                        help="where Tresen keeps its files (default: the user data dir)")
    parser: argparse.ArgumentParser = _Parser(
        prog="tresen", description="Every customer conversation in one window.",
        epilog="Without a command, tresen opens the window.")
    parser.add_argument("--version", action="version", version=f"tresen {__version__}")
    parser.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                        help="where Tresen keeps its files (default: the user data dir)")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    registry = Registry(subparsers, common)
    for name in COMMAND_MODULES:
        cast(_CommandModule, importlib.import_module(name)).register(registry)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    parser = build_parser()
    ctx: Context | None = None
    try:
        args = parser.parse_args(argv)
        if getattr(args, "handler", None) is None:  # plain `tresen`: open the window
            args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "gui"])
        ctx = Context(args.data_dir or default_data_dir(), sys.stdout)
        return int(args.handler(args, ctx))
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    except UsageError as exc:
        return _fail(str(exc), 2)
    except (DataError, StoreError) as exc:
        return _fail(str(exc), 1)
    except sqlite3.DatabaseError as exc:
        return _fail(f"the store cannot be read ({exc})", 1)
    except BrokenPipeError:  # `tresen conversations | head`: the reader left, fine
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the exit flush quiet
        return 1
    except OSError as exc:
        return _fail(_os_message(exc), 1)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # SQLAlchemy wraps the sqlite3 error of a damaged store in its own class.
        orig = getattr(exc, "orig", None)
        if isinstance(orig, sqlite3.DatabaseError):
            return _fail(f"the store cannot be written ({orig})", 1)
        raise
    finally:
        if ctx is not None:
            ctx.close()


def _fail(message: str, code: int) -> int:
    print(f"tresen: error: {message}", file=sys.stderr)
    return code


def _os_message(exc: OSError) -> str:
    if exc.filename is not None and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)
