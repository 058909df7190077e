"""Start-up: real store vs demo store, the empty state's way into the demo, settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from app.paths import DataPaths
from app.settings import load_settings
from app.store import queries
from app.store.database import Store
from tests.factories import incoming, ingest, workspace_with_account
from ui.launch import Shell
from ui.network import NetworkMonitor


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
