"""``tresen account remove``: the account's rows, search rows and keyring entry go; others stay."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backends import fail

from app.cli import main
from app.paths import DataPaths
from app.store import ops
from app.store.database import open_store
from app.store.search import search
from services.secrets import SERVICE, SecretStore
from tests.factories import incoming, ingest
from tests.services.test_secrets import MemoryKeyring

T0 = 1_789_000_000


class LockedKeyring(MemoryKeyring):
    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("the keyring is locked")



def _two_clients(data: Path) -> tuple[int, int, int]:
    """Two workspaces; the same address in both, plus a second account in the first."""
    store = open_store(DataPaths(data).store)
    first = ops.create_workspace(store, "Bäckerei")
    second = ops.create_workspace(store, "Fahrradladen")
    a = ops.create_account(store, first, "email", "Bäckerei", "hallo@example.org", {})
    b = ops.create_account(store, first, "email", "Info", "info@baeckerei.example", {})
    c = ops.create_account(store, second, "email", "Laden", "hallo@example.org", {})
    for acc, word in ((a, "Zimtschnecke"), (b, "Zimtschnecke"), (c, "Speichenrad")):
        conv = ingest(store, acc, incoming(f"t{acc}", f"Eine {word} bitte", sent_at=T0),
                      cursors={"INBOX": f"cursor-{acc}"}).conversation_ids.pop()
        ops.reply(store, conv, f"Gern, die {word} ist reserviert")
        ops.set_label(store, conv, "Bestellung")
        SecretStore().set(acc, f"secret-{acc}")
    store.close()
    return a, b, c


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data: Path,
        *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _counts(data: Path, account_id: int) -> dict[str, int]:
    store = open_store(DataPaths(data).store)
    conn = store.reader()
    try:
        counts = {table: int(conn.execute(f"SELECT count(*) FROM {table} WHERE account_id = ?",
                                          (account_id,)).fetchone()[0])
                  for table in ("conversation", "message", "outbox_item", "sync_cursor")}
        counts["account"] = int(conn.execute("SELECT count(*) FROM account WHERE id = ?",
                                             (account_id,)).fetchone()[0])
        return counts
    finally:
        store.close()


def _search(data: Path, query: str) -> int:
    store = open_store(DataPaths(data).store)
    try:
        return len(search(store.reader(), query))
    finally:
        store.close()


def test_remove_by_id_takes_rows_search_rows_and_keyring_entry(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        memory_keyring: MemoryKeyring) -> None:
    a, b, c = _two_clients(tmp_path)
    before_b, before_c = _counts(tmp_path, b), _counts(tmp_path, c)
    assert _counts(tmp_path, a)["message"] == 2 and _search(tmp_path, "Zimtschnecke") == 2

    code, out, err = run(monkeypatch, capsys, tmp_path, "account", "remove", str(a))

    assert (code, out, err) == (0, f"removed account {a} (hallo@example.org)\n", "")
    assert set(_counts(tmp_path, a).values()) == {0}
    assert _search(tmp_path, "Zimtschnecke") == 1  # only b's conversation is still found
    assert _search(tmp_path, "Speichenrad") == 1
    assert (_counts(tmp_path, b), _counts(tmp_path, c)) == (before_b, before_c)
    assert memory_keyring.entries == {(SERVICE, f"account:{b}"): f"secret-{b}",
                                      (SERVICE, f"account:{c}"): f"secret-{c}"}
    store = open_store(DataPaths(tmp_path).store)
    try:
        conn = store.reader()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # The contentless index forgot the removed rows: every hit is a live message.
        hits = {r[0] for r in conn.execute(
            "SELECT rowid FROM message_fts WHERE message_fts MATCH 'Zimtschnecke'")}
        live = {r[0] for r in conn.execute("SELECT id FROM message WHERE account_id = ?",
                                           (b,))}
        assert hits == live and len(hits) == 2
    finally:
        store.close()


def test_remove_by_identity_needs_it_to_be_unambiguous(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        memory_keyring: MemoryKeyring) -> None:
    a, b, c = _two_clients(tmp_path)

    code, out, err = run(monkeypatch, capsys, tmp_path, "account", "remove", "Hallo@Example.org")
    assert (code, out) == (1, "")
    assert err == (f"tresen: error: 'Hallo@Example.org' names several accounts ({a}, {c});"
                   " give the id or --workspace\n")

    code, out, _ = run(monkeypatch, capsys, tmp_path, "account", "remove", "hallo@example.org",
                       "--workspace", "Fahrradladen")
    assert (code, out) == (0, f"removed account {c} (hallo@example.org)\n")
    code, out, _ = run(monkeypatch, capsys, tmp_path, "account", "remove",
                       "info@baeckerei.example")
    assert (code, out) == (0, f"removed account {b} (info@baeckerei.example)\n")
    assert _counts(tmp_path, a)["message"] == 2
    assert list(memory_keyring.entries) == [(SERVICE, f"account:{a}")]


def test_unknown_account_and_locked_keyring_remove_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        memory_keyring: MemoryKeyring) -> None:
    a, _b, _c = _two_clients(tmp_path)

    assert run(monkeypatch, capsys, tmp_path, "account", "remove", "99")[2] == (
        "tresen: error: no account '99'; see 'tresen account list'\n")
    assert run(monkeypatch, capsys, tmp_path, "account", "remove", "x@y.example",
               "--workspace", "Nirgendwo")[2] == "tresen: error: no workspace 'Nirgendwo'\n"

    locked = LockedKeyring()
    locked.entries = dict(memory_keyring.entries)
    keyring.set_keyring(locked)
    code, _, err = run(monkeypatch, capsys, tmp_path, "account", "remove", str(a))
    assert code == 1
    assert err.startswith("tresen: error: ") and err.endswith(f"Account {a} was not removed.\n")
    assert len(err.splitlines()) == 1
    assert _counts(tmp_path, a)["account"] == 1
    assert (SERVICE, f"account:{a}") in locked.entries


def test_remove_works_without_any_keyring(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring) -> None:
    a, _b, _c = _two_clients(tmp_path)
    keyring.set_keyring(fail.Keyring())
    code, out, err = run(monkeypatch, capsys, tmp_path, "account", "remove", str(a))
    assert (code, out, err) == (0, f"removed account {a} (hallo@example.org)\n", "")
    assert _counts(tmp_path, a)["account"] == 0
