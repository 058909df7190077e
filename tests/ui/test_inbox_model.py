"""The conversation list model: Qt's model contract, lazy rows, stable selection."""

from __future__ import annotations

import sys

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.records import Batch
from app.store import ops
from app.store.database import Store
from app.store.ingest import apply_batch
from app.store.queries import ConversationFilter, View
from tests.conftest import FakeClock
from tests.factories import incoming, workspace_with_account
from tests.ui.conftest import Inbox
from ui.models.inbox import ID_ROLE, ROW_ROLE, InboxModel


def _many(store: Store, clock: FakeClock, n: int) -> None:
    _ws, acc = workspace_with_account(store)
    apply_batch(store, acc, Batch(messages=tuple(
        incoming(f"bulk-{i}", f"Frage {i}", sent_at=clock.now - i * 60, subject=f"Nr. {i}",
                 handle=f"kunde{i}@example.org", author=f"Kunde {i}")
        for i in range(n))))


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, store: Store,
                                      inbox: Inbox) -> None:
    model = InboxModel(store)
    model.set_filter(ConversationFilter(view=View.ALL))
    assert model.rowCount() == 4
    qtmodeltester.check(model, force_py=True)
    ops.set_label(store, inbox.conversations["t-ben"], "Reklamation")
    model.refresh([inbox.conversations["t-ben"]])
    qtmodeltester.check(model, force_py=True)


def test_rows_load_lazily_in_pages_and_cache_is_bounded(store: Store, clock: FakeClock,
                                                        qtbot: QtBot) -> None:
    _many(store, clock, 1_000)
    model = InboxModel(store)
    model.PAGE = 50
    model.CACHE_LIMIT = 200
    # The first chunk of ids is there at once; the rest arrives from a worker thread.
    with qtbot.waitSignal(model.complete, timeout=5_000):
        model.set_filter(ConversationFilter(view=View.WAITING))
        assert model.rowCount() == 500 and not model.is_complete
    assert model.rowCount() == 1_000 and model.is_complete
    assert model.cached_count() == 0
    row = model.index(500, 0).data(ROW_ROLE)
    # Waiting view: longest waiting first, so row 500 is thread bulk-499.
    assert row.subject == "Nr. 499"
    assert 0 < model.cached_count() <= 50
    for r in range(0, 1_000, 40):
        model.index(r, 0).data(ROW_ROLE)
    assert model.cached_count() <= 200


def test_change_marks_rows_stale_and_reloads_them(store: Store, inbox: Inbox) -> None:
    model = InboxModel(store)
    model.set_filter(ConversationFilter(view=View.ALL))
    ben = inbox.conversations["t-ben"]
    row = model.row_of(ben)
    assert row is not None
    assert model.index(row, 0).data(ROW_ROLE).labels == ()
    ops.set_label(store, ben, "Reklamation")
    # Without a notification the cache still holds the old row ...
    assert model.index(row, 0).data(ROW_ROLE).labels == ()
    model.refresh([ben])
    assert [c.name for c in model.index(model.row_of(ben) or 0, 0).data(ROW_ROLE).labels] == [
        "Reklamation"]


def test_refresh_moves_persistent_indexes_with_their_conversation(
        store: Store, inbox: Inbox, clock: FakeClock) -> None:
    model = InboxModel(store)
    model.set_filter(ConversationFilter(view=View.OPEN))
    cara = inbox.conversations["t-cara"]
    anna = inbox.conversations["t-anna"]
    kept = QPersistentModelIndex(model.index(model.row_of(cara) or 0, 0))
    gone = QPersistentModelIndex(model.index(model.row_of(anna) or 0, 0))
    ops.mark_done(store, anna)
    model.refresh([anna])
    assert model.row_of(anna) is None
    assert not gone.isValid()
    assert kept.isValid() and kept.data(ID_ROLE) == cara


def test_display_role_names_contact_and_subject(store: Store, inbox: Inbox) -> None:
    model = InboxModel(store)
    model.set_filter(ConversationFilter(view=View.ALL))
    texts = {model.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(4)}
    assert "Ben Miller — Gluten-free" in texts


class _Numbers(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.n = 0

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.n

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        return index.row() if index.isValid() else None


def test_pyside_keeps_none_refcount_across_insert_rows() -> None:
    """PySide6 6.12.0 drops a reference to None per begin/endInsertRows pair (and
    then aborts the interpreter); the pinned version must not."""
    model = _Numbers()
    before = sys.getrefcount(None)
    for _ in range(1_000):
        model.beginInsertRows(QModelIndex(), model.n, model.n)
        model.n += 1
        model.endInsertRows()
    after = sys.getrefcount(None)
    assert model.rowCount() == 1_000
    assert after >= before - 10, f"None lost {before - after} references"


def test_a_stale_background_answer_is_dropped(store: Store, clock: FakeClock,
                                              qtbot: QtBot) -> None:
    _many(store, clock, 1_200)
    model = InboxModel(store)
    model.set_filter(ConversationFilter(view=View.ALL))  # long: completes in the background
    first = model.conversation_id(0)
    assert first is not None
    ops.mark_done(store, first)
    with qtbot.waitSignal(model.complete, timeout=5_000):
        model.set_filter(ConversationFilter(view=View.DONE))  # short: complete at once
    qtbot.wait(200)  # let the first filter's worker answer arrive, if it was going to
    assert model.rowCount() == 1 and model.conversation_id(0) == first
