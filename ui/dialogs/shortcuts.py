"""The "?" overlay: every keyboard shortcut of the window, generated from its actions."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget


class ShortcutsDialog(QDialog):
    """Lists the actions it is given, so the help can never drift from the real keys."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("ShortcutsDialog", "Keyboard shortcuts"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        for row, action in enumerate(actions):
            keys = ", ".join(k.toString(k.SequenceFormat.NativeText) for k in action.shortcuts())
            key_label = QLabel(f"<b>{keys}</b>")
            key_label.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(QLabel(action.text().replace("&", "")), row, 1)
        extra = len(actions)
        for text, keys in (
            (QCoreApplication.translate("ShortcutsDialog", "Send the reply"), "Ctrl+Enter"),
            (QCoreApplication.translate("ShortcutsDialog", "Clear the search"), "Esc"),
        ):
            grid.addWidget(QLabel(f"<b>{keys}</b>"), extra, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(QLabel(text), extra, 1)
            extra += 1
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(buttons)
