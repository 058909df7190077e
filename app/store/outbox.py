"""The outbox: what the channels still have to learn, and its life cycle.

States: ``pending`` → ``sending`` (written *before* the channel is
contacted) → ``sent``; or back to ``pending`` with a later
``next_attempt_at`` after a temporary error; ``failed`` after a permanent
one; ``unknown`` when a crash left an item in ``sending`` and the channel
could not tell whether it arrived — the owner decides, nothing is resent on
a guess. The message a reply belongs to mirrors the item's state.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from app.store.database import InvalidInputError, NotFoundError, Store


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    account_id: int
    conversation_id: int | None
    message_id: int | None
    kind: str
    payload: dict[str, Any]
    idempotency_key: str
    state: str
    attempts: int
    next_attempt_at: int
    last_error: str
    created_at: int


_COLUMNS = ("o.id, o.account_id, o.conversation_id, o.message_id, o.kind, o.payload,"
            " o.idempotency_key, o.state, o.attempts, o.next_attempt_at, o.last_error,"
            " o.created_at")


def _entry(r: tuple[Any, ...]) -> OutboxEntry:
    return OutboxEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), *r[6:])


def list_outbox(conn: sqlite3.Connection, *, include_sent: bool = False) -> list[OutboxEntry]:
    where = "" if include_sent else " WHERE o.state != 'sent'"
    return [_entry(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM outbox_item o{where} ORDER BY o.id")]


def get_item(conn: sqlite3.Connection, item_id: int) -> OutboxEntry:
    row = conn.execute(f"SELECT {_COLUMNS} FROM outbox_item o WHERE o.id = ?",
                       (item_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no outbox item with id {item_id}")
    return _entry(row)


def due_items(conn: sqlite3.Connection, now: int,
              account_ids: tuple[int, ...] | None = None) -> list[OutboxEntry]:
    """Pending items whose time has come, each only once everything queued
    earlier for the same conversation has gone: replies arrive in order."""
    sql = (f"SELECT {_COLUMNS} FROM outbox_item o WHERE o.state = 'pending'"
           " AND o.next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM outbox_item p"
           " WHERE p.conversation_id = o.conversation_id AND p.id < o.id"
           " AND p.state IN ('pending', 'sending'))")
    params: list[object] = [now]
    if account_ids is not None:
        sql += f" AND o.account_id IN ({','.join('?' * len(account_ids))})"
        params.extend(account_ids)
    return [_entry(r) for r in conn.execute(sql + " ORDER BY o.id", params)]


def in_flight(conn: sqlite3.Connection) -> list[OutboxEntry]:
    """Items a previous run left in ``sending``: they may or may not have arrived."""
    return [_entry(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM outbox_item o WHERE o.state = 'sending' ORDER BY o.id")]


def _transition(store: Store, item_id: int, state: str, message_state: str | None,
                *, error: str = "", next_attempt_at: int | None = None,
                count_attempt: bool = False, remote_id: str | None = None) -> None:
    with store.write() as conn:
        row = conn.exec_driver_sql(
            "UPDATE outbox_item SET state = ?, last_error = ?, attempts = attempts + ?,"
            " next_attempt_at = coalesce(?, next_attempt_at) WHERE id = ? RETURNING message_id",
            (state, error, int(count_attempt), next_attempt_at, item_id),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no outbox item with id {item_id}")
        message_id = row[0]
        if message_id is not None and message_state is not None:
            conn.exec_driver_sql("UPDATE message SET state = ? WHERE id = ?",
                                 (message_state, message_id))
        if message_id is not None and remote_id is not None:
            conn.exec_driver_sql("UPDATE message SET remote_id = ? WHERE id = ?",
                                 (remote_id, message_id))


def mark_sending(store: Store, item_id: int) -> None:
    _transition(store, item_id, "sending", "sending", count_attempt=True)


def mark_sent(store: Store, item_id: int, remote_id: str | None = None) -> None:
    """Done; ``remote_id`` replaces the placeholder id of channels that assign their own."""
    _transition(store, item_id, "sent", "sent", remote_id=remote_id)


def mark_retry(store: Store, item_id: int, error: str, next_attempt_at: int) -> None:
    _transition(store, item_id, "pending", "queued", error=error,
                next_attempt_at=next_attempt_at)


def mark_failed(store: Store, item_id: int, error: str) -> None:
    _transition(store, item_id, "failed", "failed", error=error)


def mark_unknown(store: Store, item_id: int, error: str) -> None:
    _transition(store, item_id, "unknown", "unknown", error=error)


def retry(store: Store, item_id: int) -> None:
    """The owner's "retry" on a failed or unknown item: queue it again now."""
    item = get_item(store.reader(), item_id)
    if item.state not in ("failed", "unknown"):
        raise InvalidInputError(f"outbox item {item_id} is {item.state}, not failed or unknown")
    _transition(store, item_id, "pending", "queued", error="",
                next_attempt_at=store.clock())
