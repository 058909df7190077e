"""Replies that wait: "send later" at a chosen time, or "when we open".

A scheduled reply is an ordinary queued reply (one message, one outbox item,
exactly once) whose item's ``next_attempt_at`` lies in the future — the
outbox hands out nothing before its time — and whose message ``meta``
records ``{"scheduled": {"at", "mode", "seen_up_to"}}``. ``seen_up_to`` is
the newest message id the owner had in front of them when they wrote it.

If the customer writes again before the reply goes out, the reply may no
longer fit: it is *held* (``held_for_review``, asked by the sync engine
before sending) and its conversation counts as flagged for a second look
until the owner sends it anyway (``send_now``) or cancels it (``ops.cancel_reply``). The flag is
derived from the messages themselves, so it is right whether the new
message arrived while the app ran or during a sync days later.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from app.availability import next_open
from app.records import DeliveryState
from app.store.away import account_schedule
from app.store.database import InvalidInputError, NotFoundError, Store
from app.store.outbox import OutboxEntry

if TYPE_CHECKING:  # the write functions import the ORM when called (start-up speed)
    from app.store.undo import Undo

__all__ = [
    "SCHEDULED_KEY",
    "Mode",
    "ScheduledReply",
    "held_conversation_ids",
    "held_for_review",
    "schedule_reply",
    "scheduled_replies",
    "send_now",
    "when_we_open",
]

SCHEDULED_KEY = "scheduled"
"""The key in a message's ``meta`` that marks it as scheduled."""

Mode = Literal["time", "open"]


@dataclass(frozen=True, slots=True)
class ScheduledReply:
    """A reply still waiting for its time; ``held`` when the customer wrote since."""

    message_id: int
    item_id: int
    conversation_id: int
    send_at: int
    mode: str
    held: bool


def when_we_open(conn: sqlite3.Connection, account_id: int, now: int) -> int | None:
    """Epoch seconds of the account's next opening (``now`` while open).

    ``None`` when the account has no schedule or its schedule never opens:
    then "when we open" cannot be offered.
    """
    schedule = account_schedule(conn, account_id)
    if schedule is None:
        return None
    opening = next_open(schedule, datetime.fromtimestamp(now, UTC))
    return None if opening is None else int(opening.timestamp())


def schedule_reply(store: Store, conversation_id: int, text: str, send_at: int,
                   mode: Mode = "time") -> tuple[int, Undo]:
    """Queue a reply that the outbox releases at ``send_at``; returns (message id, undo).

    A chosen time must lie in the future; "when we open" may already have
    come (we opened meanwhile), and then the reply simply goes at once.
    """
    from app.store.ops import _check_body, _conversation, queue_outgoing
    from app.store.undo import Undo

    body = _check_body(text)
    now = store.clock()
    if mode == "time" and send_at <= now:
        raise InvalidInputError("choose a time in the future to send this reply")
    with store.session() as s:
        msg = queue_outgoing(s, store, _conversation(s, conversation_id), body)
        assert msg.id is not None
        s.flush()
        item = s.exec(_item_of(msg.id)).one()
        item.next_attempt_at = max(send_at, now)
        msg.meta = _with_schedule(msg.meta, {"at": item.next_attempt_at, "mode": mode,
                                             "seen_up_to": msg.id})
        return msg.id, Undo("cancel_reply", conversation_id, (msg.id,), "reply")


def held_for_review(conn: sqlite3.Connection, item: OutboxEntry) -> bool:
    """True if ``item`` is a scheduled reply the customer has written after.

    The sync engine asks this for each due item and skips held ones: a reply
    written for Friday's question must not go out unread after Saturday's
    follow-up. Read-only, so it costs one indexed lookup per due reply.
    """
    if item.kind != "reply" or item.message_id is None or item.conversation_id is None:
        return False
    row = conn.execute("SELECT meta FROM message WHERE id = ?", (item.message_id,)).fetchone()
    plan = _plan(row[0] if row else None)
    if plan is None:
        return False
    return _customer_wrote_since(conn, item.conversation_id, int(plan["seen_up_to"]))


def scheduled_replies(conn: sqlite3.Connection,
                      conversation_id: int) -> dict[int, ScheduledReply]:
    """The conversation's replies still waiting for their time, by message id."""
    found: dict[int, ScheduledReply] = {}
    for msg_id, meta, item_id, at in conn.execute(
        "SELECT m.id, m.meta, o.id, o.next_attempt_at FROM message m"
        " JOIN outbox_item o ON o.message_id = m.id"
        " WHERE m.conversation_id = ? AND o.state = 'pending' AND o.attempts = 0"
        " AND m.meta LIKE '%\"scheduled\"%' ORDER BY m.id", (conversation_id,),
    ):
        plan = _plan(meta)
        if plan is None:
            continue
        held = _customer_wrote_since(conn, conversation_id, int(plan["seen_up_to"]))
        found[msg_id] = ScheduledReply(msg_id, item_id, conversation_id, int(at),
                                       str(plan.get("mode", "time")), held)
    return found


def held_conversation_ids(conn: sqlite3.Connection) -> list[int]:
    """Conversations flagged for a second look: a held reply waits in each."""
    ids = [int(r[0]) for r in conn.execute(
        "SELECT DISTINCT m.conversation_id FROM message m"
        " JOIN outbox_item o ON o.message_id = m.id"
        " WHERE o.state = 'pending' AND o.attempts = 0 AND m.meta LIKE '%\"scheduled\"%'"
        " ORDER BY m.conversation_id")]
    return [conv_id for conv_id in ids
            if any(r.held for r in scheduled_replies(conn, conv_id).values())]


def send_now(store: Store, message_id: int) -> None:
    """The owner has looked again: release the reply now, hold or not.

    The plan is dropped from ``meta``, so from here on it is an ordinary
    queued reply: nothing that arrives before the next sync holds it again.
    """
    from app.store.models import Message

    with store.session() as s:
        msg = s.get(Message, message_id)
        if msg is None:
            raise NotFoundError(f"no message with id {message_id}")
        item = s.exec(_item_of(message_id)).first()
        if (item is None or item.state != "pending" or item.attempts
                or msg.state != DeliveryState.QUEUED.value or _plan(msg.meta) is None):
            raise InvalidInputError("this reply is not waiting to be sent later")
        now = store.clock()
        item.next_attempt_at = now
        data = json.loads(msg.meta or "{}")
        data.pop(SCHEDULED_KEY, None)  # an ordinary queued reply from now on
        data["released_at"] = now
        msg.meta = json.dumps(data, sort_keys=True)


def _item_of(message_id: int) -> Any:
    from sqlmodel import select

    from app.store.models import OutboxItem

    return select(OutboxItem).where(OutboxItem.message_id == message_id)


def _with_schedule(meta: str, plan: dict[str, Any]) -> str:
    data = json.loads(meta or "{}")
    data[SCHEDULED_KEY] = plan
    return json.dumps(data, sort_keys=True)


def _plan(meta: str | None) -> dict[str, Any] | None:
    if not meta:
        return None
    try:
        plan = json.loads(meta).get(SCHEDULED_KEY)
    except (ValueError, AttributeError):
        return None
    if not isinstance(plan, dict) or not isinstance(plan.get("seen_up_to"), int):
        return None
    return plan


def _customer_wrote_since(conn: sqlite3.Connection, conversation_id: int, seen: int) -> bool:
    return bool(conn.execute(
        "SELECT EXISTS (SELECT 1 FROM message WHERE conversation_id = ? AND direction = 'in'"
        " AND id > ?)", (conversation_id, seen)).fetchone()[0] == 1)
