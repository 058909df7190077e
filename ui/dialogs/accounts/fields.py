"""One input with room for its own error line right under it.

The add-account forms say what is wrong *where* it is wrong; a single error
box at the bottom makes people hunt for the field.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

__all__ = ["ERROR_STYLE", "Field"]

ERROR_STYLE = "QLabel#fieldError { color: #b42318; }"


class Field(QWidget):
    """``editor`` plus a hidden error label; ``set_error("")`` hides it again."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error)

    def set_error(self, text: str, detail: str = "") -> None:
        self.error.setText(text)
        self.error.setToolTip(detail)
        self.error.setVisible(bool(text))
