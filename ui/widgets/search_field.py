"""The search box over the list: searches as you type (debounced); Escape clears it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

DEBOUNCE_MS = 150


class SearchField(QLineEdit):
    """Signals:
    search(str): the query to show ("" = back to the sidebar's view).
    escaped(): Escape was pressed (the field is cleared; focus goes back to the list).
    submitted(): Enter was pressed (search now; focus goes to the results).
    """

    search = Signal(str)
    escaped = Signal()
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search")
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.search.emit(self.text()))
        self.textChanged.connect(lambda _t: self._timer.start())
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(QCoreApplication.translate(
            "SearchField", "Search all messages (/)  —  e.g. brot* from:anna is:unread"))

    def flush(self) -> None:
        """Search now instead of after the debounce (Enter, and tests)."""
        self._timer.stop()
        self.search.emit(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.flush()
            self.escaped.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.flush()
            self.submitted.emit()
            return
        super().keyPressEvent(event)
