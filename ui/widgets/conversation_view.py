"""The right pane: one conversation's thread and the reply box, or a hint when none is open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Signal, Slot
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from ui.widgets.empty_state import EmptyState
from ui.widgets.thread_html import ThreadExtras, render_thread

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

    from app.store.outbox import OutboxEntry
    from app.store.queries import ConversationDetail
    from ui.widgets.listening_bar import ListeningBar
    from ui.widgets.reply_editor import ReplyEditor
    from ui.widgets.safe_browser import SafeBrowser
    from ui.widgets.thread_page import ThreadPage

PAGE_SIZE = 50  # messages a thread opens with, and how many more each "Show earlier" adds


def status_text(status: str) -> str:
    texts = {
        "open": QCoreApplication.translate("ConversationView", "Open"),
        "done": QCoreApplication.translate("ConversationView", "Done"),
        "snoozed": QCoreApplication.translate("ConversationView", "Snoozed"),
    }
    return texts.get(status, status)


class ConversationView(QStackedWidget):
    """Page 0: "select a conversation"; page 1: the thread (``ThreadPage``, built on first
    use: by ``thread_page``, ``page`` or any of the properties below).

    Signals:
        send_requested(int, str): conversation id and reply text.
        retry_requested(int): outbox item id of a failed/unknown reply.
        send_later_requested(int, str, int, str): conversation id, text, epoch, mode.
        send_now_requested(int): message id of a scheduled reply to release now.
        cancel_requested(int): message id of a scheduled reply to withdraw.
        open_attachment_requested(int): attachment id ("Open" clicked; ask first).
        save_attachment_requested(int): attachment id ("Save as…" clicked).
        earlier_requested(int): conversation id; the person asked for older messages
            than the shown detail holds. Read it again with
            ``last=message_window(id)`` and pass it to ``show_conversation``.

    A long thread opens with its newest ``page_size`` messages only, so opening
    it costs the same as opening a short one; older ones come a page at a time.
    """

    send_requested = Signal(int, str)
    retry_requested = Signal(int)
    send_later_requested = Signal(int, str, int, str)
    send_now_requested = Signal(int)
    cancel_requested = Signal(int)
    open_attachment_requested = Signal(int)
    save_attachment_requested = Signal(int)
    earlier_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.detail: ConversationDetail | None = None
        self.page_size = page_size
        self._want = page_size  # how many of the newest messages to show
        self._from_bottom: int | None = None  # scroll distance to keep while older ones load
        self._outbox: dict[int, OutboxEntry] = {}
        self._extras = ThreadExtras()
        self._expanded: set[int] = set()
        self._page: ThreadPage | None = None
        self.empty = EmptyState()
        self.addWidget(self.empty)
        self.retranslate()

    def thread_page(self) -> ThreadPage:
        """Page 1, built on the first call (the window makes it after its first paint)."""
        if self._page is None:
            from ui.widgets.thread_page import ThreadPage

            page = ThreadPage()
            page.editor.send_requested.connect(self._on_send)
            page.editor.send_later_requested.connect(self._on_send_later)
            page.browser.internal_link.connect(self._on_internal_link)
            self.addWidget(page)
            self._page = page
        return self._page

    @property
    def page(self) -> ThreadPage:
        return self.thread_page()

    @property
    def title(self) -> QLabel:
        return self.page.title

    @property
    def meta(self) -> QLabel:
        return self.page.meta

    @property
    def browser(self) -> SafeBrowser:
        return self.page.browser

    @property
    def editor(self) -> ReplyEditor:
        return self.page.editor

    @property
    def listening(self) -> ListeningBar:
        return self.page.listening

    @property
    def conversation_id(self) -> int | None:
        return self.detail.row.id if self.detail else None

    def message_window(self, conversation_id: int) -> int:
        """How many of the newest messages to load for showing ``conversation_id``."""
        return self._want if conversation_id == self.conversation_id else self.page_size

    def show_conversation(self, detail: ConversationDetail | None,
                          outbox_by_message: dict[int, OutboxEntry] | None = None,
                          extras: ThreadExtras | None = None) -> None:
        """Show ``detail`` (``None``: the hint). Keeps the scroll position on a refresh.

        ``detail`` may hold the whole thread or only its newest part; either way
        the newest ``message_window`` messages are shown.
        """
        same = detail is not None and detail.row.id == self.conversation_id
        from_bottom, self._from_bottom = self._from_bottom, None
        self.detail = detail
        self._outbox = outbox_by_message or {}
        self._extras = extras or ThreadExtras()
        if not same:
            self._expanded.clear()
            self._want = self.page_size
        if detail is None:
            self.setCurrentWidget(self.empty)
            return
        bar = self.browser.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        position = bar.value()
        if not same:
            self.editor.sent()
            self.editor.set_sender(detail.row.account, detail.account_identity)
        self._show_reply_box(detail)
        self.setCurrentWidget(self.page)
        self.page.column.activate()  # the thread is laid out at the size it is shown at
        self._fill()
        if same and from_bottom is not None:
            bar.setValue(bar.maximum() - from_bottom)
        else:
            bar.setValue(bar.maximum() if (at_end or not same) else position)

    def hidden_count(self) -> int:
        """Older messages of the open thread that are not shown (yet)."""
        if self.detail is None:
            return 0
        held = len(self.detail.messages)
        return self.detail.earlier + held - min(held, self._want)

    def show_earlier(self, count: int) -> None:
        """Add ``count`` older messages on top, keeping the ones on screen in place."""
        detail = self.detail
        if detail is None or count <= 0:
            return
        bar = self.browser.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        self._want += count
        if self._want <= len(detail.messages) or detail.earlier == 0:
            self._fill()
            bar.setValue(bar.maximum() - from_bottom)
            return
        self._from_bottom = from_bottom
        self.earlier_requested.emit(detail.row.id)

    def _show_reply_box(self, detail: ConversationDetail) -> None:
        """Listening has no reply box: a feed entry is answered on its own website."""
        listening = detail.row.stream == "listening"
        self.editor.setVisible(not listening)
        self.listening.setVisible(listening)
        if listening:
            links = [self._extras.links[m.id] for m in detail.messages
                     if m.id in self._extras.links]
            self.listening.set_link(links[-1] if links else "")

    def _fill(self) -> None:
        if self.detail is None:
            return
        row = self.detail.row
        self.title.setText(row.subject or row.snippet[:80] or
                           QCoreApplication.translate("ConversationView", "(no subject)"))
        who = row.contact or self.detail.contact_handle
        if self.detail.contact_handle and self.detail.contact_handle != who:
            who = f"{who} <{self.detail.contact_handle}>"
        self.meta.setText(" · ".join(
            part for part in (who, row.workspace, status_text(row.status)) if part))
        extras = ThreadExtras(self._extras.away_ids, frozenset(self._expanded),
                              self._extras.scheduled, self._extras.now, self._extras.links)
        self.browser.show_html(render_thread(self.detail, self._outbox, extras, self._want,
                                              self.page_size))

    def thread_text(self) -> str:
        return self.browser.toPlainText()

    def retranslate(self) -> None:
        self.empty.set_text(
            QCoreApplication.translate("ConversationView", "No conversation selected"),
            QCoreApplication.translate(
                "ConversationView",
                "Select a conversation on the left to read it. Use j and k to move through "
                "the list and r to reply; press ? for all shortcuts."))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot(str)
    def _on_send(self, text: str) -> None:
        if self.detail is not None:
            self.send_requested.emit(self.detail.row.id, text)

    @Slot(str, int, str)
    def _on_send_later(self, text: str, send_at: int, mode: str) -> None:
        if self.detail is not None:
            self.send_later_requested.emit(self.detail.row.id, text, send_at, mode)

    def _on_internal_link(self, url: QUrl) -> None:  # no @Slot(QUrl): it would load QUrl
        action, _, arg = url.path().partition("/")
        if not arg.isdigit():
            return
        if action == "retry":
            self.retry_requested.emit(int(arg))
        elif action == "send-now":
            self.send_now_requested.emit(int(arg))
        elif action == "cancel":
            self.cancel_requested.emit(int(arg))
        elif action == "open-attachment":
            self.open_attachment_requested.emit(int(arg))
        elif action == "save-attachment":
            self.save_attachment_requested.emit(int(arg))
        elif action == "earlier":
            self.show_earlier(int(arg))
        elif action == "expand":
            self._expanded ^= {int(arg)}
            bar = self.browser.verticalScrollBar()
            position = bar.value()
            self._fill()
            bar.setValue(position)

