"""The sidebar tree view: picking an entry picks the list's filter; an account
line's context menu holds what concerns that account (older mail of an email
account, whose first sync fetched only recent mail)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QRadioButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.models.sidebar import ACCOUNT_ROLE, FILTER_ROLE, KEY_ROLE, SIGN_IN_ROLE, SidebarModel

TR_CONTEXT = "SidebarView"


def _tr(text: str) -> str:
    """Shorthand for this module's strings; ``ui.i18n_catalog`` extracts ``_tr`` calls."""
    return QCoreApplication.translate(TR_CONTEXT, text)


class HistoryDialog(QDialog):
    """How far back an email account's mail should go; ``days()`` is 0 for everything.

    Offers three round choices rather than a date: the owner wants "more of
    the past", and each choice is one request the next syncs carry out.
    """

    def __init__(self, account_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(_tr("Fetch older messages"))
        layout = QVBoxLayout(self)
        self.intro = QLabel(_tr("The first sync of {account} fetched only recent mail. How far"
                                " back should Tresen fetch? It fetches in the background; new"
                                " mail keeps arriving meanwhile.").format(account=account_name))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.options = {183: QRadioButton(_tr("Last 6 months")),
                        365: QRadioButton(_tr("Last year")),
                        0: QRadioButton(_tr("Everything"))}
        for button in self.options.values():
            layout.addWidget(button)
        self.options[365].setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.fetch_button = buttons.addButton(_tr("Fetch"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.fetch_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def days(self) -> int:
        return next(days for days, button in self.options.items() if button.isChecked())


class SidebarView(QTreeView):
    """Signals:
    filter_selected(object): the ``ConversationFilter`` of the chosen entry.
    sign_in_requested(int): an account whose last sync needs a password or a new
        sign-in was clicked (or Enter pressed on it); the account id.
    history_requested(int, int): the owner asked for an email account's older
        mail; the account id and how many days back (0 = everything).
    """

    filter_selected = Signal(object)
    sign_in_requested = Signal(int)
    history_requested = Signal(int, int)

    def __init__(self, model: SidebarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setModel(model)
        self.setHeaderHidden(True)
        # Account rows are two lines high (name, sync status); the tree is small.
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIndentation(14)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.history_dialog: HistoryDialog | None = None
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self.clicked.connect(self._on_clicked)
        self.customContextMenuRequested.connect(self._on_context_menu)

    def sidebar(self) -> SidebarModel:
        model = self.model()
        assert isinstance(model, SidebarModel)
        return model

    def current_key(self) -> object:
        index = self.currentIndex()
        return index.siblingAtColumn(0).data(KEY_ROLE) if index.isValid() else None

    def select_key(self, key: tuple[object, ...]) -> bool:
        item = self.sidebar().find(key)
        if item is None:
            return False
        self.selectionModel().setCurrentIndex(
            item.index(), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        flt = current.siblingAtColumn(0).data(FILTER_ROLE) if current.isValid() else None
        if flt is not None:
            self.filter_selected.emit(flt)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.data(SIGN_IN_ROLE):
            self.sign_in_requested.emit(int(index.data(ACCOUNT_ROLE)))

    def account_menu(self, index: QModelIndex) -> QMenu | None:
        """The context menu of an account line; None where there is nothing to offer."""
        account_id = index.siblingAtColumn(0).data(ACCOUNT_ROLE) if index.isValid() else None
        account = self.sidebar().account(int(account_id)) if account_id is not None else None
        if account is None or account.kind != "email":
            return None
        menu = QMenu(self)
        action = menu.addAction(_tr("Fetch older messages…"))
        action.setObjectName("fetchHistory")
        action.triggered.connect(lambda: self.ask_for_history(account.id))
        return menu

    def ask_for_history(self, account_id: int) -> None:
        """Open the "how far back" dialog; accepting it emits ``history_requested``."""
        account = self.sidebar().account(account_id)
        if account is None:
            return
        dialog = HistoryDialog(f"{account.display_name} ({account.identity})", self)
        dialog.accepted.connect(
            lambda: self.history_requested.emit(account_id, dialog.days()))
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.history_dialog = dialog
        dialog.open()

    def _forget(self, dialog: HistoryDialog) -> None:
        if self.history_dialog is dialog:
            self.history_dialog = None
        dialog.deleteLater()

    def _on_context_menu(self, pos: QPoint) -> None:
        menu = self.account_menu(self.indexAt(pos))
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.viewport().mapToGlobal(pos))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            if index.isValid() and index.siblingAtColumn(0).data(SIGN_IN_ROLE):
                self.sign_in_requested.emit(int(index.siblingAtColumn(0).data(ACCOUNT_ROLE)))
                return
        super().keyPressEvent(event)
