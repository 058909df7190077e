"""The conversation list model: ids up front, rows on demand (after Anki's browser table).

A filter or search yields only conversation *ids*, and only as many as the
person has scrolled to: the first ``ID_CHUNK`` come from one indexed query
with a LIMIT (well under a millisecond even with 100,000 conversations);
Qt's ``fetchMore`` asks for the next chunk when the view nears the end.
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
    Signal,
)

from app.store import queries, search
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
    """

    refreshed = Signal()
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
        self._limit = ID_CHUNK
        self._more = False
        self.search_error = ""

    # -- what is listed ------------------------------------------------------
    @property
    def filter(self) -> ConversationFilter:
        return self._filter

    @property
    def search_query(self) -> str:
        return self._query

    def set_filter(self, flt: ConversationFilter) -> None:
        self._filter = flt
        self._limit = ID_CHUNK
        self.refresh(None)

    def set_search(self, query: str) -> None:
        self._query = query.strip()
        self._limit = ID_CHUNK
        self.refresh(None)

    def _conn(self) -> sqlite3.Connection:
        return self._store.reader()

    def _query_ids(self) -> list[int]:
        """The first ``self._limit`` ids; sets ``_more`` when there may be others."""
        self.search_error = ""
        if not self._query:
            ids = queries.conversation_ids(self._conn(), self._filter, limit=self._limit)
            self._more = len(ids) == self._limit
            return ids
        self._more = False
        try:
            return search.search(self._conn(), self._query, limit=SEARCH_LIMIT,
                                 workspace_id=self._filter.workspace_id)
        except Exception as exc:  # the store's InvalidInputError, worded for a person
            self.search_error = str(exc)
            return []

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        """The view neared the end: load the next chunk of ids."""
        if parent.isValid() or not self._more:
            return
        self._limit = len(self._ids) + ID_CHUNK
        new_ids = self._query_ids()
        old = len(self._ids)
        if new_ids[:old] != self._ids:
            self._relayout(new_ids)  # something changed meanwhile
            return
        if len(new_ids) > old:
            self.beginInsertRows(QModelIndex(), old, len(new_ids) - 1)
            self._ids = new_ids
            self._positions = None
            self.endInsertRows()

    def refresh(self, changed: Iterable[int] | None) -> None:
        """Re-query ids; drop cached rows of ``changed`` (``None``: all of them)."""
        self._limit = max(self._limit, len(self._ids))
        if changed is None:
            self._rows.clear()
        else:
            for conv_id in changed:
                self._rows.pop(conv_id, None)
        new_ids = self._query_ids()
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
