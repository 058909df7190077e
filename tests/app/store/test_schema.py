"""Migrations upgrade real store files in place and agree with the models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import SQLModel

import app.store.models  # noqa: F401  (registers the tables)
from app.store import ops, queries
from app.store.database import StoreCorruptError, StoreTooNewError, open_store
from app.store.schema import MIGRATIONS, SCHEMA_VERSION


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_store_uses_wal_full_sync_and_current_version(store: object, tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "store.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    reader = store.reader()  # type: ignore[attr-defined]
    assert reader.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_migrated_schema_matches_the_models(store: object, tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "store.sqlite3")
    for table in SQLModel.metadata.sorted_tables:
        assert _columns(conn, table.name) == {c.name for c in table.columns}, table.name


def test_first_schema_with_data_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    conn.executescript("""
        INSERT INTO workspace (id, name, language, created_at) VALUES (1, 'Alt', 'de', 1);
        INSERT INTO account (id, workspace_id, kind, display_name, identity, created_at)
            VALUES (1, 1, 'demo', 'Alt', 'alt@example.org', 1);
        INSERT INTO conversation (id, workspace_id, account_id, thread_key, stream, subject,
            last_activity, unread, waiting_since) VALUES (1, 1, 1, 't', 'direct', 'Frage', 5, 1, 5);
        INSERT INTO message (id, account_id, conversation_id, remote_id, direction, sent_at,
            text, state) VALUES (1, 1, 1, '<1@x>', 'in', 5, 'Hallo Welt', 'received');
        INSERT INTO message_fts (rowid, subject, body, author)
            VALUES (1, 'Frage', 'Hallo Welt', '');
    """)
    conn.close()

    store = open_store(path)
    try:
        reader = store.reader()
        assert reader.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "last_sync_at" in _columns(reader, "account")
        rows = queries.conversation_rows(reader, [1])
        assert rows[1].subject == "Frage" and rows[1].unread
        from app.store.search import search
        assert search(reader, "welt") == [1]
        ops.set_label(store, 1, "Neu")
        assert [c.name for c in queries.conversation_rows(reader, [1])[1].labels] == ["Neu"]
    finally:
        store.close()


def test_fourth_schema_with_data_gets_the_search_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript("".join(MIGRATIONS[:4]) + "PRAGMA user_version = 4;")
    conn.executescript("""
        INSERT INTO workspace (id, name, language, created_at) VALUES (1, 'Alt', 'de', 1);
        INSERT INTO account (id, workspace_id, kind, display_name, identity, created_at)
            VALUES (1, 1, 'demo', 'Alt', 'alt@example.org', 1);
        INSERT INTO conversation (id, workspace_id, account_id, thread_key, stream, subject,
            last_activity, unread) VALUES (1, 1, 1, 't', 'direct', 'Frage', 5, 1),
            (2, 1, 1, 'u', 'direct', 'Dank', 6, 0);
        INSERT INTO message (id, account_id, conversation_id, remote_id, direction, sent_at,
            text, state) VALUES (1, 1, 1, '<1@x>', 'in', 5, 'Rechnung offen', 'received'),
            (2, 1, 2, '<2@x>', 'in', 6, 'Rechnungen bezahlt', 'received');
        INSERT INTO message_fts (rowid, subject, body, author)
            VALUES (1, 'Frage', 'Rechnung offen', ''), (2, 'Dank', 'Rechnungen bezahlt', '');
    """)
    conn.close()

    store = open_store(path)
    try:
        reader = store.reader()
        assert reader.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        terms = reader.execute("SELECT DISTINCT term FROM message_terms WHERE term >= 'r'"
                               " AND term < 's'").fetchall()
        assert terms == [("rechnung",), ("rechnungen",)]
        from app.store.search import search
        assert search(reader, "rech*") == [2, 1]
        assert search(reader, "rech* is:unread") == [1]
    finally:
        store.close()


def test_store_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNewError, match="newer Tresen"):
        open_store(path)
    assert path.read_bytes() == before


def test_random_bytes_are_reported_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"\x00garbage" * 500)
    with pytest.raises(StoreCorruptError, match="not a readable Tresen store"):
        open_store(path)
    assert path.read_bytes() == b"\x00garbage" * 500


def test_another_programs_database_is_not_written_to(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreCorruptError, match="another program"):
        open_store(path)
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("notes",)]
