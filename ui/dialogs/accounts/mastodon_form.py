"""The Mastodon page of "Add account": the server's address, then the browser does the rest.

Tresen never sees the Mastodon password: the person signs in on their own
server's page in the system browser, which hands Tresen a token. While the
browser is open the page says so, shows the address (to copy when no
browser opened) and offers to cancel.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.dialogs.accounts.fields import Field

__all__ = ["MastodonForm"]

TR_CONTEXT = "AddAccount"


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


class MastodonForm(QWidget):
    """``rows`` is the form layout (the dialog puts "Workspace:" on top)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instance = QLineEdit()
        self.instance.setPlaceholderText(_tr("e.g. mastodon.social"))
        self.field = Field(self.instance)
        self.browser_url = QLineEdit()
        self.browser_url.setReadOnly(True)
        self.cancel_sign_in = QPushButton(_tr("Cancel sign-in"))
        waiting = QHBoxLayout()
        waiting.setContentsMargins(0, 0, 0, 0)
        waiting.addWidget(self.browser_url, 1)
        waiting.addWidget(self.cancel_sign_in)
        self.waiting = QWidget()
        self.waiting.setLayout(waiting)
        self.waiting.setToolTip(_tr("If no browser opened, copy this address into one."))
        self.rows = QFormLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.addRow(_tr("Server:"), self.field)
        self.rows.addRow(_tr("In the browser:"), self.waiting)
        hint = QLabel(_tr("Tresen opens your server's sign-in page in your web browser. Sign "
                          "in there and click “Authorize”; Tresen never sees your password. "
                          "The access key goes to your computer's keyring, nowhere else."))
        hint.setWordWrap(True)
        hint.setObjectName("formHint")
        self.rows.addRow(hint)
        self.show_waiting("")

    def show_waiting(self, url: str) -> None:
        """Show the browser's address while waiting for it; ``""`` hides the row."""
        self.browser_url.setText(url)
        self.browser_url.setCursorPosition(0)
        self.rows.setRowVisible(self.waiting, bool(url))
