"""The window end to end on a real store: read, reply, label, triage by keyboard, undo, search."""

from __future__ import annotations

import json
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from app.store import outbox, queries
from app.store.database import Store
from tests.conftest import FakeClock
from tests.ui.conftest import Inbox, settle
from ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]


def _select(qtbot: QtBot, window: MainWindow, conv_id: int) -> None:
    row = window.inbox_model.row_of(conv_id)
    assert row is not None, "conversation not in the list"
    window.inbox.select_row(row)
    assert window.current_id() == conv_id


def _key(qtbot: QtBot, window: MainWindow, key: str) -> None:
    """Press ``key`` in the list, as a person would after closing a picker."""
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    window.inbox.setFocus()
    qtbot.keyClick(window.inbox, key)


def _status(store: Store, conv_id: int) -> str:
    return str(store.reader().execute("SELECT status FROM conversation WHERE id = ?",
                                      (conv_id,)).fetchone()[0])


def _unread(store: Store, conv_id: int) -> bool:
    return bool(store.reader().execute("SELECT unread FROM conversation WHERE id = ?",
                                       (conv_id,)).fetchone()[0])


def test_selecting_a_conversation_shows_its_thread_oldest_first(
        qtbot: QtBot, make_window: MakeWindow, inbox: Inbox) -> None:
    window = make_window()
    window.sidebar.select_key(("view", None, queries.View.OPEN))
    assert window.conversation.currentWidget() is window.conversation.empty
    _select(qtbot, window, inbox.conversations["t-cara"])
    text = window.conversation.thread_text()
    assert window.conversation.currentWidget() is window.conversation.page
    assert text.index("Danke für die schnelle Antwort") < text.index("Gern geschehen")
    assert window.conversation.title.text() == "Danke"


def test_reply_from_the_editor_is_queued_and_in_the_outbox(
        qtbot: QtBot, make_window: MakeWindow, store: Store, inbox: Inbox) -> None:
    window = make_window()
    anna = inbox.conversations["t-anna"]
    _select(qtbot, window, anna)
    assert window.conversation.editor.from_label.text() == (
        "From: Bäckerei Sonnenschein <hallo@sonnenschein.example>")
    _key(qtbot, window, "r")
    editor = window.conversation.editor.text
    assert editor.hasFocus()
    qtbot.keyClicks(editor, "Ja, ab 10 Uhr abholbereit.")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    items = [e for e in outbox.list_outbox(store.reader()) if e.kind == "reply"]
    assert len(items) == 1
    assert items[0].conversation_id == anna
    assert items[0].payload["text"] == "Ja, ab 10 Uhr abholbereit."
    thread = window.conversation.thread_text()
    assert "Ja, ab 10 Uhr abholbereit." in thread
    assert "Queued" in thread
    assert editor.toPlainText() == ""
    assert "1 waiting to send" in window.status.pending_label.text()
    # Answered: it leaves "Waiting for reply".
    assert window.inbox_model.row_of(anna) is None


def test_typing_in_the_editor_triggers_no_shortcut(
        qtbot: QtBot, make_window: MakeWindow, store: Store, inbox: Inbox) -> None:
    window = make_window()
    ben = inbox.conversations["t-ben"]
    _select(qtbot, window, ben)
    window.conversation.editor.focus_editor()
    qtbot.keyClicks(window.conversation.editor.text, "jkeusz?/l")
    settle(qtbot, window)
    assert window.conversation.editor.text.toPlainText() == "jkeusz?/l"
    assert window.current_id() == ben
    assert _status(store, ben) == "open"
    assert window.label_picker is None and window.help_dialog is None
    assert outbox.list_outbox(store.reader()) == []


def test_label_picker_adds_chip_and_updates_sidebar_count(
        qtbot: QtBot, make_window: MakeWindow, store: Store, inbox: Inbox) -> None:
    window = make_window()
    ben = inbox.conversations["t-ben"]
    label_id = queries.labels(store.reader(), inbox.workspace_id)[0].id
    assert window.sidebar_model.count_text(("label", inbox.workspace_id, label_id)) == ""
    _select(qtbot, window, ben)
    _key(qtbot, window, "l")
    picker = window.label_picker
    assert picker is not None and picker.isVisible()
    qtbot.keyClicks(picker.field, "rekl")
    qtbot.keyClick(picker.field, Qt.Key.Key_Return)
    settle(qtbot, window)
    row = window.inbox_model.index(window.inbox_model.row_of(ben) or 0, 0).data(
        Qt.ItemDataRole.UserRole + 1)
    assert [chip.name for chip in row.labels] == ["Reklamation"]
    assert window.sidebar_model.count_text(("label", inbox.workspace_id, label_id)) == "1"
    assert [e.kind for e in outbox.list_outbox(store.reader())] == ["label"]


