"""Every user action is one committed transaction plus the right outbox item."""

from __future__ import annotations

import json
import sqlite3

import pytest

from app.records import Direction, Stream
from app.store import ops, outbox, queries
from app.store.database import InvalidInputError, NotFoundError, Store
from tests.conftest import FakeClock
from tests.factories import incoming, ingest, workspace_with_account


@pytest.fixture
def conv(store: Store, clock: FakeClock) -> int:
    _, acc = workspace_with_account(store)
    ingest(store, acc, incoming("t1", "Wo bleibt mein Brot?", sent_at=clock.now - 3600,
                                remote_id="<q1@example.org>"))
    return queries.conversation_ids(store.reader(), queries.ConversationFilter())[0]


def _items(store: Store) -> list[tuple[str, dict[str, object]]]:
    return [(i.kind, i.payload) for i in outbox.list_outbox(store.reader())]


def _fresh(store: Store) -> sqlite3.Connection:
    """A new connection: proves the change is committed, not just visible to us."""
    return sqlite3.connect(store.path)


def test_reply_is_queued_with_its_message_id_and_outbox_item(store: Store, conv: int) -> None:
    message_id, _ = ops.reply(store, conv, "Kommt morgen früh!")
    detail = queries.conversation_detail(store.reader(), conv)
    sent = detail.messages[-1]
    assert (sent.id, sent.direction, sent.state, sent.text) == (
        message_id, "out", "queued", "Kommt morgen früh!")
    assert sent.subject == "Re: Bestellung"
    [item] = outbox.list_outbox(store.reader())
    assert item.kind == "reply" and item.message_id == message_id
    assert sent.remote_id == f"<{item.idempotency_key}@sonnenschein.example>"
    assert item.payload["in_reply_to"] == "<q1@example.org>"
    row = _fresh(store).execute(
        "SELECT waiting_since, message_count FROM conversation WHERE id = ?", (conv,)).fetchone()
    assert row == (None, 2)


def test_reply_is_searchable_at_once(store: Store, conv: int) -> None:
    from app.store.search import search

    ops.reply(store, conv, "Die Zimtschnecken sind fertig")
    assert search(store.reader(), "zimtschnecken") == [conv]


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_reply_is_refused_and_nothing_written(store: Store, conv: int, text: str) -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        ops.reply(store, conv, text)
    assert _items(store) == []
    assert len(queries.conversation_detail(store.reader(), conv).messages) == 1


def test_reply_to_unknown_conversation(store: Store, conv: int) -> None:
    with pytest.raises(NotFoundError):
        ops.reply(store, conv + 100, "Hallo")


def test_undo_of_a_reply_withdraws_it_before_it_is_attempted(store: Store, conv: int) -> None:
    _, undo = ops.reply(store, conv, "Doch nicht")
    ops.apply_undo(store, undo)
    assert _items(store) == []
    row = queries.conversation_row(store.reader(), conv)
    assert row.message_count == 1 and row.waiting_since is not None


def test_label_and_unlabel(store: Store, conv: int) -> None:
    ops.set_label(store, conv, "Reklamation", colour="red")
    row = queries.conversation_row(store.reader(), conv)
    assert [(c.name, c.colour) for c in row.labels] == [("Reklamation", "#d64545")]
    assert _items(store) == [("label", {"label": "Reklamation"})]
    counts = queries.sidebar_counts(store.reader())
    assert counts.labels == {row.labels[0].id: 1}
    ops.set_label(store, conv, "Reklamation", present=False)
    assert queries.conversation_row(store.reader(), conv).labels == ()
    # label then unlabel before anything was sent: the channel needs to learn nothing
    assert _items(store) == []


def test_unlabel_after_label_was_sent_enqueues_unlabel(store: Store, conv: int) -> None:
    ops.set_label(store, conv, "Rückruf")
    [item] = outbox.list_outbox(store.reader())
    outbox.mark_sending(store, item.id)
    outbox.mark_sent(store, item.id)
    ops.set_label(store, conv, "Rückruf", present=False)
    assert _items(store) == [("unlabel", {"label": "Rückruf"})]


def test_unknown_colour_is_refused(store: Store, conv: int) -> None:
    with pytest.raises(InvalidInputError, match="unknown label colour"):
        ops.set_label(store, conv, "X", colour="mauve-ish")
    assert queries.labels(store.reader()) == []


