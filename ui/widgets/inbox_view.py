"""The conversation list: a ``QTableView`` with fixed row heights over ``InboxModel``.

A table with a fixed vertical header never asks the model for each row's
size, so layout costs nothing per row even with 100,000 conversations.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFocusEvent, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.models.inbox import InboxModel
from ui.widgets.inbox_delegate import ROW_HEIGHT


class InboxView(QTableView):
    """Signals:
    current_conversation_changed(object): the id under the cursor, or None.
    first_painted(): emitted once, after the first paint with rows in it.
    """

    current_conversation_changed = Signal(object)
    first_painted = Signal()

    def __init__(self, model: InboxModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inbox")
        self._painted = False
        self._last_row = -1
        self.keep_position = True
        """False while the list changes to another filter: then nothing is auto-selected."""
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        horizontal = self.horizontalHeader()
        horizontal.hide()
        horizontal.setStretchLastSection(True)
        model.modelAboutToBeReset.connect(self._remember_row)
        model.layoutAboutToBeChanged.connect(self._remember_row)
        model.modelReset.connect(self._after_refresh)
        model.layoutChanged.connect(self._after_refresh)
        selection = self.selectionModel()
        selection.currentRowChanged.connect(self._on_current)

    def inbox(self) -> InboxModel:
        model = self.model()
        assert isinstance(model, InboxModel)
        return model

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self.inbox().conversation_id(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        model = self.inbox()
        if not 0 <= row < model.rowCount():
            return
        index = model.index(row, 0)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.scrollTo(index)

    def step(self, step: int) -> None:
        """j/k: the next or previous conversation (the first one if none is current)."""
        current = self.currentIndex()
        row = current.row() + step if current.isValid() else 0
        self.select_row(max(0, min(row, self.inbox().rowCount() - 1)))

    def _remember_row(self) -> None:
        self._last_row = self.currentIndex().row() if self.keep_position else -1

    def _after_refresh(self) -> None:
        """When the current conversation left the list (done, snoozed), take its neighbour."""
        if not self.currentIndex().isValid():
            count = self.inbox().rowCount()
            if self._last_row >= 0 and count:
                self.select_row(min(self._last_row, count - 1))
            else:
                self.current_conversation_changed.emit(None)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        conv_id = self.inbox().conversation_id(current.row()) if current.isValid() else None
        self.current_conversation_changed.emit(conv_id)

    def repaint_rows(self) -> None:
        """Repaint the rows on screen: their times age and their words follow the language."""
        if self.isVisible():  # a hidden view paints afresh when shown; and before the window
            # is first shown, the first ``viewport()`` would make PySide create a Python
            # class for every kind of widget to find the viewport's (≈40 ms)
            self.viewport().update()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Focus alone opens nothing (Qt would make the first row current and so mark it
        read); j, a click or Enter does."""
        QWidget.focusInEvent(self, event)
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted and self.inbox().rowCount():
            self._painted = True
            self.first_painted.emit()
