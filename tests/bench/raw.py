"""The connection every limit writes through: plain sqlite3, the store's settings.

A limit measures what writing the same rows costs SQLite itself, so it uses the
same schema and the same connection settings as the store's writer (WAL, full
fsync, foreign keys, page cache, in-memory statement journals); what remains
between it and ours is our code.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app.store.database import WRITER_PRAGMAS
from app.store.schema import MIGRATIONS


def raw_connection(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """An autocommit connection to ``path``; with ``create``, a fresh store schema."""
    if create:
        path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    if create:
        conn.executescript("".join(MIGRATIONS))
    conn.execute("PRAGMA foreign_keys = ON")
    for pragma in WRITER_PRAGMAS:
        conn.execute(pragma)
    return conn


class OpenedRows:
    """The conversation and contact rows a store wrote, each written once by ``write``:
    with the first batch that has a message of it, as a first sync had to."""

    def __init__(self, conn: sqlite3.Connection, source: Path) -> None:
        """Attach ``source`` as ``src`` (the caller detaches it), copy its workspaces and
        accounts, and hold its conversation and contact rows."""
        conn.execute("ATTACH ? AS src", (str(source),))
        for table in ("workspace", "account"):
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")
        self.conversations = {r[0]: r for r in conn.execute("SELECT * FROM src.conversation")}
        self._contacts = {r[0]: r for r in conn.execute("SELECT * FROM src.contact")}
        width = len(next(iter(self.conversations.values()), ()))
        self._conv_sql = f"INSERT INTO conversation VALUES ({', '.join('?' * width)})"

    @staticmethod
    def stored_messages(conn: sqlite3.Connection) -> tuple[list[tuple[Any, ...]], str]:
        """The message rows of the attached store, by id, and the statement that
        inserts such a row as it is."""
        rows = conn.execute("SELECT * FROM src.message ORDER BY id").fetchall()
        width = len(rows[0]) if rows else 0
        return rows, f"INSERT INTO message VALUES ({', '.join('?' * width)})"

    def write(self, conn: sqlite3.Connection, conv_ids: Iterable[int]) -> None:
        """Insert the conversations of ``conv_ids`` not written yet, and their contacts."""
        opened = [self.conversations.pop(c) for c in dict.fromkeys(conv_ids)
                  if c in self.conversations]
        people = [self._contacts.pop(r[3]) for r in opened if r[3] in self._contacts]
        conn.executemany("INSERT INTO contact VALUES (?, ?, ?, ?, ?)", people)
        conn.executemany(self._conv_sql, opened)

    def write_batch(self, conn: sqlite3.Connection, conv_ids: Iterable[int], message_sql: str,
                    messages: list[tuple[Any, ...]], fts: list[tuple[Any, ...]]) -> float:
        """One timed transaction as a sync batch writes it: the conversations (and their
        contacts) of ``conv_ids`` not written yet, the messages, their search rows.
        Returns its seconds."""
        start = time.perf_counter()
        conn.execute("BEGIN")
        self.write(conn, conv_ids)
        conn.executemany(message_sql, messages)
        conn.executemany("INSERT INTO message_fts (rowid, subject, body, author)"
                         " VALUES (?, ?, ?, ?)", fts)
        conn.execute("COMMIT")
        return time.perf_counter() - start
