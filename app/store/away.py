"""Availability schedules and away notices in the store.

Schedules are kept as the same JSON the CLI imports and exports, so what the
owner versions in a file is exactly what the store holds. Each away notice we
queue is recorded with its sender, which is what the loop guards' "one per
sender per period" and "at most N per hour" limits count — across restarts.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from app.availability.guards import normalize_address
from app.availability.jsonio import schedule_from_json, schedule_to_json
from app.availability.model import Schedule
from app.store.database import NotFoundError, Store

# The write functions import the ORM (app.store.models, ops) when called: the
# window reads schedules at start-up and must not wait for SQLAlchemy.

AWAY_META = {"auto": "away", "auto_submitted": "auto-replied"}


@dataclass(frozen=True, slots=True)
class NoticeHistory:
    last_to_sender: int | None
    recent: tuple[int, ...]


def workspace_schedule(conn: sqlite3.Connection, workspace_id: int) -> Schedule | None:
    row = conn.execute("SELECT availability FROM workspace WHERE id = ?",
                       (workspace_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no workspace with id {workspace_id}")
    return None if row[0] is None else schedule_from_json(json.loads(row[0]))


def account_schedule(conn: sqlite3.Connection, account_id: int) -> Schedule | None:
    """The schedule that applies to an account: its own, else its workspace's."""
    row = conn.execute("SELECT workspace_id, availability FROM account WHERE id = ?",
                       (account_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no account with id {account_id}")
    if row[1] is not None:
        return schedule_from_json(json.loads(row[1]))
    return workspace_schedule(conn, int(row[0]))


def set_workspace_schedule(store: Store, workspace_id: int, schedule: Schedule | None) -> None:
    from app.store.models import Workspace

    with store.session() as s:
        ws = s.get(Workspace, workspace_id)
        if ws is None:
            raise NotFoundError(f"no workspace with id {workspace_id}")
        ws.availability = None if schedule is None else json.dumps(schedule_to_json(schedule))


def set_account_schedule(store: Store, account_id: int, schedule: Schedule | None) -> None:
    from app.store.models import Account

    with store.session() as s:
        account = s.get(Account, account_id)
        if account is None:
            raise NotFoundError(f"no account with id {account_id}")
        account.availability = (None if schedule is None
                                else json.dumps(schedule_to_json(schedule)))


def notice_history(conn: sqlite3.Connection, workspace_id: int, sender: str,
                   since: int) -> NoticeHistory:
    """When we last sent ``sender`` a notice, and every notice since ``since``."""
    key = normalize_address(sender)
    last = conn.execute("SELECT max(sent_at) FROM away_notice WHERE workspace_id = ?"
                        " AND sender = ?", (workspace_id, key)).fetchone()[0]
    recent = tuple(r[0] for r in conn.execute(
        "SELECT sent_at FROM away_notice WHERE workspace_id = ? AND sent_at >= ?"
        " ORDER BY sent_at", (workspace_id, since)))
    return NoticeHistory(last, recent)


def queue_away_notice(store: Store, conversation_id: int, sender: str, text: str) -> int:
    """Queue the notice and record it, in one transaction; returns the message id.

    The notice travels the normal outbox (exactly once) with
    ``auto_submitted`` in its payload so the channel marks it as automatic
    (RFC 3834). It does not count as an answer: the customer still waits.
    """
    from app.store.models import AwayNotice
    from app.store.ops import _conversation, queue_outgoing

    with store.session() as s:
        conv = _conversation(s, conversation_id)
        msg = queue_outgoing(s, store, conv, text, subject_prefix="Auto: ", answers=False,
                             extra=dict(AWAY_META))
        assert msg.id is not None
        s.add(AwayNotice(workspace_id=conv.workspace_id, conversation_id=conv.id,
                         message_id=msg.id, sender=normalize_address(sender),
                         sent_at=store.clock()))
        return msg.id


def away_notice_ids(conn: sqlite3.Connection, conversation_id: int) -> frozenset[int]:
    """Message ids of the away notices in a conversation, so the thread can show them apart."""
    return frozenset(int(r[0]) for r in conn.execute(
        "SELECT id FROM message WHERE conversation_id = ? AND direction = 'out'"
        " AND json_extract(meta, '$.auto') = ?", (conversation_id, AWAY_META["auto"])))
