"""The sidebar tree view: picking an entry picks the list's filter."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from ui.models.sidebar import FILTER_ROLE, KEY_ROLE, SidebarModel


class SidebarView(QTreeView):
    """Signals:
    filter_selected(object): the ``ConversationFilter`` of the chosen entry.
    """

    filter_selected = Signal(object)

    def __init__(self, model: SidebarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIndentation(14)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.selectionModel().currentRowChanged.connect(self._on_current)

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
