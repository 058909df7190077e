"""Writes leave the GUI thread and come back as one change; sync runs on the network thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from app.store.database import Store
from tests.factories import incoming, ingest
from tests.ui.conftest import Inbox
from ui.network import NetworkMonitor
from ui.sync import SyncScheduler
from ui.taskman import Change, TaskManager


def test_ops_run_on_one_writer_thread_and_report_on_the_gui_thread(qtbot: QtBot) -> None:
    taskman = TaskManager()
    threads: list[str] = []
    delivered: list[tuple[int, str]] = []
    changes: list[Change] = []
    taskman.changed.connect(changes.append)
    try:
        for i in range(3):
            taskman.run_op(lambda i=i: (threads.append(threading.current_thread().name), i)[1],
                           on_success=lambda r: delivered.append(
                               (r, threading.current_thread().name)),
                           change=Change.of([i]))
        qtbot.waitUntil(lambda: len(changes) == 3)
    finally:
        taskman.shutdown()
    assert len(set(threads)) == 1 and threads[0].startswith("tresen-db")
    assert delivered == [(0, "MainThread"), (1, "MainThread"), (2, "MainThread")]
    assert [c.conversation_ids for c in changes] == [frozenset({0}), frozenset({1}),
                                                      frozenset({2})]


def test_failed_op_reports_error_and_still_notifies(qtbot: QtBot) -> None:
    taskman = TaskManager()
    errors: list[str] = []
    taskman.failed.connect(errors.append)

    def boom() -> None:
        raise ValueError("the reply is empty")

    try:
        with qtbot.waitSignal(taskman.changed):
            taskman.run_op(boom, change=Change.all())
    finally:
        taskman.shutdown()
    assert errors == ["the reply is empty"]


class StoreSync:
    """A sync runner that writes a real batch, as the engine would, and reports progress."""

    def __init__(self, store: Store, account_id: int, now: int) -> None:
        self.store, self.account_id, self.now = store, account_id, now
        self.threads: list[str] = []

    def run_once(self, progress: Callable[[int, int, str], None]) -> None:
        self.threads.append(threading.current_thread().name)
        progress(0, 2, "Bäckerei: fetching")
        ingest(self.store, self.account_id,
               incoming("t-new", "Habt ihr morgen Brezeln?", sent_at=self.now,
                        author="Emil Brandt", handle="emil@example.org", subject="Brezeln"))
        progress(2, 2, "Bäckerei: done")


def test_sync_runs_off_the_gui_thread_and_refreshes_the_list(
        qtbot: QtBot, make_window, store: Store, inbox: Inbox) -> None:
    runner = StoreSync(store, inbox.account_id, store.clock())
    taskman = TaskManager()
    scheduler = SyncScheduler(taskman, runner, 60_000)
    window = make_window(sync=scheduler, taskman=taskman)
    before = window.inbox_model.rowCount()
    progress: list[tuple[int, int, str]] = []
    scheduler.progress.connect(lambda d, t, s: progress.append((d, t, s)))
    try:
        with qtbot.waitSignal(scheduler.finished) as finished:
            scheduler.start()
        qtbot.waitUntil(lambda: window.inbox_model.rowCount() == before + 1)
    finally:
        scheduler.stop()
        taskman.shutdown()
    assert finished.args == [""]
    assert runner.threads and runner.threads[0].startswith("tresen-net")
    assert progress[-1] == (2, 2, "Bäckerei: done")
    assert not window.status.progress.isVisible()
    assert window.status.online_label.text() in ("Online", "Offline")


def test_network_monitor_reports_a_state_without_blocking(qtbot: QtBot) -> None:
    monitor = NetworkMonitor(use_os_backend=False)
    assert monitor.online in (True, False)


def test_window_without_sync_is_truthfully_offline(qtbot: QtBot, make_window,
                                                   inbox: Inbox) -> None:
    window = make_window()
    assert window.status.online_label.text() == "Offline"
    assert window.status.online_label.toolTip() == "No account can sync yet."
    assert window.status.sync_label.text() == "never synced"
    assert window.status.pending_label.text() == "all sent"
