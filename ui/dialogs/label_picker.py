"""Pick a label to toggle on a conversation — or type a new name to create it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.store.queries import LabelInfo
from ui.models.sidebar import colour_dot


class LabelPicker(QDialog):
    """Type to filter; Enter toggles the highlighted label or creates the typed one.

    Signals:
        chosen(str, bool): label name and whether it should now be present.
    """

    chosen = Signal(str, bool)

    def __init__(self, labels: list[LabelInfo], present: set[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("LabelPicker", "Label"))
        self._present = present
        self.field = QLineEdit()
        self.field.setPlaceholderText(QCoreApplication.translate(
            "LabelPicker", "Type to find or create a label"))
        self.list = QListWidget()
        self.hint = QLabel()
        self.hint.setObjectName("emptyText")
        for label in labels:
            item = QListWidgetItem(colour_dot(label.colour), label.name)
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            item.setCheckState(Qt.CheckState.Checked if label.name in present
                               else Qt.CheckState.Unchecked)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.list.addItem(item)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.field.textChanged.connect(self._filter)
        self.field.returnPressed.connect(self.choose)
        self.list.itemActivated.connect(lambda _item: self.choose())
        self.resize(300, 320)
        self._filter("")

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        first: QListWidgetItem | None = None
        exact = False
        for i in range(self.list.count()):
            item = self.list.item(i)
            name = str(item.data(Qt.ItemDataRole.UserRole))
            visible = needle in name.casefold()
            item.setHidden(not visible)
            if visible and first is None:
                first = item
            exact = exact or name.casefold() == needle
        if first is not None:
            self.list.setCurrentItem(first)
        if needle and not exact:
            self.hint.setText(QCoreApplication.translate(
                "LabelPicker", "Enter creates the label “%1”.").replace("%1", text.strip()))
        else:
            self.hint.setText(QCoreApplication.translate(
                "LabelPicker", "Enter adds or removes the highlighted label."))

    def choose(self) -> None:
        """An exact name wins, then the highlighted match, then the typed text as a new label."""
        text = self.field.text().strip()
        names = [str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
                 for i in range(self.list.count())]
        item = self.list.currentItem()
        exact = next((n for n in names if n.casefold() == text.casefold()), None)
        if exact is not None:
            name = exact
        elif item is not None and not item.isHidden():
            name = str(item.data(Qt.ItemDataRole.UserRole))
        elif text:
            name = text
        else:
            return
        self.chosen.emit(name, name not in self._present)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.field.hasFocus():
            self.list.keyPressEvent(event)
            return
        super().keyPressEvent(event)
