"""Send later: the outbox releases a scheduled reply at its time, and holds it when
the customer wrote again meanwhile, until the owner has looked."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.availability import next_open, schedule_from_json
from app.store import away, ops, outbox, scheduled
from app.store.database import InvalidInputError, Store
from tests.conftest import FakeClock
from tests.factories import incoming, ingest, workspace_with_account

HOUR = 3600
WEEKDAYS_9_TO_17 = {
    "timezone": "Europe/Berlin",
    "hours": {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
}


def _conversation(store: Store, clock: FakeClock) -> tuple[int, int]:
    _ws, acc = workspace_with_account(store)
    ingest(store, acc, incoming("t-anna", "Ist die Torte fertig?", sent_at=clock.now - HOUR))
    conv = store.reader().execute("SELECT id FROM conversation").fetchone()[0]
    return acc, int(conv)


def _sendable(store: Store, now: int) -> list[int]:
    """What the engine's push sends at ``now``: due items minus held ones."""
    conn = store.reader()
    return [i.id for i in outbox.due_items(conn, now)
            if not scheduled.held_for_review(conn, i)]


def test_reply_scheduled_for_a_time_waits_in_the_outbox_until_then(
        store: Store, clock: FakeClock) -> None:
    _acc, conv = _conversation(store, clock)
    send_at = clock.now + 5 * HOUR
    msg_id, undo = scheduled.schedule_reply(store, conv, "Ja, ab 10 Uhr.", send_at)
    item = next(e for e in outbox.list_outbox(store.reader()) if e.message_id == msg_id)
    assert item.kind == "reply" and item.payload["text"] == "Ja, ab 10 Uhr."
    assert item.next_attempt_at == send_at
    meta = json.loads(store.reader().execute("SELECT meta FROM message WHERE id = ?",
                                             (msg_id,)).fetchone()[0])
    assert meta["scheduled"]["at"] == send_at and meta["scheduled"]["mode"] == "time"
    assert _sendable(store, clock.now) == []
    assert _sendable(store, send_at) == [item.id]
    waiting = scheduled.scheduled_replies(store.reader(), conv)
    assert list(waiting) == [msg_id] and waiting[msg_id].send_at == send_at
    assert not waiting[msg_id].held
    ops.apply_undo(store, undo)
    assert outbox.list_outbox(store.reader()) == []


def test_a_time_in_the_past_is_refused(store: Store, clock: FakeClock) -> None:
    _acc, conv = _conversation(store, clock)
    with pytest.raises(InvalidInputError, match="future"):
        scheduled.schedule_reply(store, conv, "Zu spät", clock.now - 1)
    assert outbox.list_outbox(store.reader()) == []


def test_when_we_open_is_the_next_opening_of_the_accounts_schedule(
        store: Store, clock: FakeClock) -> None:
    acc, conv = _conversation(store, clock)
    assert scheduled.when_we_open(store.reader(), acc, clock.now) is None
    schedule = schedule_from_json(WEEKDAYS_9_TO_17)
    ws = store.reader().execute("SELECT workspace_id FROM account").fetchone()[0]
    away.set_workspace_schedule(store, ws, schedule)
    saturday_noon = int(datetime(2026, 9, 26, 10, 0, tzinfo=UTC).timestamp())
    opening = scheduled.when_we_open(store.reader(), acc, saturday_noon)
    expected = next_open(schedule, datetime.fromtimestamp(saturday_noon, UTC))
    assert expected is not None and opening == int(expected.timestamp())
    assert datetime.fromtimestamp(opening, UTC).astimezone(schedule.zone).strftime(
        "%a %H:%M") == "Mon 09:00"
    clock.now = saturday_noon
    msg_id, _ = scheduled.schedule_reply(store, conv, "Montag früh", opening, "open")
    assert scheduled.scheduled_replies(store.reader(), conv)[msg_id].mode == "open"


def test_customer_writing_again_holds_the_reply_and_flags_the_conversation(
        store: Store, clock: FakeClock) -> None:
    acc, conv = _conversation(store, clock)
    send_at = clock.now + 10 * HOUR
    msg_id, _ = scheduled.schedule_reply(store, conv, "Ja, ist fertig.", send_at)
    assert scheduled.held_conversation_ids(store.reader()) == []
    clock.advance(2 * HOUR)
    ingest(store, acc, incoming("t-anna", "Ach, und bitte ohne Nüsse!", sent_at=clock.now))
    assert _sendable(store, send_at) == []
    assert scheduled.scheduled_replies(store.reader(), conv)[msg_id].held
    assert scheduled.held_conversation_ids(store.reader()) == [conv]
    row = store.reader().execute("SELECT waiting_since, state FROM conversation c JOIN message"
                                 " m ON m.id = ? WHERE c.id = ?", (msg_id, conv)).fetchone()
    assert row == (clock.now, "queued")  # waiting again; nothing left the outbox

    scheduled.send_now(store, msg_id)
    assert scheduled.held_conversation_ids(store.reader()) == []
    items = _sendable(store, clock.now)
    assert len(items) == 1 and outbox.get_item(store.reader(), items[0]).message_id == msg_id


def test_our_own_messages_do_not_hold_a_scheduled_reply(store: Store, clock: FakeClock) -> None:
    _acc, conv = _conversation(store, clock)
    send_at = clock.now + HOUR
    first, _ = scheduled.schedule_reply(store, conv, "Erste Antwort", send_at)
    ops.reply(store, conv, "Noch etwas sofort")
    assert not scheduled.scheduled_replies(store.reader(), conv)[first].held


def test_send_now_refuses_a_reply_that_is_not_scheduled(store: Store, clock: FakeClock) -> None:
    _acc, conv = _conversation(store, clock)
    msg_id, _ = ops.reply(store, conv, "Sofort")
    with pytest.raises(InvalidInputError):
        scheduled.send_now(store, msg_id)
