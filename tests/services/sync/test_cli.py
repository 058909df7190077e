"""``tresen sync``: progress on stderr, a summary on stdout, failures in the exit code."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from app.cli import main
from app.paths import DataPaths
from app.store import ops, queries
from app.store.database import open_store
from tests.child_process import CLI, Child
from tests.factories import incoming, ingest


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


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_watch_keeps_syncing_until_interrupted(tmp_path: Path, sig: int) -> None:
    data_dir, conv = _data_dir(tmp_path)
    child = Child([*CLI, "--data-dir", str(data_dir), "sync", "--watch", "--interval", "1",
                    "--quiet"])
    try:
        # Generous timeouts: a loaded machine starts Python slowly; the checks stay exact.
        first = child.next_line(60)
        started = time.monotonic()
        second = child.next_line(60)  # the next poll, about a second later
        waited = time.monotonic() - started
        code, took, err = child.stop(sig, timeout=30)
    finally:
        child.close()
    assert first == "1  Bäckerei (demo): ok; 0 new, 0 changed, 1 sent\n"
    assert second == "1  Bäckerei (demo): ok; 0 new, 0 changed, 0 sent\n"
    assert waited > 0.5  # it waited for the interval rather than spinning
    assert code == 0
    assert err.splitlines()[-1] == "sync: stopped"
    assert "Traceback" not in err
    assert took < 10
    assert _states(data_dir, conv) == ["received", "sent"]


# A watch whose engine is (almost) always inside ``stop.wait``: the old SIGTERM handler
# called ``stop.set()`` there and deadlocked on the event's lock at once.
_SPINNING_WATCH = """
import argparse, io, sys, threading
from app.cli import sync

class Engine:
    def watch(self, stop, interval, idle_hook=None, **_kwargs):
        print("ready", flush=True)
        while not stop.is_set():
            stop.wait(0)

code = sync._watch(Engine(), argparse.Namespace(json=False, account=None),
                   argparse.Namespace(out=io.StringIO()), None, 300.0)
sys.exit(code)
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_watch_whatever_the_engine_is_doing(sig: int) -> None:
    for _ in range(3):
        child = Child(["-c", _SPINNING_WATCH])
        try:
            assert child.next_line(60) == "ready\n"
            code, took, err = child.stop(sig, timeout=20)
        finally:
            child.close()
        assert (code, err) == (0, "sync: stopped\n")
        assert took < 5
