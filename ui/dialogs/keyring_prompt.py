"""Asks what to do when no keyring can keep a password: this session only, or cancel.

Saving a password anywhere else (a file, the store) is not on offer: that is
the promise ``services.secrets`` keeps. Session-only means the account works
until Tresen quits and its password is asked for again after a restart.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

__all__ = ["KeyringPrompt"]

TR_CONTEXT = "KeyringPrompt"


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


class KeyringPrompt(QMessageBox):
    """Open it with ``open()``; the answer arrives as a signal.

    Signals:
        decided(bool): True for "Use for this session only", False for "Cancel".
    """

    decided = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(_tr("No password store"))
        self.setText(_tr("Tresen cannot keep the password safely on this computer."))
        self.setInformativeText(_tr(
            "No keyring (password store) is available or it is locked. Install or unlock "
            "one (GNOME Keyring, KWallet, macOS Keychain, Windows Credential Locker) and "
            "try again, or use the account for this session only: the password stays in "
            "memory until Tresen quits, and Tresen asks for it again next time."))
        self.session_button = self.addButton(_tr("Use for this session only"),
                                             QMessageBox.ButtonRole.AcceptRole)
        self.cancel_button = self.addButton(_tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: QAbstractButton) -> None:
        self.decided.emit(button is self.session_button)


def ask_about_keyring(parent: QWidget, decided: Callable[[bool], None]) -> KeyringPrompt:
    """Open the prompt window-modally; ``decided`` gets the answer. The caller keeps
    the returned prompt (tests click it) until the answer arrives."""
    prompt = KeyringPrompt(parent)
    prompt.decided.connect(decided)
    prompt.finished.connect(prompt.deleteLater)
    prompt.open()
    return prompt
