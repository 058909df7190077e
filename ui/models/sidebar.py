"""The sidebar tree: "All workspaces" and each workspace, with their views,
streams and labels, and a count column.

The tree is rebuilt only when workspaces or labels change; otherwise a
refresh rewrites the count column in place, so the selection and the
expanded state survive every change notification.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel

from app.store import queries
from app.store.queries import ConversationFilter, SidebarCounts, View

FILTER_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2

_VIEWS = (View.WAITING, View.OPEN, View.SNOOZED, View.DONE)
_STREAMS = ("direct", "mentions", "listening")


def view_name(view: View) -> str:
    names = {
        View.WAITING: QCoreApplication.translate("Sidebar", "Waiting for reply"),
        View.OPEN: QCoreApplication.translate("Sidebar", "Open"),
        View.SNOOZED: QCoreApplication.translate("Sidebar", "Snoozed"),
        View.DONE: QCoreApplication.translate("Sidebar", "Done"),
        View.ALL: QCoreApplication.translate("Sidebar", "All"),
    }
    return names[view]


def stream_name(stream: str) -> str:
    names = {
        "direct": QCoreApplication.translate("Sidebar", "Direct"),
        "mentions": QCoreApplication.translate("Sidebar", "Mentions"),
        "listening": QCoreApplication.translate("Sidebar", "Listening"),
    }
    return names.get(stream, stream)


def colour_dot(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pix)


class SidebarModel(QStandardItemModel):
    """Two columns: name and count. Each selectable item carries its ``ConversationFilter``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, 2, parent)
        self._shape: tuple[object, ...] = ()
        self._count_items: dict[tuple[object, ...], QStandardItem] = {}

    def refresh(self, conn: sqlite3.Connection) -> bool:
        """Re-read counts; returns True when the tree had to be rebuilt."""
        spaces = queries.workspaces(conn)
        labels = queries.labels(conn)
        shape = (tuple((w.id, w.name) for w in spaces),
                 tuple((lb.id, lb.workspace_id, lb.name, lb.colour) for lb in labels))
        rebuilt = shape != self._shape
        if rebuilt:
            self._shape = shape
            self._build(spaces, labels)
        self._set_counts(queries.sidebar_counts(conn))
        return rebuilt

    def retranslate(self) -> None:
        for row in range(self.rowCount()):
            self._retranslate(self.item(row, 0))

    def _retranslate(self, item: QStandardItem | None) -> None:
        if item is None:
            return
        key = item.data(KEY_ROLE)
        if key and key[0] == "all":
            item.setText(QCoreApplication.translate("Sidebar", "All workspaces"))
        elif key and key[0] == "view":
            item.setText(view_name(key[2]))
        elif key and key[0] == "stream":
            item.setText(stream_name(key[2]))
        for row in range(item.rowCount()):
            self._retranslate(item.child(row, 0))

    def _build(self, spaces: list[queries.WorkspaceInfo], labels: list[queries.LabelInfo]) -> None:
        self.removeRows(0, self.rowCount())
        self._count_items.clear()
        bold = QFont()
        bold.setBold(True)
        roots: list[tuple[int | None, str]] = [(None, "")]
        roots += [(w.id, w.name) for w in spaces]
        for ws_id, name in roots:
            top = QStandardItem(
                QCoreApplication.translate("Sidebar", "All workspaces") if ws_id is None else name)
            top.setFont(bold)
            top.setData(("all",) if ws_id is None else ("workspace", ws_id), KEY_ROLE)
            top.setData(ConversationFilter(workspace_id=ws_id, view=View.WAITING), FILTER_ROLE)
            top_count = self._count_item(("views", ws_id, View.WAITING.value, "top"))
            for view in _VIEWS:
                self._add(top, view_name(view), ("view", ws_id, view),
                          ConversationFilter(workspace_id=ws_id, view=view),
                          ("views", ws_id, view.value))
            for stream in _STREAMS:
                self._add(top, stream_name(stream), ("stream", ws_id, stream),
                          ConversationFilter(workspace_id=ws_id, stream=stream, view=View.OPEN),
                          ("streams", ws_id, stream))
            if ws_id is not None:
                for label in (lb for lb in labels if lb.workspace_id == ws_id):
                    item = self._add(top, label.name, ("label", ws_id, label.id),
                                     ConversationFilter(workspace_id=ws_id, label_id=label.id,
                                                        view=View.OPEN),
                                     ("labels", label.id))
                    item.setIcon(colour_dot(label.colour))
            self.appendRow([top, top_count])

    def _count_item(self, key: tuple[object, ...]) -> QStandardItem:
        item = QStandardItem("")
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setEditable(False)
        self._count_items[key] = item
        return item

    def _add(self, parent: QStandardItem, text: str, key: tuple[object, ...],
             flt: ConversationFilter, count_key: tuple[object, ...]) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(key, KEY_ROLE)
        item.setData(flt, FILTER_ROLE)
        parent.appendRow([item, self._count_item(count_key)])
        return item

    def _set_counts(self, counts: SidebarCounts) -> None:
        for key, item in self._count_items.items():
            n = 0
            if key[0] == "views":
                n = counts.views.get(key[1], {}).get(str(key[2]), 0)
                if key[2] in (View.DONE.value,):
                    n = 0  # "Done" grows forever; a count there is noise.
            elif key[0] == "streams":
                n = counts.streams.get(key[1], {}).get(str(key[2]), 0)
            elif key[0] == "labels":
                n = counts.labels.get(int(key[1]), 0)
            text = str(n) if n else ""
            if item.text() != text:
                item.setText(text)

    def find(self, key: tuple[object, ...]) -> QStandardItem | None:
        """The item with ``KEY_ROLE`` == ``key`` (for restoring a selection and in tests)."""
        for row in range(self.rowCount()):
            top = self.item(row, 0)
            if top is None:
                continue
            if top.data(KEY_ROLE) == key:
                return top
            for child_row in range(top.rowCount()):
                child = top.child(child_row, 0)
                if child is not None and child.data(KEY_ROLE) == key:
                    return child
        return None

    def count_text(self, key: tuple[object, ...]) -> str:
        item = self.find(key)
        if item is None:
            return ""
        parent = item.parent() or self.invisibleRootItem()
        count = parent.child(item.row(), 1)
        return count.text() if count is not None else ""
