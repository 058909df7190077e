"""A long thread opens with its newest messages and a link that loads older ones in pages.

Opening must cost the same for 2,000 messages as for 20 (issue 5), so the
window reads only the newest page and the link on top fetches more; the
messages on screen stay where they were while older ones appear above.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, Qt, QUrl

from app.records import Attachment, Direction, Stream
from app.store import away, ops, outbox, queries
from app.store.database import Store
from tests.conftest import FakeClock
from tests.factories import incoming, ingest, workspace_with_account
from tests.ui.conftest import settle
from ui.main_window import MainWindow
from ui.widgets.conversation_view import PAGE_SIZE, ConversationView
from ui.widgets.safe_browser import SafeBrowser

MakeWindow = Callable[..., MainWindow]
TOTAL = 300


def _text(i: int) -> str:
    return f"Nachricht #{i:04d}: Ist die Torte für Samstag fertig?"


def _thread(store: Store, clock: FakeClock, total: int = TOTAL,
            stream: Stream = Stream.DIRECT) -> int:
    """``total`` messages, ours and the customer's in turn, through the sync write path."""
    _ws, acc = workspace_with_account(store)
    start = clock.now - total * 600
    messages = []
    for i in range(total):
        ours = i % 2 == 1
        msg = incoming("t-long", _text(i), sent_at=start + i * 600, stream=stream,
                       direction=Direction.OUT if ours else Direction.IN,
                       author="Bäckerei Sonnenschein" if ours else "Anna Becker",
                       handle="hallo@sonnenschein.example" if ours else "anna@example.org")
        if i in (0, total - 2):
            msg = dataclasses.replace(msg, attachments=(
                Attachment(f"rechnung-{i}.pdf", "application/pdf", 20_480),))
        if stream is Stream.LISTENING:
            msg = dataclasses.replace(msg, meta={"link": f"https://forum.example/p/{i}"})
        messages.append(msg)
    ingest(store, acc, *messages)
    return int(store.reader().execute(
        "SELECT id FROM conversation WHERE thread_key = 't-long'").fetchone()[0])


def _shown(view: ConversationView) -> list[int]:
    """Which numbered messages the thread shows, top to bottom."""
    text = view.thread_text()
    return [i for i in range(TOTAL) if _text(i) in text]


def _link_point(browser: SafeBrowser, label: str) -> QPoint:
    cursor = browser.document().find(label)
    assert not cursor.isNull(), f"{label!r} is not in the thread"
    return browser.cursorRect(cursor).center()


def _top_of(browser: SafeBrowser, text: str) -> int:
    cursor = browser.document().find(text)
    assert not cursor.isNull()
    return browser.cursorRect(cursor).top()


def _click(qtbot: QtBot, browser: SafeBrowser, label: str) -> None:
    """A real mouse click on the link text, as a person would."""
    point = _link_point(browser, label)
    point.setX(point.x() - 2)  # inside the text, not on its last character's edge
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_the_query_reads_only_the_newest_messages_and_counts_the_rest(
        store: Store, clock: FakeClock) -> None:
    conv = _thread(store, clock)
    conn = store.reader()
    part = queries.conversation_detail(conn, conv, last=PAGE_SIZE)
    assert [m.text for m in part.messages] == [_text(i) for i in range(TOTAL - PAGE_SIZE, TOTAL)]
    assert part.earlier == TOTAL - PAGE_SIZE
    names = {a.name for m in part.messages for a in m.attachments}
    assert names == {f"rechnung-{TOTAL - 2}.pdf"}, "attachments of loaded messages only"
    whole = queries.conversation_detail(conn, conv)
    assert len(whole.messages) == TOTAL and whole.earlier == 0
    assert whole.messages[0].attachments[0].name == "rechnung-0.pdf"
    everything = queries.conversation_detail(conn, conv, last=TOTAL + 5)
    assert everything.messages == whole.messages and everything.earlier == 0
    assert queries.conversation_detail(conn, conv, last=TOTAL).earlier == 0


def test_a_long_thread_opens_with_the_newest_page_and_a_link_to_older_ones(
        qtbot: QtBot, make_window: MakeWindow, store: Store, clock: FakeClock) -> None:
    conv = _thread(store, clock)
    window = make_window()
    window._show(conv)
    view = window.conversation
    assert view.detail is not None
    assert len(view.detail.messages) == PAGE_SIZE, "only the newest page was read"
    assert _shown(view) == list(range(TOTAL - PAGE_SIZE, TOTAL))
    text = view.thread_text()
    assert "Show 50 earlier messages" in text and "Show all 250" in text
    assert text.index("Show 50 earlier messages") < text.index(_text(TOTAL - PAGE_SIZE))
    bar = view.browser.verticalScrollBar()
    assert bar.value() == bar.maximum(), "a thread opens at its newest message"


