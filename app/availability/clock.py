"""Wall-clock arithmetic in a schedule's time zone.

Opening hours are wall-clock times ("9:00 in Berlin"), but comparisons must be
between instants: Python compares two datetimes that share a tzinfo by their
wall time and ignores ``fold``, which gets the repeated autumn hour wrong. So
every instant this package compares is converted to UTC first, and only
results meant for people are converted back to the schedule's zone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "MINUTES_PER_DAY",
    "format_minute",
    "local_instant",
    "minute_of",
    "parse_minute",
    "require_aware",
    "to_utc",
]

MINUTES_PER_DAY = 24 * 60

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def parse_minute(text: str, *, allow_24: bool = False) -> int | None:
    """Minutes after midnight for ``"HH:MM"``; ``None`` if it is not a time.

    ``"24:00"`` is accepted only with ``allow_24``: it may end an interval
    (closing at midnight) but never start one.
    """
    match = _CLOCK.fullmatch(text)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if minute >= 60:
        return None
    if hour == 24 and minute == 0 and allow_24:
        return MINUTES_PER_DAY
    if hour >= 24:
        return None
    return hour * 60 + minute


def minute_of(clock: time) -> int:
    """Minutes after midnight of a wall-clock time (seconds are ignored)."""
    return clock.hour * 60 + clock.minute


def format_minute(minute: int) -> str:
    """``"HH:MM"`` as the schedule file writes it (1440 becomes ``"24:00"``)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def require_aware(at: datetime, name: str = "at") -> None:
    """Reject naive datetimes: without a zone "9:00" could be any instant."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(
            f"{name} = {at.isoformat()} has no time zone; pass an aware datetime, "
            "e.g. datetime.now(UTC)"
        )


def to_utc(at: datetime) -> datetime:
    """The same instant in UTC, so comparisons respect DST folds."""
    return at.astimezone(UTC)


def local_instant(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """The UTC instant at which the clock in ``zone`` shows ``minute`` on ``day``.

    ``minute`` may reach past 1440 (into the following days). A wall time that
    occurs twice (the autumn hour) means its first occurrence; one the clock
    skips in spring resolves forward, as the clock does (02:30 -> 03:30).
    """
    days, rest = divmod(minute, MINUTES_PER_DAY)
    when = day + timedelta(days=days)
    hour, mins = divmod(rest, 60)
    return datetime(when.year, when.month, when.day, hour, mins, tzinfo=zone).astimezone(UTC)
