"""The status bar: online or not, what still waits to be sent, when we last synced."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from ui.timefmt import synced_text


class StatusBar(QStatusBar):
    """Permanent labels on the right; transient messages (undo, errors) on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.sync_label = QLabel()
        self.pending_label = QLabel()
        self.online_label = QLabel()
        self.online_label.setObjectName("onlineState")
        for widget in (self.progress, self.sync_label, self.pending_label, self.online_label):
            self.addPermanentWidget(widget)
        self._online = False
        self._reason = ""
        self._pending = 0
        self._last_sync: int | None = None
        self._now = 0

    def set_online(self, online: bool, reason: str = "") -> None:
        self._online = online
        self._reason = reason
        self.retranslate()

    def set_counts(self, pending: int, last_sync: int | None, now: int) -> None:
        self._pending, self._last_sync, self._now = pending, last_sync, now
        self.retranslate()

    def show_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total > 0 else 0)
        self.progress.setToolTip(text)
        self.progress.show()
        self.sync_label.setText(text or QCoreApplication.translate("StatusBar", "Syncing…"))

    def hide_progress(self) -> None:
        self.progress.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.online_label.setText(QCoreApplication.translate("StatusBar", "Online")
                                  if self._online else
                                  QCoreApplication.translate("StatusBar", "Offline"))
        self.online_label.setToolTip(self._reason)
        self.online_label.setProperty("online", "true" if self._online else "false")
        self.online_label.style().unpolish(self.online_label)
        self.online_label.style().polish(self.online_label)
        if self._pending:
            self.pending_label.setText(QCoreApplication.translate(
                "StatusBar", "%n waiting to send", "", self._pending))
        else:
            self.pending_label.setText(QCoreApplication.translate("StatusBar", "all sent"))
        if not self.progress.isVisible():
            self.sync_label.setText(synced_text(self._last_sync, self._now))
