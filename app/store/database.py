"""Opening, configuring and upgrading a store file.

Reads go through plain ``sqlite3`` connections: they need nothing but the
standard library, so the first paint of the inbox does not wait for
SQLAlchemy to import (≈0.5 s). Writes go through a lazily built SQLAlchemy
engine (SQLModel sessions for user actions, Core for bulk ingest). Every
write transaction starts with ``BEGIN IMMEDIATE`` so that the GUI, a sync
process and the CLI queue up for the write lock instead of deadlocking on a
read-to-write upgrade.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

Clock = Callable[[], int]


def system_clock() -> int:
    return int(time.time())


class StoreError(Exception):
    """Base of every error the store raises; its message is fit for a person.

    Subclasses: ``StoreCorruptError`` (the file is not a readable store),
    ``StoreTooNewError`` (written by a newer Tresen), ``NotFoundError`` (an id
    or name that does not exist), ``InvalidInputError`` (a request the store
    refuses, e.g. an empty reply).
    """


class StoreCorruptError(StoreError):
    pass


class StoreTooNewError(StoreError):
    pass


class NotFoundError(StoreError):
    pass


class InvalidInputError(StoreError):
    pass


BUSY_TIMEOUT_MS = 10_000


WRITER_PRAGMAS = ("PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY")
"""Settings of the one writing connection, on top of ``_configure``.

A sync batch updates the message, conversation and search B-trees together;
with SQLite's default 2 MB page cache their interior pages evict each other
and ingest ran ~30% slower, so the writer gets 64 MB. Every conversation
insert fires the sidebar-tally trigger, and a statement that fires a trigger
keeps a statement journal, by default in a temporary file: in memory each
conversation insert costs 17 us instead of 38 us. Readers keep the defaults:
the window reads a screenful at a time."""


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    _configure(conn)
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        # Never write our schema into another program's database.
        raise sqlite3.DatabaseError("the file is an SQLite database of another program")
    if version > SCHEMA_VERSION:
        raise StoreTooNewError(
            f"this store was written by a newer Tresen (schema {version}, "
            f"this version reads up to {SCHEMA_VERSION}); please update Tresen"
        )
    if version == SCHEMA_VERSION:
        return
    script = "".join(MIGRATIONS[version:])
    try:
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;"
        )
    except sqlite3.OperationalError:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        # Another process may have upgraded the file while we waited.
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) != SCHEMA_VERSION:
            raise


class Store:
    """One store file: a read connection per thread and one write engine.

    Passed explicitly from the composition root; there is no global store.
    """

    def __init__(self, path: Path, clock: Clock = system_clock) -> None:
        self.path = path
        self.clock = clock
        self._local = threading.local()
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()
        self._readers: list[sqlite3.Connection] = []

    # -- reads ---------------------------------------------------------------
    def reader(self) -> sqlite3.Connection:
        """This thread's read connection (autocommit: each query sees the latest commit)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = _connect(self.path)
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
            self._readers.append(conn)
        return conn

    # -- writes --------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        with self._engine_lock:
            if self._engine is None:
                self._engine = _make_engine(self.path)
            return self._engine

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A Core connection inside one ``BEGIN IMMEDIATE`` transaction."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def write_cursor(self) -> Iterator[sqlite3.Cursor]:
        """A cursor of the writing connection inside one ``BEGIN IMMEDIATE``
        transaction, committed on success and rolled back on any error.

        For the bulk paths that write with plain ``executemany``: SQLAlchemy's
        transaction bookkeeping costs ~0.2 ms per transaction, as much as the
        commit itself for a page of 80 Mastodon statuses.
        """
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            raw.execute("BEGIN IMMEDIATE")
            try:
                yield raw.cursor()
            except BaseException:
                raw.execute("ROLLBACK")
                raise
            raw.execute("COMMIT")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session committed on success and rolled back on any error."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        for conn in self._readers:
            conn.close()
        self._readers.clear()
        self._local = threading.local()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def _make_engine(path: Path) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions begin.
        dbapi_conn.isolation_level = None
        _configure(dbapi_conn)
        for pragma in WRITER_PRAGMAS:
            dbapi_conn.execute(pragma)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def open_store(path: Path, clock: Clock = system_clock, *, create: bool = True) -> Store:
    """Open (and create or upgrade) the store at ``path``.

    Raises ``StoreCorruptError`` for a file that is not a Tresen store and
    ``StoreTooNewError`` for one written by a newer release; neither touches
    the file.
    """
    if not create and not path.exists():
        raise NotFoundError(f"no store at {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _connect(path)
        try:
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                # Refuse another program's database before anything (even the
                # switch to WAL, which rewrites the header) writes to it.
                _check_is_tresen(conn)
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            _migrate(conn)
            _check_is_tresen(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise StoreError(f"the store {path} is busy; try again") from exc
        raise StoreCorruptError(f"{path} is not a readable Tresen store ({exc})") from exc
    return Store(path, clock)


def _check_is_tresen(conn: sqlite3.Connection) -> None:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"workspace", "conversation", "message", "outbox_item"} <= tables:
        raise sqlite3.DatabaseError("the file is an SQLite database of another program")
