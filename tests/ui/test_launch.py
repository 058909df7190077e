"""Start-up: real store vs demo store, the empty state's way into the demo, settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from app.cli.gui import WindowSyncRunner
from app.paths import DataPaths
from app.settings import load_settings
from app.store import queries
from app.store.database import Store, open_store
from tests.factories import incoming, ingest, workspace_with_account
from ui.launch import Shell
from ui.network import NetworkMonitor

ROOT = Path(__file__).resolve().parents[2]


def small_demo(store: Store) -> None:
    _ws, acc = workspace_with_account(store)
    ingest(store, acc, incoming("demo-1", "Habt ihr Dinkelbrot?", sent_at=store.clock() - 600,
                                subject="Dinkelbrot"))


@pytest.fixture
def shell(qapp: QApplication, tmp_path: Path, qtbot: QtBot) -> Iterator[Shell]:
    s = Shell(qapp, tmp_path, demo_builder=small_demo,
              network=NetworkMonitor(use_os_backend=False))
    yield s
    if s.window is not None:
        s.window.close()
    s.close()
    s.translations.apply("en")


def test_demo_opens_its_own_store_filled_once(shell: Shell, tmp_path: Path) -> None:
    window = shell.open(demo=True)
    assert window.windowTitle() == "Tresen — Demo"
    assert window.pages.currentWidget() is window.splitter
    assert window.inbox_model.rowCount() == 1
    assert shell.store is not None and shell.store.path == DataPaths(tmp_path).demo_store
    assert not DataPaths(tmp_path).store.exists(), "the demo never touches real data"
    shell.open(demo=True)
    assert len(queries.workspaces(shell.store.reader())) == 1


def test_empty_real_store_offers_the_demo(shell: Shell, qtbot: QtBot, tmp_path: Path) -> None:
    window = shell.open(demo=False)
    assert window.pages.currentWidget() is window.no_accounts
    assert window.open_demo_button.isEnabled()
    assert not window.add_account_button.isEnabled()
    window.open_demo_button.click()
    qtbot.waitUntil(lambda: shell.window is not window, timeout=5_000)
    assert shell.window is not None
    assert shell.window.ctx.is_demo
    assert shell.window.inbox_model.rowCount() == 1


def test_language_choice_is_saved(shell: Shell, tmp_path: Path) -> None:
    shell.open(demo=True)
    shell.set_language("de")
    assert load_settings(DataPaths(tmp_path).settings).language == "de"
    assert shell.translations.language == "de"


FIRST_PAINT = """
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication, QWidget
from ui.launch import Shell

app = QApplication([])
shell = Shell(app, Path(sys.argv[1]))
window = shell.open(False)
painted = []
window.inbox.first_painted.connect(lambda: painted.append(sorted(sys.modules)))
deadline = time.time() + 30
while not painted and time.time() < deadline:
    app.processEvents()
classes, todo = set(), [QWidget]
while todo:
    for sub in todo.pop().__subclasses__():
        classes.add(sub.__name__)
        todo.append(sub)
print(json.dumps({"modules": painted[0] if painted else None, "widgets": sorted(classes)}))
"""


def test_the_first_paint_loads_only_what_it_shows(tmp_path: Path) -> None:
    """A cold start paints its rows before it loads the ORM, the schedule rules, the
    thread page, the dialogs or the network monitor (each is loaded right after)."""
    store = open_store(DataPaths(tmp_path).store)
    small_demo(store)
    store.close()
    done = subprocess.run([sys.executable, "-c", FIRST_PAINT, str(tmp_path)], cwd=ROOT,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                          capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["modules"] is not None, "no rows were painted"
    loaded = set(seen["modules"])
    assert "ui.models.inbox" in loaded
    assert loaded.isdisjoint({
        "sqlalchemy", "app.store.ops", "app.availability", "app.sanitize",
        "ui.widgets.safe_browser", "ui.widgets.reply_editor", "ui.dialogs.label_picker",
        "ui.dialogs.settings", "ui.dialogs.snooze", "PySide6.QtNetwork"})
    # Asking Qt for a widget Python did not create (e.g. a view's viewport) makes
    # PySide create every widget class to find its type; none of these is used.
    assert not {"QCalendarWidget", "QDial", "QLCDNumber"} & set(seen["widgets"])


class CountingRunner:
    def __init__(self) -> None:
        self.runs = 0

    def run_once(self, progress: Callable[[int, int, str], None]) -> None:
        self.runs += 1


def test_the_first_sync_waits_for_the_first_paint(qapp: QApplication, tmp_path: Path,
                                                  qtbot: QtBot) -> None:
    runners: dict[Path, CountingRunner] = {}

    def sync_factory(store: Store) -> CountingRunner:
        return runners.setdefault(store.path, CountingRunner())

    shell = Shell(qapp, tmp_path, demo_builder=small_demo, sync_factory=sync_factory,
                  network=NetworkMonitor(use_os_backend=False))
    try:
        first = shell.open(demo=False)
        first_scheduler = shell.scheduler
        assert first_scheduler is not None and not first_scheduler.running
        window = shell.open(demo=True)  # switched before the first window was ready
        assert shell.scheduler is not None and not shell.scheduler.running
        first.ready.emit()  # its first paint, late: the store it would sync is closed
        assert not first_scheduler.running
        with qtbot.waitSignal(window.ready, timeout=5_000):
            pass
        qtbot.waitUntil(lambda: runners[DataPaths(tmp_path).demo_store].runs == 1)
        assert runners[DataPaths(tmp_path).store].runs == 0
    finally:
        if shell.window is not None:
            shell.window.close()
        shell.close()


class Engine:
    def __init__(self) -> None:
        self.runs = 0

    def run_once(self, progress: Callable[[int, int, str], None]) -> SimpleNamespace:
        self.runs += 1
        return SimpleNamespace(failed=[])


def test_the_windows_sync_engine_is_built_by_its_first_run() -> None:
    """``tresen gui`` builds the engine (channel adapters, the ORM) on the sync thread."""
    built: list[Engine] = []

    def build() -> Engine:
        built.append(Engine())
        return built[-1]

    runner = WindowSyncRunner(build)  # type: ignore[arg-type]
    assert built == []
    runner.run_once(lambda _done, _total, _text: None)
    runner.run_once(lambda _done, _total, _text: None)
    assert len(built) == 1 and built[0].runs == 2
