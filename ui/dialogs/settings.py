"""Settings: for now the UI language (System / English / Deutsch), applied at once."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QWidget


class SettingsDialog(QDialog):
    """Signals:
    language_chosen(str): "system", "en" or "de".
    """

    language_chosen = Signal(str)

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
        form.addRow(buttons)

    def accept(self) -> None:
        self.language_chosen.emit(str(self.language.currentData()))
        super().accept()
