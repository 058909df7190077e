"""Settings: the UI language (System / English / Deutsch), applied at once, and the
way to each workspace's Availability page."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QWidget,
)


class SettingsDialog(QDialog):
    """Signals:
    language_chosen(str): "system", "en" or "de".
    availability_requested(): open the Availability page (hours, closures, notice).
    """

    language_chosen = Signal(str)
    availability_requested = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("SettingsDialog", "Settings"))
        self.language = QComboBox()
        self.language.addItem(QCoreApplication.translate("SettingsDialog", "System"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("Deutsch", "de")
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QCoreApplication.translate("SettingsDialog", "Language:"), self.language)
        self.availability_button = QPushButton(
            QCoreApplication.translate("SettingsDialog", "Availability…"))
        self.availability_button.setToolTip(QCoreApplication.translate(
            "SettingsDialog", "Opening hours, closures and the away notice of each workspace"))
        self.availability_button.clicked.connect(self.availability_requested)
        form.addRow(QCoreApplication.translate("SettingsDialog", "Opening hours:"),
                    self.availability_button)
        form.addRow(buttons)

    def accept(self) -> None:
        self.language_chosen.emit(str(self.language.currentData()))
        super().accept()
