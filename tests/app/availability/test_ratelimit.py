"""Rate limits as a pure function: per sender period, hourly cap, stale messages."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.availability import AutoReplySettings, RateReason, rate_decision
from tests.app.availability.helpers import utc

SETTINGS = AutoReplySettings(enabled=True, period_days=4, hourly_cap=3, max_age_hours=24)
NOW = utc(2026, 8, 8, 12, 0)


def decide(
    *,
    age: timedelta = timedelta(minutes=5),
    last: datetime | None = None,
    recent: tuple[datetime, ...] = (),
) -> RateReason:
    decision = rate_decision(
        SETTINGS, now=NOW, message_at=NOW - age, last_notice_to_sender=last, recent_notices=recent
    )
    assert decision.should_send is (decision.reason is RateReason.SEND)
    assert decision.detail
    return decision.reason


def test_a_first_fresh_message_gets_a_notice() -> None:
    assert decide() is RateReason.SEND


def test_one_notice_per_sender_per_period() -> None:
    assert decide(last=NOW - timedelta(days=4) + timedelta(seconds=1)) is RateReason.PERIOD
    assert decide(last=NOW - timedelta(days=4)) is RateReason.SEND


def test_a_notice_dated_in_the_future_counts_as_recent() -> None:
    assert decide(last=NOW + timedelta(hours=2)) is RateReason.PERIOD


def test_hourly_cap_counts_only_the_last_hour() -> None:
    almost = NOW - timedelta(minutes=59)
    assert decide(recent=(almost, almost, almost)) is RateReason.HOURLY_CAP
    assert decide(recent=(almost, almost)) is RateReason.SEND
    hour_ago = NOW - timedelta(hours=1)
    assert decide(recent=(hour_ago, hour_ago, hour_ago, almost)) is RateReason.SEND


def test_messages_older_than_the_away_window_are_never_answered() -> None:
    assert decide(age=timedelta(hours=24)) is RateReason.SEND
    assert decide(age=timedelta(hours=24, seconds=1)) is RateReason.STALE
    assert decide(age=-timedelta(minutes=3)) is RateReason.SEND  # sender clock slightly ahead


def test_naive_timestamps_are_rejected() -> None:
    with pytest.raises(ValueError, match="message_at"):
        rate_decision(
            SETTINGS,
            now=NOW,
            message_at=datetime(2026, 8, 8, 11, 0),
            last_notice_to_sender=None,
            recent_notices=(),
        )
