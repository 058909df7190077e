"""Schedules persist as JSON; away notices queue like replies but keep the customer waiting."""

from __future__ import annotations

import pytest

from app.availability import schedule_from_json
from app.store import away, outbox, queries
from app.store.database import NotFoundError, Store
from tests.conftest import FakeClock
from tests.factories import incoming, ingest, workspace_with_account

SCHEDULE = {
    "timezone": "Europe/Berlin",
    "hours": {"mon": [["09:00", "13:00"], ["14:00", "18:00"]], "tue": [["09:00", "18:00"]]},
    "closures": [{"start": "2026-12-24", "end": "2026-12-26", "reason": "Weihnachten"}],
    "auto_reply": {"enabled": True, "period_days": 4},
}


def test_workspace_schedule_round_trip_and_account_override(store: Store) -> None:
    ws, acc = workspace_with_account(store)
    assert away.workspace_schedule(store.reader(), ws) is None
    schedule = schedule_from_json(SCHEDULE)
    away.set_workspace_schedule(store, ws, schedule)
    assert away.workspace_schedule(store.reader(), ws) == schedule
    assert away.account_schedule(store.reader(), acc) == schedule
    own = schedule_from_json({**SCHEDULE, "timezone": "Europe/Vienna"})
    away.set_account_schedule(store, acc, own)
    assert away.account_schedule(store.reader(), acc) == own
    away.set_account_schedule(store, acc, None)
    assert away.account_schedule(store.reader(), acc) == schedule
    with pytest.raises(NotFoundError):
        away.set_workspace_schedule(store, ws + 99, schedule)


def test_away_notice_is_queued_recorded_and_keeps_waiting(store: Store,
                                                         clock: FakeClock) -> None:
    ws, acc = workspace_with_account(store)
    ingest(store, acc, incoming("t", "Habt ihr Sonntag offen?", sent_at=clock.now - 60,
                                handle="Anna@Example.org"))
    message_id = away.queue_away_notice(store, 1, "Anna@Example.org", "Wir sind ab Montag da.")
    detail = queries.conversation_detail(store.reader(), 1)
    notice = detail.messages[-1]
    assert (notice.id, notice.direction, notice.state) == (message_id, "out", "queued")
    assert notice.subject == "Auto: Bestellung"
    assert detail.row.waiting_since == clock.now - 60  # a notice is no answer
    [item] = outbox.list_outbox(store.reader())
    assert item.payload["auto_submitted"] == "auto-replied"
    history = away.notice_history(store.reader(), ws, "anna@example.org", clock.now - 3600)
    assert history == away.NoticeHistory(clock.now, (clock.now,))
    other = away.notice_history(store.reader(), ws, "bob@example.org", clock.now + 1)
    assert other == away.NoticeHistory(None, ())
