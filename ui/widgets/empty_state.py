"""A friendly explanation in place of an empty pane: what is (not) here, and what to do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A title, a sentence and optional buttons, centred."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel()
        self.title.setObjectName("emptyTitle")
        self.text = QLabel()
        self.text.setObjectName("emptyText")
        self.text.setWordWrap(True)
        self.text.setFixedWidth(420)
        for label in (self.title, self.text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch()
        self._buttons.addStretch()
        self._button_list: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.title, alignment=Qt.AlignmentFlag.AlignCenter)
        text_row = QHBoxLayout()
        text_row.addStretch()
        text_row.addWidget(self.text)
        text_row.addStretch()
        layout.addLayout(text_row)
        layout.addSpacing(12)
        layout.addLayout(self._buttons)
        layout.addStretch(2)

    def set_text(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.text.setText(text)

    def add_button(self, text: str = "", primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        if primary:
            button.setObjectName("primary")
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        self._button_list.append(button)
        return button

    def buttons(self) -> list[QPushButton]:
        return list(self._button_list)
