"""Runs one blocking job (a connection test) off the GUI thread and reports back on it.

Not ``TaskManager.run_net``: its single network thread may be busy with a
first sync for minutes, and a person waiting for "Test" must not queue
behind it. The thread is a daemon so a server that never answers cannot
keep Tresen from quitting; ``cancel`` drops a late answer instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

__all__ = ["Background"]


class Background(QObject):
    """Keep it unparented: the worker thread holds a reference until it has reported."""

    _done = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._generation = 0
        self._done.connect(self._deliver)

    def run(self, job: Callable[[], Any], on_success: Callable[[Any], None],
            on_failure: Callable[[Exception], None]) -> None:
        self._generation += 1
        generation = self._generation

        def work() -> None:
            try:
                outcome: tuple[int, Callable[[Any], None], Any] = (generation, on_success, job())
            except Exception as exc:
                outcome = (generation, on_failure, exc)
            # Emitted from the worker; Qt queues it to this object's (GUI) thread.
            self._done.emit(outcome)

        threading.Thread(target=work, name="tresen-account-test", daemon=True).start()

    def cancel(self) -> None:
        """Forget the running job: its answer, when it comes, is dropped."""
        self._generation += 1

    @Slot(object)
    def _deliver(self, outcome: tuple[int, Callable[[Any], None], Any]) -> None:
        generation, callback, value = outcome
        if generation == self._generation:
            callback(value)
