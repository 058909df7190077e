"""The reply box: says which account and address the reply leaves from, then sends on Ctrl+Enter."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ReplyEditor(QWidget):
    """Signals:
    send_requested(str): the person asked to send this text.
    """

    send_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replyEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._sender = ("", "")
        self.from_label = QLabel()
        self.from_label.setObjectName("replyFrom")
        self.from_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit()
        self.text.setObjectName("replyText")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(96)
        self.error = QLabel()
        self.error.setObjectName("replyError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.send_button = QPushButton()
        self.send_button.setObjectName("primary")
        self.send_button.clicked.connect(self.request_send)
        self.text.textChanged.connect(self._update_enabled)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.text)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.request_send)
        row = QHBoxLayout()
        row.addWidget(self.from_label, 1)
        row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.addLayout(row)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        self.retranslate()
        self._update_enabled()

    def set_sender(self, display_name: str, identity: str) -> None:
        self._sender = (display_name, identity)
        self.retranslate()

    def retranslate(self) -> None:
        name, identity = self._sender
        sender = f"{name} <{identity}>" if identity and identity != name else name
        self.from_label.setText(
            QCoreApplication.translate("ReplyEditor", "From: %1").replace("%1", sender))
        self.send_button.setText(QCoreApplication.translate("ReplyEditor", "Send"))
        self.send_button.setToolTip(QCoreApplication.translate("ReplyEditor", "Send (Ctrl+Enter)"))
        self.text.setPlaceholderText(QCoreApplication.translate(
            "ReplyEditor", "Write a reply… (Ctrl+Enter sends)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def request_send(self) -> None:
        text = self.text.toPlainText()
        if text.strip():
            self.send_button.setEnabled(False)
            self.send_requested.emit(text)

    def sent(self) -> None:
        self.text.clear()
        self.show_error("")

    def show_error(self, message: str) -> None:
        """Keep the text: a reply that failed to queue must not be lost."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self._update_enabled()

    def focus_editor(self) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _update_enabled(self) -> None:
        self.send_button.setEnabled(bool(self.text.toPlainText().strip()))
