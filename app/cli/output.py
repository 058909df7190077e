"""Turning store rows into JSON objects and compact tables.

The JSON shapes are the CLI's contract with scripts, so they are built in
one place: a conversation looks the same in ``conversations``, ``search``
and ``show``. Times are ISO 8601 in UTC with an explicit offset, which every
language parses without guessing a zone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TextIO

from app.store.outbox import OutboxEntry
from app.store.queries import ConversationDetail, ConversationRow, MessageView


def iso(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat()


def is_waiting(row: ConversationRow) -> bool:
    """Open and the customer spoke last: the same rule as the "Waiting" view."""
    return row.status == "open" and row.waiting_since is not None


def conversation_json(row: ConversationRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "workspace": row.workspace,
        "workspace_id": row.workspace_id,
        "account": row.account,
        "account_id": row.account_id,
        "channel": row.channel,
        "contact": row.contact,
        "stream": row.stream,
        "status": row.status,
        "subject": row.subject,
        "snippet": row.snippet,
        "labels": [chip.name for chip in row.labels],
        "unread": row.unread,
        "waiting": is_waiting(row),
        "waiting_since": iso(row.waiting_since),
        "last_message_at": iso(row.last_activity),
        "snooze_until": iso(row.snooze_until),
        "message_count": row.message_count,
    }


def message_json(msg: MessageView) -> dict[str, Any]:
    return {
        "id": msg.id,
        "direction": msg.direction,
        "author": msg.author_name,
        "author_handle": msg.author_handle,
        "sent_at": iso(msg.sent_at),
        "subject": msg.subject,
        "text": msg.text,
        "state": msg.state,
        "read": msg.read,
        "last_error": msg.last_error,
        "attachments": [a.name for a in msg.attachments],
    }


def detail_json(detail: ConversationDetail) -> dict[str, Any]:
    obj = conversation_json(detail.row)
    obj["account_identity"] = detail.account_identity
    obj["contact_handle"] = detail.contact_handle
    obj["messages"] = [message_json(m) for m in detail.messages]
    return obj


def outbox_json(item: OutboxEntry) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "conversation_id": item.conversation_id,
        "message_id": item.message_id,
        "account_id": item.account_id,
        "state": item.state,
        "attempts": item.attempts,
        "last_error": item.last_error,
        "idempotency_key": item.idempotency_key,
        "next_attempt_at": iso(item.next_attempt_at),
        "created_at": iso(item.created_at),
        "payload": item.payload,
    }


def write_json(out: TextIO, value: object) -> None:
    out.write(json.dumps(value, ensure_ascii=False, indent=2))
    out.write("\n")


def age(seconds: int) -> str:
    """A short duration a person reads at a glance: ``45 min``, ``3 h``, ``2 d``."""
    seconds = max(0, seconds)
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86_400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86_400} d"


def clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def write_table(out: TextIO, headers: Sequence[str], rows: Sequence[Sequence[str]],
                *, empty: str = "(none)") -> None:
    """Left-aligned columns; the last column is not padded (it may be long)."""
    if not rows:
        out.write(empty + "\n")
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for line in (headers, *rows):
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(line[:-1])]
        out.write("  ".join([*cells, line[-1]]).rstrip() + "\n")


def conversation_table(out: TextIO, rows: Sequence[ConversationRow], now: int) -> None:
    lines = []
    for row in rows:
        if is_waiting(row):
            status = f"waiting {age(now - (row.waiting_since or now))}"
        else:
            status = row.status
        lines.append([
            str(row.id), ("*" if row.unread else ""), clip(row.workspace, 24), row.stream,
            status, clip(", ".join(c.name for c in row.labels), 24),
            clip(row.subject or row.snippet, 60),
        ])
    write_table(out, ["ID", "", "WORKSPACE", "STREAM", "STATUS", "LABELS", "SUBJECT"], lines,
                empty="(no conversations)")
