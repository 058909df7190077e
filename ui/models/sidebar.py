"""The sidebar tree: "All workspaces" and each workspace, with their views,
streams, labels and accounts, and a count column.

The tree is rebuilt only when workspaces, labels or accounts change;
otherwise a refresh rewrites the counts and each account's sync status in
place, so the selection and the expanded state survive every change
notification.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel

from app.store import queries
from app.store.queries import AccountInfo, ConversationFilter, SidebarCounts, View
from ui.assets import channel_icon_name, icon
from ui.models import account_status

FILTER_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
ACCOUNT_ROLE = Qt.ItemDataRole.UserRole + 3  # the account id on an account's row
SIGN_IN_ROLE = Qt.ItemDataRole.UserRole + 4  # True when a click should ask to sign in

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


def channel_of(account: AccountInfo) -> str:
    """The channel an account stands for (a demo account names the one it imitates)."""
    return str(account.settings.get("channel") or account.kind)


class SidebarModel(QStandardItemModel):
    """Two columns: name and count. Each selectable item carries its ``ConversationFilter``.

    Account rows show two lines (name, sync status); their count column holds
    a warning icon while the last sync failed.
    """

    def __init__(self, clock: Callable[[], int], parent: QObject | None = None) -> None:
        super().__init__(0, 2, parent)
        self._clock = clock
        self._shape: tuple[object, ...] = ()
        self._count_items: dict[tuple[object, ...], QStandardItem] = {}
        self._account_items: dict[int, tuple[QStandardItem, QStandardItem]] = {}
        self._accounts: list[AccountInfo] = []
        self._warning: QIcon | None = None

    def refresh(self, conn: sqlite3.Connection, *, counts: bool = True) -> bool:
        """Re-read counts and account status; returns True when the tree was rebuilt.

        ``counts=False`` builds the entries only (the window's first paint)."""
        spaces = queries.workspaces(conn)
        labels = queries.labels(conn)
        accounts = queries.accounts(conn)
        shape = (tuple((w.id, w.name) for w in spaces),
                 tuple((lb.id, lb.workspace_id, lb.name, lb.colour) for lb in labels),
                 tuple((a.id, a.workspace_id, a.display_name, channel_of(a)) for a in accounts))
        rebuilt = shape != self._shape
        if rebuilt:
            self._shape = shape
            self._build(spaces, labels, accounts)
        if counts:
            self._set_counts(queries.sidebar_counts(conn))
        self._accounts = accounts
        self.refresh_status()
        return rebuilt

    def refresh_status(self) -> None:
        """Rewrite each account's status line ("synced 3 min ago" ages without a change)."""
        now = self._clock()
        for account in self._accounts:
            items = self._account_items.get(account.id)
            if items is None:
                continue
            name, badge = items
            text = f"{account.display_name}\n{account_status.status_line(account, now)}"
            tip = account_status.tooltip(account, now)
            if name.text() != text:
                name.setText(text)
            for item in items:
                if item.toolTip() != tip:
                    item.setToolTip(tip)
            sign_in = account_status.needs_sign_in(account)
            name.setData(sign_in, SIGN_IN_ROLE)
            badge.setData(sign_in, SIGN_IN_ROLE)
            failed = bool(account.last_error)
            if bool(badge.data(Qt.ItemDataRole.UserRole)) != failed:
                badge.setData(failed, Qt.ItemDataRole.UserRole)
                badge.setIcon(self._warning_icon() if failed else QIcon())

    def _warning_icon(self) -> QIcon:
        if self._warning is None:
            self._warning = icon("warning")
        return self._warning

    def account(self, account_id: int) -> AccountInfo | None:
        """The account on a row, as last refreshed (its kind decides its menu)."""
        return next((a for a in self._accounts if a.id == account_id), None)

    def account_status(self, account_id: int) -> str:
        """The account row's status line (for tests and accessibility)."""
        items = self._account_items.get(account_id)
        return items[0].text().partition("\n")[2] if items else ""

    def retranslate(self) -> None:
        for row in range(self.rowCount()):
            self._retranslate(self.item(row, 0))
        self.refresh_status()

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
        elif key and key[0] == "accounts":
            item.setText(QCoreApplication.translate("Sidebar", "Accounts"))
        for row in range(item.rowCount()):
            self._retranslate(item.child(row, 0))

    def _build(self, spaces: list[queries.WorkspaceInfo], labels: list[queries.LabelInfo],
               accounts: list[AccountInfo]) -> None:
        self.removeRows(0, self.rowCount())
        self._count_items.clear()
        self._account_items.clear()
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
                self._add_accounts(top, ws_id, [a for a in accounts if a.workspace_id == ws_id])
            self.appendRow([top, top_count])

    def _add_accounts(self, top: QStandardItem, ws_id: int, accounts: list[AccountInfo]) -> None:
        if not accounts:
            return
        section = QStandardItem(QCoreApplication.translate("Sidebar", "Accounts"))
        section.setEditable(False)
        section.setSelectable(False)
        section.setData(("accounts", ws_id), KEY_ROLE)
        section.setForeground(QColor("#616e7c"))
        spacer = QStandardItem("")
        spacer.setEditable(False)
        spacer.setSelectable(False)
        for account in accounts:
            item = QStandardItem(account.display_name)
            item.setEditable(False)
            item.setIcon(icon(channel_icon_name(channel_of(account))))
            item.setData(("account", ws_id, account.id), KEY_ROLE)
            item.setData(account.id, ACCOUNT_ROLE)
            item.setData(ConversationFilter(workspace_id=ws_id, account_id=account.id,
                                            view=View.OPEN), FILTER_ROLE)
            badge = QStandardItem("")
            badge.setEditable(False)
            badge.setData(account.id, ACCOUNT_ROLE)
            section.appendRow([item, badge])
            self._account_items[account.id] = (item, badge)
        top.appendRow([section, spacer])

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
        stack = [self.item(row, 0) for row in range(self.rowCount())]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            if item.data(KEY_ROLE) == key:
                return item
            stack.extend(item.child(row, 0) for row in range(item.rowCount()))
        return None

    def count_text(self, key: tuple[object, ...]) -> str:
        item = self.find(key)
        if item is None:
            return ""
        parent = item.parent() or self.invisibleRootItem()
        count = parent.child(item.row(), 1)
        return count.text() if count is not None else ""
