""""Send later → Choose a time…": a date-time picker that refuses the past."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime
from PySide6.QtWidgets import QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QWidget

TR_CONTEXT = "SendLater"
MIN_DELAY_S = 60


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


class SendLaterDialog(QDialog):
    """Pick the moment a reply leaves; ``chosen()`` is epoch seconds."""

    def __init__(self, now: int, proposal: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Send later"))
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setMinimumDateTime(QDateTime.fromSecsSinceEpoch(now + MIN_DELAY_S))
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(max(proposal, now + MIN_DELAY_S)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_tr("Schedule"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_tr("Send at:"), self.when)
        form.addRow(buttons)

    def chosen(self) -> int:
        return int(self.when.dateTime().toSecsSinceEpoch())