def test_label_picker_creates_a_new_label_by_typing(
        qtbot: QtBot, make_window: MakeWindow, store: Store, inbox: Inbox) -> None:
    window = make_window()
    _select(qtbot, window, inbox.conversations["t-anna"])
    _key(qtbot, window, "l")
    assert window.label_picker is not None
    qtbot.keyClicks(window.label_picker.field, "Torte")
    qtbot.keyClick(window.label_picker.field, Qt.Key.Key_Return)
    settle(qtbot, window)
    names = [lb.name for lb in queries.labels(store.reader(), inbox.workspace_id)]
    assert "Torte" in names
    assert window.sidebar_model.find(("label", inbox.workspace_id, next(
        lb.id for lb in queries.labels(store.reader()) if lb.name == "Torte"))) is not None


def test_j_and_k_move_through_the_list(qtbot: QtBot, make_window: MakeWindow,
                                       inbox: Inbox) -> None:
    window = make_window()
    # Waiting view of all workspaces: longest waiting first.
    order = [window.inbox_model.conversation_id(r) for r in range(3)]
    assert order == [inbox.conversations[k] for k in ("t-anna", "t-ben", "t-dora")]
    _key(qtbot, window, "j")
    assert window.current_id() == order[0]
    _key(qtbot, window, "j")
    _key(qtbot, window, "j")
    assert window.current_id() == order[2]
    _key(qtbot, window, "j")
    assert window.current_id() == order[2]
    _key(qtbot, window, "k")
    assert window.current_id() == order[1]


def test_e_marks_done_moves_on_and_z_undoes(qtbot: QtBot, make_window: MakeWindow,
                                            store: Store, inbox: Inbox) -> None:
    window = make_window()
    anna, ben = inbox.conversations["t-anna"], inbox.conversations["t-ben"]
    _select(qtbot, window, anna)
    _key(qtbot, window, "e")
    settle(qtbot, window)
    assert _status(store, anna) == "done"
    assert window.inbox_model.row_of(anna) is None
    assert window.current_id() == ben, "triage continues with the next conversation"
    assert [e.kind for e in outbox.list_outbox(store.reader())] == ["archive"]
    _key(qtbot, window, "z")
    settle(qtbot, window)
    assert _status(store, anna) == "open"
    assert window.inbox_model.row_of(anna) is not None
    # Undone before it was sent: nothing is left for the channel to learn.
    assert outbox.list_outbox(store.reader()) == []


def test_u_toggles_unread_and_z_restores(qtbot: QtBot, make_window: MakeWindow,
                                         store: Store, inbox: Inbox) -> None:
    window = make_window()
    ben = inbox.conversations["t-ben"]
    _select(qtbot, window, ben)
    assert _unread(store, ben)
    _key(qtbot, window, "u")
    settle(qtbot, window)
    assert not _unread(store, ben)
    _key(qtbot, window, "u")
    settle(qtbot, window)
    assert _unread(store, ben)
    _key(qtbot, window, "z")
    settle(qtbot, window)
    assert not _unread(store, ben)


def test_enter_opens_and_marks_read(qtbot: QtBot, make_window: MakeWindow, store: Store,
                                    inbox: Inbox) -> None:
    window = make_window()
    ben = inbox.conversations["t-ben"]
    _select(qtbot, window, ben)
    _key(qtbot, window, Qt.Key.Key_Return)  # type: ignore[arg-type]
    settle(qtbot, window)
    assert not _unread(store, ben)
    assert window.conversation.browser.hasFocus()


def test_s_snoozes_until_tomorrow_nine(qtbot: QtBot, make_window: MakeWindow, store: Store,
                                       inbox: Inbox, clock: FakeClock) -> None:
    window = make_window()
    ben = inbox.conversations["t-ben"]
    _select(qtbot, window, ben)
    _key(qtbot, window, "s")
    menu = window.snooze_menu
    assert menu is not None
    assert [a.objectName() for a in menu.actions()] == ["later", "tomorrow", "next_week"]
    qtbot.waitExposed(menu)
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return):
        qtbot.keyClick(menu, key)
    settle(qtbot, window)
    status, until = store.reader().execute(
        "SELECT status, snooze_until FROM conversation WHERE id = ?", (ben,)).fetchone()
    assert status == "snoozed"
    assert 0 < until - clock.now <= 33 * 3600
    _key(qtbot, window, "z")
    settle(qtbot, window)
    assert _status(store, ben) == "open"


def test_z_undoes_a_label(qtbot: QtBot, make_window: MakeWindow, store: Store,
                          inbox: Inbox) -> None:
    window = make_window()
    ben = inbox.conversations["t-ben"]
    _select(qtbot, window, ben)
    _key(qtbot, window, "l")
    assert window.label_picker is not None
    qtbot.keyClicks(window.label_picker.field, "Reklamation")
    qtbot.keyClick(window.label_picker.field, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert [c.name for c in queries.conversation_row(store.reader(), ben).labels] == [
        "Reklamation"]
    _key(qtbot, window, "z")
    settle(qtbot, window)
    assert queries.conversation_row(store.reader(), ben).labels == ()
    assert window.conversation.detail is not None
    assert window.conversation.detail.row.labels == ()


def test_question_mark_lists_every_shortcut(qtbot: QtBot, make_window: MakeWindow,
                                            inbox: Inbox) -> None:
    window = make_window()
    _key(qtbot, window, "?")
    dialog = window.help_dialog
    assert dialog is not None and dialog.isVisible()
    from PySide6.QtWidgets import QLabel

    texts = {label.text() for label in dialog.findChildren(QLabel)}
    for expected in ("<b>J</b>", "<b>E</b>", "<b>Z</b>", "Snooze…", "Undo", "Send the reply"):
        assert expected in texts


def test_search_filters_the_list_and_escape_clears(qtbot: QtBot, make_window: MakeWindow,
                                                   inbox: Inbox) -> None:
    window = make_window()
    assert window.inbox_model.rowCount() == 3
    _key(qtbot, window, "/")
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "gluten")
    window.search.flush()
    assert [window.inbox_model.conversation_id(r)
            for r in range(window.inbox_model.rowCount())] == [inbox.conversations["t-ben"]]
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert window.inbox_model.rowCount() == 3


