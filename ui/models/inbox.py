"""The conversation list model: ids up front, rows on demand (after Anki's browser table).

A filter or search yields only conversation *ids*. The first ``ID_CHUNK``
come from one indexed query with a LIMIT (well under a millisecond even with
100,000 conversations), so the list paints at once; the complete id list
(tens of milliseconds at that size) follows from a worker thread and is
appended, after which the scroll bar is true and any row is one jump away.
Rows are loaded a page at a time around the row the view asks for and kept
in a bounded cache; a change notification drops the touched entries, so the
next paint reloads just those. ``refresh`` re-runs the id query and moves
persistent indexes (the selection) with their conversation instead of
resetting the view.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    Signal,
)

from app.store import queries
from app.store.database import Store
from app.store.queries import ConversationFilter, ConversationRow

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_LIMIT = 1_000
ID_CHUNK = 500

Index = QModelIndex | QPersistentModelIndex


class InboxModel(QAbstractTableModel):
    """One column; the delegate paints a whole conversation per row.

    Signals:
        refreshed(): the id list was re-queried (rows may have come or gone).
        complete(): every id of the current filter is listed (after a refresh of
            a long list, once the worker thread delivered the rest).
    """

    refreshed = Signal()
    complete = Signal()
    _rest_loaded = Signal(int, object)
    PAGE = 120
    CACHE_LIMIT = 3_000

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._filter = ConversationFilter(view=queries.View.WAITING)
        self._query = ""
        self._ids: list[int] = []
        self._rows: dict[int, ConversationRow | None] = {}
        self._positions: dict[int, int] | None = None
        self._more = False
        self._generation = 0
        self._held = False
        self.hold_completion = False
        """While True, the complete id list is not fetched yet: the worker thread
        would compete for the GIL with the very first paint."""
        self.search_error = ""
        self._rest_loaded.connect(self._on_rest_loaded)

    # -- what is listed ------------------------------------------------------
    @property
    def filter(self) -> ConversationFilter:
        return self._filter

    @property
    def search_query(self) -> str:
        return self._query

    def set_filter(self, flt: ConversationFilter) -> None:
        self._filter = flt
        self.refresh(None, restart=True)

    def set_search(self, query: str) -> None:
        self._query = query.strip()
        self.refresh(None, restart=True)

    def _conn(self) -> sqlite3.Connection:
        return self._store.reader()

    def _query_ids(self, limit: int | None) -> list[int]:
        """Ids in list order (at most ``limit``); sets ``_more`` when others may follow."""
        self.search_error = ""
        if not self._query:
            ids = queries.conversation_ids(self._conn(), self._filter, limit=limit)
            self._more = limit is not None and len(ids) == limit
            return ids
        self._more = False
        from app.store import search  # with the first search, not with the first paint

        try:
            return search.search(self._conn(), self._query, limit=SEARCH_LIMIT,
                                 workspace_id=self._filter.workspace_id)
        except Exception as exc:  # the store's InvalidInputError, worded for a person
            self.search_error = str(exc)
            return []

    def release_completion(self) -> None:
        """The first paint is done: fetch the complete id list now if one was held."""
        self.hold_completion = False
        if self._held:
            self._held = False
            self._load_rest()

    def _load_rest(self) -> None:
        """Fetch the complete id list off the GUI thread; stale answers are dropped."""
        if self.hold_completion:
            self._held = True
            return
        self._generation += 1
        generation, flt, store = self._generation, self._filter, self._store

        def job() -> None:
            try:
                ids = queries.conversation_ids(store.reader(), flt)
                self._rest_loaded.emit(generation, ids)
            except Exception:  # the store closed or the model is gone: nothing to show
                return

        QThreadPool.globalInstance().start(job)

    def _on_rest_loaded(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation:
            return
        old = len(self._ids)
        if ids[:old] == self._ids:
            if len(ids) > old:
                self.beginInsertRows(QModelIndex(), old, len(ids) - 1)
                self._ids = ids
                self._positions = None
                self.endInsertRows()
        else:
            self._relayout(ids)  # something changed meanwhile
        self._more = False
        self.complete.emit()

    @property
    def is_complete(self) -> bool:
        return not self._more

    def refresh(self, changed: Iterable[int] | None, *, restart: bool = False) -> None:
        """Re-query ids; drop cached rows of ``changed`` (``None``: all of them).

        ``restart`` (a new filter or search) lists the first chunk at once and
        completes the list in the background.
        """
        if changed is None:
            self._rows.clear()
        else:
            for conv_id in changed:
                self._rows.pop(conv_id, None)
        # A list the person already scrolled through stays whole (one query);
        # a new or short one shows its first chunk now and completes in the background.
        limit = ID_CHUNK if restart or len(self._ids) <= ID_CHUNK else None
        new_ids = self._query_ids(limit)
        if new_ids == self._ids:
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 0))
        elif not self._ids or not new_ids:
            self.beginResetModel()
            self._ids = new_ids
            self._positions = None
            self.endResetModel()
        else:
            self._relayout(new_ids)
        self.refreshed.emit()
        if self._more:
            self._load_rest()
        else:
            self._generation += 1  # a pending background answer is stale now
            self.complete.emit()

    def _relayout(self, new_ids: list[int]) -> None:
        """Swap the id list while persistent indexes follow their conversation."""
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        self._ids = new_ids
        self._positions = None
        persistent = self.persistentIndexList()
        moved = []
        for index in persistent:
            row = index.row()
            conv_id = old_ids[row] if 0 <= row < len(old_ids) else None
            new_row = self.row_of(conv_id) if conv_id is not None else None
            moved.append(QModelIndex() if new_row is None
                         else self.createIndex(new_row, index.column()))
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    # -- lookups ---------------------------------------------------------------
    def conversation_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, conversation_id: int | None) -> int | None:
        if conversation_id is None:
            return None
        if self._positions is None:
            self._positions = {conv_id: i for i, conv_id in enumerate(self._ids)}
        return self._positions.get(conversation_id)

    def row_data(self, row: int) -> ConversationRow | None:
        conv_id = self.conversation_id(row)
        if conv_id is None:
            return None
        if conv_id not in self._rows:
            self._load_page(row)
        return self._rows.get(conv_id)

    def cached_count(self) -> int:
        return len(self._rows)

    def _load_page(self, row: int) -> None:
        start = max(0, row - self.PAGE // 2)
        wanted = [i for i in self._ids[start : start + self.PAGE] if i not in self._rows]
        loaded = queries.conversation_rows(self._conn(), wanted)
        overflow = len(self._rows) + len(wanted) - self.CACHE_LIMIT
        if overflow > 0:
            for old in list(self._rows)[:overflow]:
                del self._rows[old]
        for conv_id in wanted:
            # None marks a row deleted since the id query; the next refresh drops it.
            self._rows[conv_id] = loaded.get(conv_id)

    # -- Qt model API ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != 0:
            return None
        if role == ID_ROLE:
            return self.conversation_id(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                        ROW_ROLE):
            return None
        row = self.row_data(index.row())
        if role == ROW_ROLE:
            return row
        if row is None:
            return ""
        return f"{row.contact} — {row.subject or row.snippet}"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)
