"""The demo channel: replies go through the outbox exactly like real ones.

There is no remote side: ``app/demo.py`` writes the demo conversations and
``pull`` has nothing to add. ``send`` accepts every item at once (labels,
read state and archive are no-ops that succeed) and remembers each reply's
idempotency key in a ``sync_cursor`` row — the stand-in for a server's Sent
folder — so ``was_delivered`` answers truthfully after a crash and a restart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from app.records import Batch
from app.store.database import Store
from app.store.outbox import OutboxEntry
from app.store.queries import cursors
from app.store.sync_state import update_cursor
from services.channel import Capabilities, SendResult

__all__ = ["DELIVERED_FOLDER", "DemoChannel"]

DELIVERED_FOLDER = "demo:delivered"
KEEP_KEYS = 2000
"""Crash recovery only asks about the last few items; older keys can go."""


class DemoChannel:
    kind = "demo"

    def __init__(self, store: Store, account_id: int) -> None:
        self._store = store
        self._account_id = account_id

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(replies=True, remote_labels=True, read_state=True, archive=True)

    def pull(self, cursors: Mapping[str, str]) -> Batch:
        return Batch()

    def send(self, item: OutboxEntry) -> SendResult:
        if item.kind == "reply":
            key = item.idempotency_key

            def add(value: str | None) -> str:
                keys: list[str] = json.loads(value) if value else []
                if key not in keys:
                    keys.append(key)
                return json.dumps(keys[-KEEP_KEYS:])

            update_cursor(self._store, self._account_id, DELIVERED_FOLDER, add)
        return SendResult()

    def was_delivered(self, item: OutboxEntry) -> bool | None:
        if item.kind != "reply":
            return True  # the no-ops always "arrive"
        stored = cursors(self._store.reader(), self._account_id).get(DELIVERED_FOLDER)
        return item.idempotency_key in (json.loads(stored) if stored else [])

    def close(self) -> None:
        pass