def test_done_reopen_and_undo(store: Store, conv: int) -> None:
    undo = ops.mark_done(store, conv)
    assert _fresh(store).execute("SELECT status FROM conversation").fetchone()[0] == "done"
    assert _items(store) == [("archive", {})]
    ops.apply_undo(store, undo)
    assert queries.conversation_row(store.reader(), conv).status == "open"
    assert _items(store) == []  # archive withdrawn, nothing to tell the channel


def test_snooze_and_wake(store: Store, conv: int, clock: FakeClock) -> None:
    with pytest.raises(InvalidInputError):
        ops.snooze(store, conv, clock.now - 1)
    ops.snooze(store, conv, clock.now + 3600)
    flt = queries.ConversationFilter(view=queries.View.SNOOZED)
    assert queries.conversation_ids(store.reader(), flt) == [conv]
    assert ops.wake_snoozed(store) == []
    clock.advance(3600)
    assert ops.wake_snoozed(store) == [conv]
    assert queries.conversation_row(store.reader(), conv).status == "open"


def test_read_unread_round_trip(store: Store, conv: int) -> None:
    assert queries.conversation_row(store.reader(), conv).unread
    undo = ops.set_read(store, conv, True)
    assert not queries.conversation_row(store.reader(), conv).unread
    assert _items(store) == [("read", {})]
    ops.apply_undo(store, undo)
    assert queries.conversation_row(store.reader(), conv).unread
    assert _items(store) == []


def test_new_message_reopens_a_done_conversation(store: Store, conv: int,
                                                 clock: FakeClock) -> None:
    ops.mark_done(store, conv)
    acc = queries.conversation_row(store.reader(), conv).account_id
    ingest(store, acc, incoming("t1", "Noch was!", sent_at=clock.now,
                                parents=("<q1@example.org>",)))
    row = queries.conversation_row(store.reader(), conv)
    assert row.status == "open" and row.message_count == 2


def test_outbox_state_machine_mirrors_on_the_message(store: Store, conv: int,
                                                     clock: FakeClock) -> None:
    message_id, _ = ops.reply(store, conv, "Hallo")
    [item] = outbox.list_outbox(store.reader())
    outbox.mark_sending(store, item.id)
    outbox.mark_retry(store, item.id, "server busy", clock.now + 60)
    assert outbox.due_items(store.reader(), clock.now) == []
    assert [i.id for i in outbox.due_items(store.reader(), clock.now + 60)] == [item.id]
    outbox.mark_sending(store, item.id)
    outbox.mark_failed(store, item.id, "550 mailbox unavailable")
    msg = queries.conversation_detail(store.reader(), conv).messages[-1]
    assert (msg.id, msg.state, msg.last_error) == (message_id, "failed",
                                                   "550 mailbox unavailable")
    outbox.retry(store, item.id)
    entry = outbox.get_item(store.reader(), item.id)
    assert (entry.state, entry.attempts) == ("pending", 2)


def test_outbox_keeps_order_per_conversation(store: Store, conv: int, clock: FakeClock) -> None:
    ops.reply(store, conv, "Erste")
    ops.reply(store, conv, "Zweite")
    due = outbox.due_items(store.reader(), clock.now)
    assert [json.loads(json.dumps(i.payload))["text"] for i in due] == ["Erste"]


def test_waiting_view_lists_longest_waiting_first(store: Store, clock: FakeClock) -> None:
    _, acc = workspace_with_account(store, "Radladen")
    ingest(store, acc,
           incoming("a", "neu", sent_at=clock.now - 60),
           incoming("b", "alt", sent_at=clock.now - 7200),
           incoming("c", "beantwortet", sent_at=clock.now - 100),
           incoming("c", "Antwort", sent_at=clock.now - 50, direction=Direction.OUT))
    flt = queries.ConversationFilter(view=queries.View.WAITING)
    rows = queries.conversation_rows(store.reader(),
                                     queries.conversation_ids(store.reader(), flt))
    texts = [rows[i].snippet for i in queries.conversation_ids(store.reader(), flt)]
    assert texts == ["alt", "neu"]


