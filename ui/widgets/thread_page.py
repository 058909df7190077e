"""The conversation pane's second page: subject, who and where, the thread, the reply box.

``ConversationView`` builds it when it is first needed, after the window's first
paint: that paint shows only the pane's "select a conversation" hint, and this
page's widgets and modules are a good part of what a cold start would load.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.widgets.listening_bar import ListeningBar
from ui.widgets.reply_editor import ReplyEditor
from ui.widgets.safe_browser import SafeBrowser


class ThreadPage(QWidget):
    """Header labels above the thread; below it the reply box, or for Listening the bar
    that leads to the entry's web page. The owner (``ConversationView``) fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel()
        self.title.setObjectName("conversationTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.meta = QLabel()
        self.meta.setObjectName("conversationMeta")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.browser = SafeBrowser()
        self.browser.setObjectName("thread")
        self.editor = ReplyEditor()
        self.listening = ListeningBar()
        self.listening.hide()
        header = QVBoxLayout()
        header.setContentsMargins(16, 12, 16, 4)
        header.addWidget(self.title)
        header.addWidget(self.meta)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(0)
        self.column.addLayout(header)
        self.column.addWidget(self.browser, 1)
        self.column.addWidget(self.editor)
        self.column.addWidget(self.listening)
        self.listening.open_requested.connect(self.browser.confirm_open)
