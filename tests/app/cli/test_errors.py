"""Bad input: one line on stderr, a non-zero exit, and nothing half-written."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from app.paths import DataPaths
from app.store.schema import SCHEMA_VERSION
from tests.app.cli.conftest import Cli, Sample, store_digest


def assert_one_line_error(err: str, *fragments: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tresen: error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment.lower() in lines[0].lower(), lines[0]


DATA_ERRORS = [
    (["show", "999"], "no conversation with id 999"),
    (["reply", "999", "--text", "Hallo"], "no conversation"),
    (["reply", "{waiting}", "--text", "   \n  "], "empty"),
    (["reply", "{waiting}", "--text-file", "{missing}"], "cannot read"),
    (["reply", "{waiting}", "--text-file", "{directory}"], "cannot read"),
    (["reply", "{waiting}", "--text-file", "{latin1}"], "not UTF-8"),
    (["label", "{waiting}", "Rückruf", "--colour", "sparkly"], "unknown label colour"),
    (["label", "{waiting}", "Nie gesetzt", "--remove"], "has no label"),
    (["label", "999", "Rückruf"], "no conversation"),
    (["done", "999"], "no conversation"),
    (["reopen", "999"], "no conversation"),
    (["snooze", "{waiting}", "--until", "2001-01-01T00:00"], "future"),
    (["conversations", "--workspace", "Nirgendwo"], "no workspace"),
    (["conversations", "--label", "Gibtsnicht"], "no label"),
    (["search", "stream:everywhere"], "stream"),
    (["search", "before:gestern"], "date"),
    (["workspace", "add", "Riverside Bikes"], "already exists"),
    (["workspace", "add", "  "], "needs a name"),
    (["demo"], "already in this store"),  # the sample uses the demo's workspace names
]


@pytest.mark.parametrize(("args", "message"), DATA_ERRORS,
                         ids=[" ".join(a) for a, _ in DATA_ERRORS])
def test_data_errors_exit_1_and_change_nothing(cli: Cli, sample: Sample, data_dir: Path,
                                               tmp_path: Path, args: list[str],
                                               message: str) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Grüße".encode("latin-1"))
    values = {"waiting": str(sample.waiting), "missing": str(tmp_path / "nope.txt"),
              "directory": str(tmp_path), "latin1": str(latin1)}
    before = store_digest(DataPaths(data_dir).store)
    result = cli(*[a.format(**values) for a in args])
    assert result.code == 1
    assert result.out == ""
    assert_one_line_error(result.err, message)
    assert store_digest(DataPaths(data_dir).store) == before


USAGE_ERRORS = [
    (["show", "abc"], "expected a number"),
    (["show", "0"], "above 0"),
    (["reply", "{waiting}"], "one of the arguments --text --text-file is required"),
    (["reply", "{waiting}", "--text", "a", "--text-file", "b"], "not allowed"),
    (["snooze", "{waiting}", "--until", "next tuesday"], "ISO 8601"),
    (["snooze", "{waiting}", "--until", "2026-13-45"], "ISO 8601"),
    (["conversations", "--status", "maybe"], "invalid choice"),
    (["conversations", "--limit", "-3"], "above 0"),
    (["nonsense"], "invalid choice"),
    (["workspace"], "needs a command"),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS,
                         ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_usage_errors_exit_2_and_change_nothing(cli: Cli, sample: Sample, data_dir: Path,
                                                args: list[str], message: str) -> None:
    before = store_digest(DataPaths(data_dir).store)
    result = cli(*[a.format(waiting=sample.waiting) for a in args])
    assert result.code == 2
    assert_one_line_error(result.err, message)
    assert store_digest(DataPaths(data_dir).store) == before


def file_state(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.iterdir()) if p.is_file()}


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _foreign_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('not yours')")
    conn.commit()
    conn.close()


def _truncated_store(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)


@pytest.mark.parametrize("damage", [_random_bytes, _foreign_database, _truncated_store])
@pytest.mark.parametrize("args", [["workspaces", "--json"], ["workspace", "add", "Neu"],
                                  ["reply", "1", "--text", "Hallo"], ["demo"]])
def test_unreadable_store_is_refused_untouched(cli: Cli, data_dir: Path, damage: object,
                                               args: list[str]) -> None:
    data_dir.mkdir()
    assert callable(damage)
    damage(DataPaths(data_dir).store)
    before = file_state(data_dir)
    result = cli(*args)
    assert result.code == 1
    assert_one_line_error(result.err, "not a readable Tresen store")
    assert file_state(data_dir) == before


def test_store_from_a_newer_version_is_refused_untouched(cli: Cli, sample: Sample,
                                                         data_dir: Path) -> None:
    path = DataPaths(data_dir).store
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = file_state(data_dir)
    for args in (["conversations", "--json"], ["done", str(sample.waiting)]):
        result = cli(*args)
        assert result.code == 1
        assert_one_line_error(result.err, "newer Tresen")
    assert file_state(data_dir) == before


def test_reading_without_a_store_creates_nothing(cli: Cli, data_dir: Path) -> None:
    result = cli("conversations", "--json")
    assert result.code == 1
    assert_one_line_error(result.err, "no Tresen store", "tresen demo")
    assert not data_dir.exists()


def test_data_dir_that_is_a_file(cli: Cli, data_dir: Path) -> None:
    data_dir.write_text("just a file")
    result = cli("workspace", "add", "Neu")
    assert result.code == 1
    assert_one_line_error(result.err)
    assert data_dir.read_text() == "just a file"
