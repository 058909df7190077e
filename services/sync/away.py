"""Away notices from Tresen: answer new customer messages while we are closed.

Runs after each pulled batch is committed. Every rule lives in the pure
``app.availability.decide_auto_reply`` (switch, schedule, RFC 3834 loop
guards, per-sender period, hourly cap, stale messages after a week offline);
this module only gathers its inputs from the store and queues the notice
through the normal outbox, so it goes out exactly once.

A crash between the batch commit and the notice loses at most that notice,
never sends it twice. Accounts whose server answers by itself (a Sieve
vacation script Tresen installed, ``settings.server_away_notice``) are left
to the server, so a customer never gets two notices for one message.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from app.availability import decide_auto_reply
from app.records import HEADER_META_PREFIX, Direction, Stream
from app.store import away
from app.store.database import Clock, Store
from app.store.ingest import IngestResult
from app.store.queries import AccountInfo

log = logging.getLogger(__name__)

HOUR = 3600


def _utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


class AwayResponder:
    """Queues away notices for the new messages of a batch; returns how many."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self._store = store
        self._clock = clock or store.clock

    def __call__(self, account: AccountInfo, result: IngestResult) -> int:
        if not result.new_message_ids or account.settings.get("server_away_notice"):
            return 0
        conn = self._store.reader()
        schedule = away.account_schedule(conn, account.id)
        if schedule is None or not schedule.auto_reply.enabled:
            return 0
        own = [row[0] for row in conn.execute(
            "SELECT identity FROM account WHERE workspace_id = ?", (account.workspace_id,))]
        language = conn.execute("SELECT language FROM workspace WHERE id = ?",
                                (account.workspace_id,)).fetchone()[0]
        queued = 0
        marks = ",".join("?" * len(result.new_message_ids))
        rows = conn.execute(
            "SELECT m.conversation_id, m.sent_at, m.author_handle, m.meta, coalesce(ct.is_bot, 0)"
            " FROM message m JOIN conversation c ON c.id = m.conversation_id"
            " LEFT JOIN contact ct ON ct.id = c.contact_id"
            f" WHERE m.id IN ({marks}) AND m.direction = ? AND c.stream = ? ORDER BY m.id",
            (*result.new_message_ids, Direction.IN.value, Stream.DIRECT.value),
        ).fetchall()
        for conv_id, sent_at, sender, meta_json, is_bot in rows:
            now = self._clock()
            meta = json.loads(meta_json or "{}")
            headers = {k[len(HEADER_META_PREFIX):]: str(v) for k, v in meta.items()
                       if k.startswith(HEADER_META_PREFIX)}
            history = away.notice_history(conn, account.workspace_id, sender, now - HOUR)
            decision = decide_auto_reply(
                schedule, now=_utc(now), message_at=_utc(sent_at), headers=headers,
                sender=sender, own_addresses=own, is_bot=bool(is_bot),
                last_notice_to_sender=(None if history.last_to_sender is None
                                       else _utc(history.last_to_sender)),
                recent_notices=[_utc(t) for t in history.recent], language=language,
            )
            if decision.send and decision.text:
                away.queue_away_notice(self._store, conv_id, sender, decision.text)
                queued += 1
            else:
                log.debug("no away notice for message from %s: %s", sender, decision.reason)
        return queued
