"""GUI fixtures: a real store with a small realistic inbox and a window on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from app.records import Direction, Stream
from app.store import ops
from app.store.database import Store
from tests.conftest import FakeClock
from tests.factories import incoming, ingest, workspace_with_account
from ui.main_window import MainWindow, WindowContext
from ui.network import NetworkMonitor
from ui.taskman import TaskManager

HOUR = 3600
# The offscreen platform plugin says these whenever a top-level window has a
# size constraint or a popup menu opens; they describe the test platform,
# not our code.
OFFSCREEN_NOISE = (r"^This plugin does not support "
                   r"(propagateSizeHints\(\)|raise\(\)|grabbing the (keyboard|mouse))$")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@dataclass
class Inbox:
    """Ids of the sample data, for assertions."""

    workspace_id: int
    account_id: int
    bike_workspace_id: int
    conversations: dict[str, int]


def fill(store: Store, clock: FakeClock) -> Inbox:
    now = clock.now
    ws, acc = workspace_with_account(store)
    bike_ws, bike_acc = workspace_with_account(store, "Radladen Kette", "email",
                                               "service@kette.example")
    ingest(store, acc,
           incoming("t-anna", "Ist meine Torte für Samstag fertig?", sent_at=now - 5 * HOUR,
                    subject="Torte Samstag"),
           incoming("t-ben", "Do you have gluten-free bread?", sent_at=now - 3 * HOUR,
                    author="Ben Miller", handle="ben@example.com", subject="Gluten-free"),
           incoming("t-cara", "Danke für die schnelle Antwort!", sent_at=now - 30 * HOUR,
                    author="Cara Roth", handle="cara@example.de", subject="Danke", read=True),
           incoming("t-cara", "Gern geschehen!", sent_at=now - 29 * HOUR,
                    author="Bäckerei Sonnenschein", handle="hallo@sonnenschein.example",
                    subject="Re: Danke", direction=Direction.OUT))
    ingest(store, bike_acc,
           incoming("t-dora", "My chain keeps slipping", sent_at=now - 1 * HOUR,
                    author="Dora Lee", handle="dora@example.net", subject="Chain",
                    stream=Stream.MENTIONS))
    conn = store.reader()
    ids = {key: conn.execute("SELECT id FROM conversation WHERE thread_key = ?",
                             (key,)).fetchone()[0]
           for key in ("t-anna", "t-ben", "t-cara", "t-dora")}
    ops.create_label(store, ws, "Reklamation", "red")
    return Inbox(ws, acc, bike_ws, ids)


@pytest.fixture
def inbox(store: Store, clock: FakeClock) -> Inbox:
    return fill(store, clock)


@pytest.fixture
def make_window(qtbot: QtBot, store: Store) -> Iterator[Callable[..., MainWindow]]:
    taskmen: list[TaskManager] = []

    def make(**kwargs: object) -> MainWindow:
        taskman = kwargs.pop("taskman", None)
        if not isinstance(taskman, TaskManager):
            taskman = TaskManager()
            taskmen.append(taskman)
        ctx = WindowContext(store=store, taskman=taskman,
                            network=NetworkMonitor(use_os_backend=False), **kwargs)  # type: ignore[arg-type]
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield make
    for taskman in taskmen:
        taskman.shutdown()


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until every queued op has run and its change notification was handled."""
    qtbot.waitUntil(lambda: not window.ctx.taskman.busy, timeout=5_000)
