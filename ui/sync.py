"""Background sync: runs the sync engine on the network thread, never on the GUI thread.

The engine itself lives in ``services.sync``; the window only needs this
small protocol, so ui/ does not depend on services/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from ui.taskman import Change, TaskManager


class SyncRunner(Protocol):
    def run_once(self, progress: Callable[[int, int, str], None]) -> None:
        """Pull every account and send due outbox items; call ``progress(done, total, text)``."""


class SyncScheduler(QObject):
    """Runs ``runner.run_once`` now and then every ``interval_ms``; one run at a time.

    Signals:
        started()
        progress(int, int, str): forwarded from the runner (queued to the GUI thread).
        finished(str): "" on success, else the error for a person.
    """

    started = Signal()
    progress = Signal(int, int, str)
    finished = Signal(str)

    def __init__(self, taskman: TaskManager, runner: SyncRunner, interval_ms: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._taskman = taskman
        self._runner = runner
        self.running = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(1_000, interval_ms))
        self._timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        self._timer.start()
        self.sync_now()

    def stop(self) -> None:
        self._timer.stop()

    def sync_now(self) -> None:
        if self.running:
            return
        self.running = True
        self.started.emit()
        self._taskman.run_net(lambda: self._runner.run_once(self.progress.emit),
                              on_success=lambda _r: self._done(""),
                              on_failure=lambda exc: self._done(str(exc) or type(exc).__name__),
                              change=Change.all())

    def _done(self, error: str) -> None:
        self.running = False
        self.finished.emit(error)