def test_sidebar_counts_per_workspace_view_and_stream(store: Store, clock: FakeClock) -> None:
    ws_a, acc_a = workspace_with_account(store, "A")
    ws_b, acc_b = workspace_with_account(store, "B")
    ingest(store, acc_a,
           incoming("1", "wartet", sent_at=clock.now - 50),
           incoming("2", "beantwortet", sent_at=clock.now - 40, read=True),
           incoming("2", "Antwort", sent_at=clock.now - 30, direction=Direction.OUT),
           incoming("3", "erledigt", sent_at=clock.now - 20))
    ingest(store, acc_b, incoming("4", "mention", sent_at=clock.now - 10,
                                  stream=Stream.MENTIONS))
    done = queries.conversation_ids(store.reader(), queries.ConversationFilter(
        workspace_id=ws_a, view=queries.View.ALL))[0]
    ops.mark_done(store, done)
    counts = queries.sidebar_counts(store.reader())
    assert counts.views[ws_a] == {"waiting": 1, "open": 2, "snoozed": 0, "done": 1, "all": 3}
    assert counts.views[ws_b] == {"waiting": 1, "open": 1, "snoozed": 0, "done": 0, "all": 1}
    assert counts.views[None] == {"waiting": 2, "open": 3, "snoozed": 0, "done": 1, "all": 4}
    # unread conversations that are not done, per stream
    assert counts.streams[ws_a] == {"direct": 1}
    assert counts.streams[None] == {"direct": 1, "mentions": 1}


def test_delete_account_removes_its_data_and_search_rows(store: Store, clock: FakeClock) -> None:
    from app.store.search import search

    _, acc_a = workspace_with_account(store, "A")
    _, acc_b = workspace_with_account(store, "B")
    ingest(store, acc_a, incoming("1", "Zimtschnecke bitte", sent_at=clock.now))
    ingest(store, acc_b, incoming("2", "Zimtschnecke auch", sent_at=clock.now))
    conv_a = search(store.reader(), "zimtschnecke workspace:A")[0]
    ops.reply(store, conv_a, "Gern")
    ops.set_label(store, conv_a, "X")
    ops.delete_account(store, acc_a)
    conn = _fresh(store)
    assert conn.execute("SELECT count(*) FROM conversation").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM conversation_label").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM message WHERE account_id = ?",
                        (acc_a,)).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM outbox_item").fetchone()[0] == 0
    assert len(search(store.reader(), "zimtschnecke")) == 1
    assert search(store.reader(), "gern") == []
    with pytest.raises(NotFoundError):
        ops.delete_account(store, acc_a)


def test_the_trigger_kept_tally_always_equals_a_fresh_count(store: Store,
                                                            clock: FakeClock) -> None:
    from app.records import Batch
    from app.store.ingest import apply_batch

    _, acc_a = workspace_with_account(store, "A")
    _, acc_b = workspace_with_account(store, "B")
    conn = _fresh(store)

    def check() -> None:
        tally = set(conn.execute("SELECT workspace_id, stream, status, unread, waiting, n"
                                 " FROM conversation_tally WHERE n > 0"))
        fresh = set(conn.execute(
            "SELECT workspace_id, stream, status, unread, waiting_since IS NOT NULL, count(*)"
            " FROM conversation GROUP BY 1, 2, 3, 4, 5"))
        assert tally == fresh

    ingest(store, acc_a, *(incoming(f"a{i}", f"Frage {i}", sent_at=clock.now - i * 60,
                                    remote_id=f"<a{i}@x>",
                                    stream=(Stream.DIRECT, Stream.MENTIONS)[i % 2])
                           for i in range(12)))
    ingest(store, acc_b, incoming("b", "Hallo", sent_at=clock.now, remote_id="<b@x>"))
    check()
    convs = queries.conversation_ids(store.reader(), queries.ConversationFilter(
        view=queries.View.ALL))
    ops.mark_done(store, convs[0])
    ops.set_read(store, convs[1], True)
    ops.snooze(store, convs[2], clock.now + 600)
    ops.reply(store, convs[3], "Antwort")
    check()
    ingest(store, acc_a, incoming("a4", "Nachfrage", sent_at=clock.now + 1,
                                  parents=("<a4@x>",)))
    apply_batch(store, acc_a, Batch(deleted_remote_ids=("<a5@x>", "<a6@x>")))
    clock.advance(600)
    ops.wake_snoozed(store)
    check()
    ops.delete_account(store, acc_b)
    check()
