"""The reply box: says which account and address the reply leaves from, then sends on Ctrl+Enter."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.thread_html import short_moment

if TYPE_CHECKING:
    from ui.dialogs.availability_send_later import SendLaterDialog

TOMORROW_HOUR = 9


def tomorrow_at_nine(now: int) -> int:
    local = datetime.fromtimestamp(now).astimezone()
    nine = local.replace(hour=TOMORROW_HOUR, minute=0, second=0, microsecond=0)
    return int((nine + timedelta(days=1)).timestamp())


class ReplyEditor(QWidget):
    """Signals:
    send_requested(str): the person asked to send this text.
    send_later_requested(str, int, str): text, epoch seconds, mode ("time" or "open").
    """

    send_requested = Signal(str)
    send_later_requested = Signal(str, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replyEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._sender = ("", "")
        self._opening: int | None = None
        self._now = 0
        self.later_dialog: SendLaterDialog | None = None
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
        self.later_menu = QMenu(self)
        self.open_action = self.later_menu.addAction("")
        self.open_action.triggered.connect(self._send_when_open)
        self.tomorrow_action = self.later_menu.addAction("")
        self.tomorrow_action.triggered.connect(
            lambda: self.request_send_later(tomorrow_at_nine(self._now), "time"))
        self.choose_action = self.later_menu.addAction("")
        self.choose_action.triggered.connect(self._choose_time)
        self.later_button = QToolButton()
        self.later_button.setObjectName("sendLater")
        self.later_button.setMenu(self.later_menu)
        self.later_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.text.textChanged.connect(self._update_enabled)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.text)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.request_send)
        row = QHBoxLayout()
        row.addWidget(self.from_label, 1)
        row.addWidget(self.later_button)
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

    def set_opening(self, opening: int | None, now: int) -> None:
        """When the account's schedule opens next (``None``: no schedule), for "when we open"."""
        self._opening, self._now = opening, now
        self.retranslate()

    def retranslate(self) -> None:
        self.later_button.setText(QCoreApplication.translate("ReplyEditor", "Send later"))
        self.tomorrow_action.setText(QCoreApplication.translate("ReplyEditor",
                                                                "Tomorrow at 9:00"))
        self.choose_action.setText(QCoreApplication.translate("ReplyEditor", "Choose a time…"))
        if self._opening is None:
            self.open_action.setText(QCoreApplication.translate(
                "ReplyEditor", "When we open (no opening hours set)"))
        elif self._opening <= self._now:
            self.open_action.setText(QCoreApplication.translate(
                "ReplyEditor", "When we open (we are open now)"))
        else:
            self.open_action.setText(QCoreApplication.translate(
                "ReplyEditor", "When we open — %1").replace(
                    "%1", short_moment(self._opening, self._now)))
        self.open_action.setEnabled(self._opening is not None and self._opening > self._now)
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

    def request_send_later(self, send_at: int, mode: str) -> None:
        text = self.text.toPlainText()
        if text.strip():
            self.send_button.setEnabled(False)
            self.later_button.setEnabled(False)
            self.send_later_requested.emit(text, send_at, mode)

    def _send_when_open(self) -> None:
        if self._opening is not None:
            self.request_send_later(self._opening, "open")

    def _choose_time(self) -> None:
        from ui.dialogs.availability_send_later import SendLaterDialog

        dialog = SendLaterDialog(self._now, tomorrow_at_nine(self._now), self)
        dialog.accepted.connect(lambda: self.request_send_later(dialog.chosen(), "time"))
        dialog.finished.connect(dialog.deleteLater)
        self.later_dialog = dialog
        dialog.open()

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
        has_text = bool(self.text.toPlainText().strip())
        self.send_button.setEnabled(has_text)
        self.later_button.setEnabled(has_text)
