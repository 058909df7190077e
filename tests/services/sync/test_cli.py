"""``tresen sync``: progress on stderr, a summary on stdout, failures in the exit code."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from app.paths import DataPaths
from app.store import ops, queries
from app.store.database import open_store
from tests.factories import incoming, ingest

ROOT = Path(__file__).resolve().parents[3]


def _data_dir(tmp_path: Path, *, broken_account: bool = False) -> tuple[Path, int]:
    store = open_store(DataPaths(tmp_path).store)
    ws = ops.create_workspace(store, "Bäckerei")
    acc = ops.create_account(store, ws, "demo", "Bäckerei", "hallo@baeckerei.example")
    conv = ingest(store, acc, incoming("t", "Brötchen?", sent_at=1_789_000_000)) \
        .conversation_ids.pop()
    ops.reply(store, conv, "Ja!")
    if broken_account:
        ops.create_account(store, ws, "carrier-pigeon", "Tauben", "taube@example.org")
    store.close()
    return tmp_path, conv


def _states(data_dir: Path, conv: int) -> list[str]:
    store = open_store(DataPaths(data_dir).store)
    try:
        return [m.state for m in queries.conversation_detail(store.reader(), conv).messages]
    finally:
        store.close()


def test_sync_once_sends_the_outbox_and_prints_a_json_summary(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir, conv = _data_dir(tmp_path)

    code = main(["--data-dir", str(data_dir), "sync", "--json"])

    out, err = capsys.readouterr()
    assert code == 0
    summary = json.loads(out)
    assert summary["ok"] is True
    assert [(a["name"], a["sent"], a["error"]) for a in summary["accounts"]] == [
        ("Bäckerei", 1, "")]
    assert "sync: Bäckerei: 0 messages" in err.splitlines()
    assert _states(data_dir, conv) == ["received", "sent"]


def test_a_failed_account_gives_exit_1_and_one_line_why(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir, conv = _data_dir(tmp_path, broken_account=True)

    code = main(["--data-dir", str(data_dir), "sync", "--quiet"])

    out, err = capsys.readouterr()
    assert code == 1
    assert err == ("tresen: error: account 2 (Tauben):"
                   " Tresen cannot sync 'carrier-pigeon' accounts yet\n")
    assert out.splitlines() == [
        "1  Bäckerei (demo): ok; 0 new, 0 changed, 1 sent",
        "2  Tauben (carrier-pigeon): FAILED; 0 new, 0 changed, 0 sent",
    ]
    assert _states(data_dir, conv) == ["received", "sent"]  # the other account still synced


def test_account_filter_and_bad_arguments(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir, conv = _data_dir(tmp_path, broken_account=True)

    assert main(["--data-dir", str(data_dir), "sync", "--account", "1", "--quiet"]) == 0
    assert main(["--data-dir", str(data_dir), "sync", "--account", "9"]) == 1
    assert main(["--data-dir", str(data_dir), "sync", "--password-stdin"]) == 2
    assert main(["--data-dir", str(data_dir), "sync", "--once", "--watch"]) == 2
    assert main(["--data-dir", str(tmp_path / "empty"), "sync"]) == 1

    err = capsys.readouterr().err
    assert "tresen: error: no account with id 9" in err
    assert "--password-stdin needs exactly one --account" in err
    assert "no Tresen store" in err
    assert _states(data_dir, conv) == ["received", "sent"]


def test_watch_keeps_syncing_until_interrupted(tmp_path: Path) -> None:
    data_dir, conv = _data_dir(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())",
         "--data-dir", str(data_dir), "sync", "--watch", "--interval", "1", "--quiet"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        started = time.monotonic()
        second = proc.stdout.readline()  # the next poll, about a second later
        waited = time.monotonic() - started
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert first == "1  Bäckerei (demo): ok; 0 new, 0 changed, 1 sent\n"
    assert second == "1  Bäckerei (demo): ok; 0 new, 0 changed, 0 sent\n"
    assert 0.5 < waited < 5
    assert proc.returncode == 0
    assert "sync: stopped" in err
    assert _states(data_dir, conv) == ["received", "sent"]
