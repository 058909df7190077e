"""In place of the reply box for Listening: a feed entry is answered where it was written.

Tresen cannot post into a forum or a review site, so instead of an editor
that could not send, this bar says so and offers the entry's web page. The
address is shown before anything opens, as with every link (see
``SafeBrowser.confirm_open``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QUrl, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

TR_CONTEXT = "ListeningBar"


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


class ListeningBar(QWidget):
    """Signals:
    open_requested(QUrl): the person wants the entry's page (confirm first).
    """

    open_requested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replyEditor")  # same frame as the reply box it replaces
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.url = QUrl()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setObjectName("replyFrom")
        self.open_button = QPushButton()
        self.open_button.setObjectName("primary")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        self.open_button.clicked.connect(lambda: self.open_requested.emit(self.url))
        self.retranslate()

    def set_link(self, link: str) -> None:
        self.url = QUrl(link)
        self.open_button.setEnabled(self.url.isValid() and self.url.scheme() in ("http", "https"))
        self.retranslate()

    def retranslate(self) -> None:
        self.open_button.setText(_tr("Open in browser"))
        self.open_button.setToolTip(self.url.toString())
        if self.open_button.isEnabled():
            self.text.setText(_tr("This was written on another website; Tresen cannot answer "
                                  "there. Open the page to reply, then mark this done."))
        else:
            self.text.setText(_tr("This was written on another website, and the feed gives no "
                                  "address for it. Reply on that website directly."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