def test_clicking_the_link_shows_older_messages_and_keeps_the_place(
        qtbot: QtBot, make_window: MakeWindow, store: Store, clock: FakeClock) -> None:
    conv = _thread(store, clock)
    window = make_window()
    window._show(conv)
    view, browser = window.conversation, window.conversation.browser
    browser.verticalScrollBar().setValue(0)
    first_shown = _text(TOTAL - PAGE_SIZE)
    before = _top_of(browser, first_shown)

    _click(qtbot, browser, "Show 50 earlier messages")

    assert _shown(view) == list(range(TOTAL - 2 * PAGE_SIZE, TOTAL))
    assert view.detail is not None and len(view.detail.messages) == 2 * PAGE_SIZE
    assert "Show all 200" in view.thread_text()
    assert abs(_top_of(browser, first_shown) - before) <= 2, "what was on screen stays put"
    assert browser.verticalScrollBar().value() > 0

    browser.verticalScrollBar().setValue(0)
    _click(qtbot, browser, "Show all 200")
    assert _shown(view) == list(range(TOTAL))
    assert "earlier message" not in view.thread_text()


def test_the_loaded_pages_stay_when_the_thread_refreshes(
        qtbot: QtBot, make_window: MakeWindow, store: Store, clock: FakeClock) -> None:
    conv = _thread(store, clock)
    window = make_window()
    window._show(conv)
    window.conversation.show_earlier(PAGE_SIZE)
    window.toggle_unread()  # an op whose change notification refreshes the thread
    settle(qtbot, window)
    assert _shown(window.conversation) == list(range(TOTAL - 2 * PAGE_SIZE, TOTAL))
    window._show(None)
    window._show(conv)  # opened afresh: the newest page again
    assert _shown(window.conversation) == list(range(TOTAL - PAGE_SIZE, TOTAL))


def test_a_whole_thread_handed_in_is_paged_without_asking_for_more(
        qtbot: QtBot, store: Store, clock: FakeClock) -> None:
    conv = _thread(store, clock, total=120)
    view = ConversationView(page_size=50)
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.show()
    asked: list[int] = []
    view.earlier_requested.connect(asked.append)
    view.show_conversation(queries.conversation_detail(store.reader(), conv))
    assert "Show 50 earlier messages" in view.thread_text()
    assert "Show all 70" in view.thread_text()
    view.browser.internal_link.emit(QUrl("tresen:earlier/50"))
    assert [i for i in range(120) if _text(i) in view.thread_text()] == list(range(20, 120))
    assert "Show 20 earlier messages" in view.thread_text()
    assert "Show all" not in view.thread_text()
    view.browser.internal_link.emit(QUrl("tresen:earlier/20"))
    assert [i for i in range(120) if _text(i) in view.thread_text()] == list(range(120))
    assert asked == []
    assert view.hidden_count() == 0


def test_one_hidden_message_is_offered_by_itself(qtbot: QtBot, store: Store,
                                                 clock: FakeClock) -> None:
    conv = _thread(store, clock, total=51)
    view = ConversationView()
    qtbot.addWidget(view)
    view.show_conversation(queries.conversation_detail(store.reader(), conv, last=PAGE_SIZE))
    assert "Show the earlier message" in view.thread_text()
    assert 'href="tresen:earlier/1"' in view.browser.toHtml()


def test_the_newest_page_keeps_replies_notices_and_attachments(
        qtbot: QtBot, make_window: MakeWindow, store: Store, clock: FakeClock) -> None:
    conv = _thread(store, clock)
    ops.reply(store, conv, "Ja, ab 8 Uhr abholbereit!")
    item = outbox.list_outbox(store.reader())[0]
    outbox.mark_sending(store, item.id)
    outbox.mark_failed(store, item.id, "550 mailbox unavailable")
    away.queue_away_notice(store, conv, "anna@example.org", "Wir sind ab Dienstag da.")
    window = make_window()
    window._show(conv)
    text = window.conversation.thread_text()
    html = window.conversation.browser.toHtml()
    assert "Failed to send" in text and "550 mailbox unavailable" in text
    assert f'href="tresen:retry/{item.id}"' in html
    assert "Away notice queued" in text
    assert f"rechnung-{TOTAL - 2}.pdf" in text and "tresen:open-attachment/" in html
    assert "Show 50 earlier messages" in text


def test_a_long_listening_thread_offers_its_newest_entry(
        qtbot: QtBot, make_window: MakeWindow, store: Store, clock: FakeClock) -> None:
    conv = _thread(store, clock, total=120, stream=Stream.LISTENING)
    window = make_window()
    window._show(conv)
    bar = window.conversation.listening
    assert bar.isVisible() and not window.conversation.editor.isVisible()
    assert bar.url.toString() == "https://forum.example/p/119"
    assert "Show 50 earlier messages" in window.conversation.thread_text()


def test_the_link_reads_in_german(qtbot: QtBot, store: Store, clock: FakeClock) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import TsTranslator
    from ui.i18n_catalog import TS_PATH

    conv = _thread(store, clock, total=200)
    translator = TsTranslator(TS_PATH)
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        view = ConversationView()
        qtbot.addWidget(view)
        view.show_conversation(queries.conversation_detail(store.reader(), conv, last=50))
        text = view.thread_text()
        assert "50 frühere Nachrichten anzeigen" in text and "Alle 150 anzeigen" in text
    finally:
        app.removeTranslator(translator)