def test_search_without_results_explains(qtbot: QtBot, make_window: MakeWindow,
                                         inbox: Inbox) -> None:
    window = make_window()
    window.search.setText("fahrradschlauch")
    window.search.flush()
    assert window.list_stack.currentWidget() is window.list_empty
    assert window.list_empty.title.text() == "No results"
    assert "fahrradschlauch" in window.list_empty.text.text()


def test_empty_waiting_view_says_everyone_has_an_answer(
        qtbot: QtBot, make_window: MakeWindow, inbox: Inbox) -> None:
    window = make_window()
    window.sidebar.select_key(("view", inbox.bike_workspace_id, queries.View.SNOOZED))
    assert window.list_stack.currentWidget() is window.list_empty
    window.sidebar.select_key(("workspace", inbox.bike_workspace_id))
    assert window.inbox_model.rowCount() == 1
    window.inbox.select_row(0)
    _key(qtbot, window, "e")
    settle(qtbot, window)
    assert window.list_stack.currentWidget() is window.list_empty
    assert window.list_empty.text.text() == "Nothing waiting — every customer has an answer."
    assert window.conversation.currentWidget() is window.conversation.empty


def test_no_accounts_explains_what_to_do(qtbot: QtBot, make_window: MakeWindow) -> None:
    opened: list[bool] = []
    window = make_window(open_demo=lambda: opened.append(True))
    assert window.pages.currentWidget() is window.no_accounts
    assert window.no_accounts.title.text() == "No accounts yet"
    assert not window.add_account_button.isEnabled()
    assert "command line" in window.add_account_button.toolTip()
    qtbot.mouseClick(window.open_demo_button, Qt.MouseButton.LeftButton)
    assert opened == [True]


def test_add_account_callback_is_offered_when_given(qtbot: QtBot, make_window: MakeWindow,
                                                    store: Store) -> None:
    from app.store import ops

    def add(_parent: object) -> bool:
        ws = ops.create_workspace(store, "Neu")
        ops.create_account(store, ws, "email", "Neu", "neu@example.org")
        return True

    window = make_window(add_account=add)
    assert window.add_account_button.isEnabled()
    qtbot.mouseClick(window.add_account_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.splitter


def test_failed_reply_can_be_retried(qtbot: QtBot, make_window: MakeWindow, store: Store,
                                     inbox: Inbox) -> None:
    from app.store import ops

    anna = inbox.conversations["t-anna"]
    ops.reply(store, anna, "Ja!")
    item = outbox.list_outbox(store.reader())[0]
    outbox.mark_sending(store, item.id)
    outbox.mark_failed(store, item.id, "550 mailbox unavailable")
    window = make_window()
    window.sidebar.select_key(("view", None, queries.View.OPEN))
    _select(qtbot, window, anna)
    thread = window.conversation.thread_text()
    assert "Failed to send" in thread and "550 mailbox unavailable" in thread
    window.conversation.browser.internal_link.emit(
        __import__("PySide6.QtCore", fromlist=["QUrl"]).QUrl(f"tresen:retry/{item.id}"))
    settle(qtbot, window)
    assert outbox.get_item(store.reader(), item.id).state == "pending"
    assert "Queued" in window.conversation.thread_text()
    assert json.loads(json.dumps(item.payload))["text"] == "Ja!"


def test_a_long_list_paints_its_first_page_then_completes(
        store: Store, clock: FakeClock, qtbot: QtBot,
        make_window: Callable[..., MainWindow]) -> None:
    from app.records import Batch
    from app.store.ingest import apply_batch
    from tests.factories import incoming, workspace_with_account
    from ui.models.inbox import ID_CHUNK

    _ws, acc = workspace_with_account(store, "Viele")
    apply_batch(store, acc, Batch(messages=tuple(
        incoming(f"n{i}", f"Frage {i}", sent_at=clock.now - i, handle=f"k{i}@example.org")
        for i in range(ID_CHUNK + 300))))
    window = make_window()
    # After the first paint the complete list arrives from the worker thread.
    qtbot.waitUntil(lambda: window.inbox_model.is_complete, timeout=5_000)
    assert window.inbox_model.rowCount() == ID_CHUNK + 300
