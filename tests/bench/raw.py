"""The connection every limit writes through: plain sqlite3, the store's settings.

A limit measures what writing the same rows costs SQLite itself, so it uses the
same schema and the same connection settings as the store's writer (WAL, full
fsync, foreign keys, page cache, in-memory statement journals); what remains
between it and ours is our code.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
