"""The sidebar tree view: picking an entry picks the list's filter."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from ui.models.sidebar import ACCOUNT_ROLE, FILTER_ROLE, KEY_ROLE, SIGN_IN_ROLE, SidebarModel


class SidebarView(QTreeView):
    """Signals:
    filter_selected(object): the ``ConversationFilter`` of the chosen entry.
    sign_in_requested(int): an account whose last sync needs a password or a new
        sign-in was clicked (or Enter pressed on it); the account id.
    """

    filter_selected = Signal(object)
    sign_in_requested = Signal(int)

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
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self.clicked.connect(self._on_clicked)

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

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            if index.isValid() and index.siblingAtColumn(0).data(SIGN_IN_ROLE):
                self.sign_in_requested.emit(int(index.siblingAtColumn(0).data(ACCOUNT_ROLE)))
                return
        super().keyPressEvent(event)
