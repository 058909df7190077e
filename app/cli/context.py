"""What every command handler gets: the data directory, the store, stdout.

The CLI is a composition root like the window: it opens the store once per
invocation and passes it down, so no module reaches for a global. The two
error classes map onto the exit codes scripts rely on (2: the command line
itself was wrong, 1: the data said no).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from app.paths import DataPaths
from app.store.database import Clock, Store, open_store, system_clock


class UsageError(Exception):
    """The command line was malformed (exit code 2)."""


class DataError(Exception):
    """The request was well-formed but cannot be carried out (exit code 1)."""


@dataclass(slots=True)
class Context:
    """Per-invocation state; ``store()`` opens the store lazily and only once."""

    data_dir: Path
    out: TextIO
    clock: Clock = system_clock
    _store: Store | None = field(default=None, repr=False)

    @property
    def paths(self) -> DataPaths:
        return DataPaths(self.data_dir)

    def store(self, *, create: bool = False) -> Store:
        """The store at ``--data-dir``; read-only commands never create one."""
        if self._store is None:
            path = self.paths.store
            if not create and not path.exists():
                raise DataError(
                    f"no Tresen store in {self.data_dir} yet; create one with "
                    "'tresen workspace add NAME' or 'tresen demo'"
                )
            self._store = open_store(path, self.clock)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


Handler = Callable[[argparse.Namespace, Context], int]


class Registry:
    """Adds subcommands to one level of the parser tree.

    Every command inherits ``--data-dir`` from ``parent`` and is dispatched to
    its ``handler``; ``group`` makes a nested level (``tresen workspace add``).
    """

    def __init__(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
                 parent: argparse.ArgumentParser) -> None:
        self._subparsers = subparsers
        self._parent = parent

    def add(self, name: str, handler: Handler, help_text: str, *,
            json_output: bool = False) -> argparse.ArgumentParser:
        parser = self._subparsers.add_parser(name, help=help_text, description=help_text,
                                             parents=[self._parent])
        parser.set_defaults(handler=handler)
        if json_output:
            parser.add_argument("--json", action="store_true",
                                help="print JSON to stdout instead of a table")
        return parser

    def group(self, name: str, help_text: str) -> Registry:
        parser = self._subparsers.add_parser(name, help=help_text, description=help_text,
                                             parents=[self._parent])
        parser.set_defaults(handler=_needs_subcommand(parser))
        return Registry(parser.add_subparsers(title="commands", metavar="COMMAND"),
                        self._parent)


def _needs_subcommand(parser: argparse.ArgumentParser) -> Handler:
    def handler(_args: argparse.Namespace, _ctx: Context) -> int:
        raise UsageError(f"'{parser.prog}' needs a command (see '{parser.prog} --help')")

    return handler
