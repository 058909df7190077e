"""Which workspace the new account belongs to: an existing one, or a new one named here.

Creating the workspace inline spares a first-time user a second dialog; it
is only created when the account is saved, so cancelling leaves nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

from app.store.queries import WorkspaceInfo
from ui.dialogs.accounts.fields import Field

__all__ = ["WorkspacePicker"]

TR_CONTEXT = "AddAccount"
NEW = -1


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


class WorkspacePicker(QWidget):
    """A list of workspaces plus "New workspace…", which shows a name field."""

    def __init__(self, workspaces: list[WorkspaceInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        for ws in workspaces:
            self.combo.addItem(ws.name, ws.id)
        self.combo.addItem(_tr("New workspace…"), NEW)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_tr("Name of the new workspace, e.g. your business"))
        self.field = Field(self.name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.combo)
        layout.addWidget(self.field)
        self.combo.currentIndexChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        self.field.setVisible(self.combo.currentData() == NEW)
        self.field.set_error("")

    def choice(self) -> int | str:
        """A workspace id, or the name for a new workspace."""
        data = self.combo.currentData()
        return self.name.text().strip() if data == NEW else int(data)

    def choose_new(self, name: str) -> None:
        self.combo.setCurrentIndex(self.combo.findData(NEW))
        self.name.setText(name)
