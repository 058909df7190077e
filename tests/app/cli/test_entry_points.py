"""How tresen is started: the console script, ``python -m app``, and the window command."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from app import __version__
from app.cli import main
from tests.app.cli.conftest import Cli

COMMANDS = ("gui", "demo", "workspace", "workspaces", "conversations", "show", "search",
            "reply", "label", "done", "reopen", "snooze", "outbox")


def test_python_dash_m_app_help() -> None:
    result = subprocess.run([sys.executable, "-m", "app", "--help"], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: tresen")
    assert all(command in result.stdout for command in COMMANDS)


def test_console_script_runs_a_command(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("tresen")
    assert script.exists(), "install the package (pip install -e .) to get the tresen script"
    data = tmp_path / "data"
    added = subprocess.run([str(script), "--data-dir", str(data), "workspace", "add", "Café Ost"],
                           capture_output=True, text=True, timeout=60, check=False)
    assert added.returncode == 0, added.stderr
    listed = subprocess.run([str(script), "workspaces", "--data-dir", str(data), "--json"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert listed.returncode == 0, listed.stderr
    assert '"name": "Café Ost"' in listed.stdout
    bad = subprocess.run([str(script), "--data-dir", str(data), "show", "42"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 1
    assert bad.stderr == "tresen: error: no conversation with id 42\n"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"tresen {__version__}"


@pytest.fixture
def window_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stands in for ui.launch, which needs a display and is tested with the window."""
    calls: list[dict[str, Any]] = []
    module = types.ModuleType("ui.launch")

    def run(data_dir: Path, *, demo: bool, sync_factory: object, add_account: object,
            secrets: object = None) -> int:
        calls.append({"data_dir": data_dir, "demo": demo, "sync_factory": sync_factory,
                      "add_account": add_account, "secrets": secrets})
        return 3

    module.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.launch", module)
    return calls


def test_no_command_opens_the_window(window_calls: list[dict[str, Any]],
                                     data_dir: Path) -> None:
    assert main(["--data-dir", str(data_dir)]) == 3
    [call] = window_calls
    assert (call["data_dir"], call["demo"]) == (data_dir, False)
    assert callable(call["sync_factory"])
    assert callable(call["add_account"])
    assert type(call["secrets"]).__name__ == "SecretStore"  # the one the sync also uses


def test_gui_demo_opens_the_demo(window_calls: list[dict[str, Any]], cli: Cli,
                                 data_dir: Path) -> None:
    assert cli("gui", "--demo").code == 3
    [call] = window_calls
    assert (call["data_dir"], call["demo"]) == (data_dir, True)
    assert not data_dir.exists()  # the window, not the CLI, decides which store to open


def test_the_windows_sync_runner_sends_demo_replies(window_calls: list[dict[str, Any]],
                                                    tmp_path: Path) -> None:
    from app.store import ops, outbox
    from app.store.database import open_store
    from tests.factories import incoming, ingest, workspace_with_account

    assert main(["--data-dir", str(tmp_path), "gui", "--demo"]) == 3
    store = open_store(tmp_path / "s.sqlite3")
    _, acc = workspace_with_account(store)
    conv = ingest(store, acc, incoming("t", "Hallo?", sent_at=1)).conversation_ids.pop()
    ops.reply(store, conv, "Hallo zurück!")
    progress: list[str] = []
    window_calls[0]["sync_factory"](store).run_once(lambda _d, _t, text: progress.append(text))
    [item] = outbox.list_outbox(store.reader(), include_sent=True)
    assert item.state == "sent" and progress
    store.close()


def test_gui_without_qt_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    monkeypatch.setitem(sys.modules, "ui.launch", None)  # makes the import fail
    result = cli("gui")
    assert result.code == 1
    assert result.err.startswith("tresen: error: the window cannot start here")
    assert len(result.err.splitlines()) == 1
