"""Sync helpers: pull batches into the real store the way the engine does."""

from __future__ import annotations

from typing import Any

from app.records import Batch
from app.store.database import Store
from app.store.ingest import apply_batch
from app.store.queries import cursors
from services.mastodon.adapter import MastodonChannel


def sync(store: Store, account_id: int, channel: MastodonChannel,
         max_pulls: int = 50) -> list[Batch]:
    """Pull and apply until the channel says there is no more; returns the batches."""
    batches = []
    for _ in range(max_pulls):
        batch = channel.pull(cursors(store.reader(), account_id))
        apply_batch(store, account_id, batch)
        batches.append(batch)
        if not batch.more:
            return batches
    raise AssertionError("the channel never said it was done")


def conversations(store: Store) -> list[dict[str, Any]]:
    rows = store.reader().execute(
        "SELECT c.id, c.thread_key, c.stream, c.unread, c.message_count, k.handle,"
        " k.display_name, k.is_bot FROM conversation c LEFT JOIN contact k"
        " ON k.id = c.contact_id ORDER BY c.id").fetchall()
    keys = ("id", "thread_key", "stream", "unread", "message_count", "handle", "name", "bot")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def messages(store: Store, conversation_id: int | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT remote_id, conversation_id, direction, author_handle, text, html, read,"
           " state FROM message")
    params: tuple[int, ...] = ()
    if conversation_id is not None:
        sql += " WHERE conversation_id = ?"
        params = (conversation_id,)
    keys = ("remote_id", "conversation_id", "direction", "author", "text", "html", "read",
            "state")
    return [dict(zip(keys, r, strict=True))
            for r in store.reader().execute(sql + " ORDER BY sent_at, id", params)]
