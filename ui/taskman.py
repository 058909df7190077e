"""Runs every write off the GUI thread and reports back on it (after Anki's taskman).

One single-thread executor is *the* database writer: ops run there in the
order they were asked for, so two quick key presses can never race. A
second executor is for network work (sync), so a slow server never delays a
label. Results and errors are posted back to the GUI thread through a
queued signal; after each op one ``changed`` notification tells the views
what to refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Change:
    """What a write touched: some conversations, or (``everything``) anything."""

    conversation_ids: frozenset[int] = frozenset()
    everything: bool = False

    @classmethod
    def of(cls, ids: Iterable[int]) -> Change:
        return cls(frozenset(ids))

    @classmethod
    def all(cls) -> Change:
        return cls(everything=True)

    def touches(self, conversation_id: int | None) -> bool:
        return self.everything or conversation_id in self.conversation_ids


@dataclass(frozen=True, slots=True)
class _Outcome:
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException], None] | None
    change: Change | None
    result: Any = None
    error: BaseException | None = None


class TaskManager(QObject):
    """Database-writer and network executors with results delivered on the GUI thread.

    Signals:
        changed(Change): after an op finished (successfully or not) — refresh views.
        failed(str): an op raised and nobody handled it; the message is for a person.
    """

    changed = Signal(object)
    failed = Signal(str)
    _finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tresen-db")
        self._net = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tresen-net")
        self._pending = 0
        self._closed = False
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run_op(self, op: Callable[[], T], *, on_success: Callable[[T], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None,
               change: Change | None = None) -> None:
        """Run ``op`` on the database writer; then callbacks and ``changed`` on the GUI thread."""
        self._submit(self._db, op, on_success, on_failure, change)

    def run_net(self, job: Callable[[], T], *, on_success: Callable[[T], None] | None = None,
                on_failure: Callable[[BaseException], None] | None = None,
                change: Change | None = None) -> None:
        """Run network work (sync) on its own thread, never on the GUI or writer thread."""
        self._submit(self._net, job, on_success, on_failure, change)

    def notify(self, change: Change) -> None:
        self.changed.emit(change)

    @property
    def closed(self) -> bool:
        return self._closed

    def shutdown(self) -> None:
        """Wait for queued writes (nothing the person did may be lost), then stop."""
        self._closed = True
        self._db.shutdown(wait=True)
        self._net.shutdown(wait=True, cancel_futures=True)

    def _submit(self, executor: ThreadPoolExecutor, job: Callable[[], Any],
                on_success: Callable[[Any], None] | None,
                on_failure: Callable[[BaseException], None] | None,
                change: Change | None) -> None:
        self._pending += 1
        future = executor.submit(job)

        def done(fut: Future[Any]) -> None:
            error = fut.exception()
            result = None if error is not None else fut.result()
            # Emitted from the worker; Qt queues it to this object's (GUI) thread.
            self._finished.emit(_Outcome(on_success, on_failure, change, result, error))

        future.add_done_callback(done)

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        self._pending -= 1
        try:
            if outcome.error is None:
                if outcome.on_success is not None:
                    outcome.on_success(outcome.result)
            elif outcome.on_failure is not None:
                outcome.on_failure(outcome.error)
            else:
                self.failed.emit(str(outcome.error))
        finally:
            if outcome.change is not None:
                self.changed.emit(outcome.change)
