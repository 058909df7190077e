"""In the thread: away notices as one grey line, scheduled replies with send now / cancel,
and "send later" from the reply editor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDateTime, QUrl

from app.availability import schedule_from_json
from app.store import away, outbox, scheduled
from app.store.database import Store
from app.store.queries import View
from tests.conftest import FakeClock
from tests.factories import incoming, ingest
from tests.ui.conftest import Inbox, settle
from ui.main_window import MainWindow
from ui.taskman import Change
from ui.widgets.thread_html import short_moment

MakeWindow = Callable[..., MainWindow]
NOTICE = "Danke für Ihre Nachricht. Wir sind ab Dienstag, 9:00 wieder da."


def _select(window: MainWindow, conv_id: int) -> None:
    window.sidebar.select_key(("view", None, View.OPEN))  # stays listed after a reply
    row = window.inbox_model.row_of(conv_id)
    assert row is not None
    window.inbox.select_row(row)
    assert window.current_id() == conv_id


def _link(window: MainWindow, target: str) -> None:
    assert f'href="tresen:{target}"' in window.conversation.browser.toHtml()
    window.conversation.browser.internal_link.emit(QUrl(f"tresen:{target}"))


def test_away_notices_show_as_one_grey_line_with_expandable_text(
        qtbot: QtBot, make_window: MakeWindow, store: Store, clock: FakeClock,
        inbox: Inbox) -> None:
    anna = inbox.conversations["t-anna"]
    notice_id = away.queue_away_notice(store, anna, "anna@example.org", NOTICE)
    window = make_window()
    _select(window, anna)
    thread = window.conversation.thread_text()
    assert "Bäckerei Sonnenschein" not in thread
    assert f"Away notice queued {short_moment(clock.now, clock.now)}" in thread
    assert NOTICE not in thread and "Ist meine Torte" in thread
    _link(window, f"expand/{notice_id}")
    assert NOTICE in window.conversation.thread_text()
    _link(window, f"expand/{notice_id}")
    assert NOTICE not in window.conversation.thread_text()
    item = next(e for e in outbox.list_outbox(store.reader()) if e.message_id == notice_id)
    outbox.mark_sending(store, item.id)
    outbox.mark_sent(store, item.id)
    window.ctx.taskman.notify(Change.of([anna]))
    thread = window.conversation.thread_text()
    assert f"Away notice sent {short_moment(clock.now, clock.now)}" in thread
    # No bubble with our name on it: it must not read as if we had answered.
    assert "Bäckerei Sonnenschein" not in thread


def test_send_later_when_we_open_then_a_new_customer_message_holds_it(
        qtbot: QtBot, make_window: MakeWindow, store: Store, clock: FakeClock,
        inbox: Inbox) -> None:
    clock.now = int(datetime(2026, 9, 26, 10, 0, tzinfo=UTC).timestamp())  # Saturday
    week = {"timezone": "Europe/Berlin",
            "hours": {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}}
    away.set_workspace_schedule(store, inbox.workspace_id, schedule_from_json(week))
    monday_nine = int(datetime(2026, 9, 28, 7, 0, tzinfo=UTC).timestamp())
    anna = inbox.conversations["t-anna"]
    window = make_window()
    _select(window, anna)
    editor = window.conversation.editor
    assert editor.open_action.isEnabled()
    assert editor.open_action.text() == f"When we open — {short_moment(monday_nine, clock.now)}"
    editor.text.setPlainText("Ja, Montag früh ist sie fertig.")
    editor.open_action.trigger()
    settle(qtbot, window)
    [item] = [e for e in outbox.list_outbox(store.reader()) if e.kind == "reply"]
    assert item.next_attempt_at == monday_nine and item.conversation_id == anna
    assert outbox.due_items(store.reader(), clock.now) == []
    assert editor.text.toPlainText() == ""
    thread = window.conversation.thread_text()
    assert f"Scheduled for {short_moment(monday_nine, clock.now)} (when we open)" in thread
    assert "Held" not in thread

    clock.advance(3600)
    ingest(store, inbox.account_id,
           incoming("t-anna", "Doch lieber Dienstag!", sent_at=clock.now))
    window.ctx.taskman.notify(Change.of([anna]))
    assert scheduled.held_for_review(store.reader(), outbox.get_item(store.reader(), item.id))
    assert scheduled.held_conversation_ids(store.reader()) == [anna]
    assert "Held for a second look" in window.conversation.thread_text()

    _link(window, f"send-now/{item.message_id}")
    settle(qtbot, window)
    released = outbox.get_item(store.reader(), item.id)
    assert released.next_attempt_at == clock.now
    assert not scheduled.held_for_review(store.reader(), released)
    thread = window.conversation.thread_text()
    assert "Queued" in thread and "Scheduled for" not in thread


def test_a_chosen_time_and_cancel(qtbot: QtBot, make_window: MakeWindow, store: Store,
                                  clock: FakeClock, inbox: Inbox) -> None:
    ben = inbox.conversations["t-ben"]
    window = make_window()
    _select(window, ben)
    editor = window.conversation.editor
    assert not editor.open_action.isEnabled()  # no schedule: "when we open" is unknown
    qtbot.keyClicks(editor.text, "Yes, every Friday.")
    editor.choose_action.trigger()
    dialog = editor.later_dialog
    assert dialog is not None
    when = clock.now + 2 * 86_400
    dialog.when.setDateTime(QDateTime.fromSecsSinceEpoch(when))
    dialog.accept()
    settle(qtbot, window)
    [item] = [e for e in outbox.list_outbox(store.reader()) if e.kind == "reply"]
    assert item.next_attempt_at == when
    _link(window, f"cancel/{item.message_id}")
    settle(qtbot, window)
    assert outbox.list_outbox(store.reader()) == []
    assert "Yes, every Friday." not in window.conversation.thread_text()
