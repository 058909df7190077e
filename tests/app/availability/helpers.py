"""Small builders shared by the availability tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from app.availability import AutoReplySettings, Closure, Schedule, weekly_hours

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS_9_TO_5 = {day: [("09:00", "17:00")] for day in ("mon", "tue", "wed", "thu", "fri")}
SPLIT_WEEK = {
    day: [("09:00", "13:00"), ("14:00", "18:00")] for day in ("mon", "tue", "wed", "thu", "fri")
}


def berlin(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, fold: int = 0
) -> datetime:
    """A Berlin wall time; ``fold=1`` picks the second 02:xx of the autumn switch."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN, fold=fold)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def day_closure(start: date, end: date | None = None, reason: str = "") -> Closure:
    return Closure(start, start if end is None else end, reason)


def timed_closure(start: datetime, end: datetime, reason: str = "") -> Closure:
    """A closure from naive local wall times."""
    return Closure(start.date(), end.date(), reason, start.time(), end.time())


def schedule(
    hours: Mapping[str, Iterable[tuple[str, str]]] | None = None,
    closures: Iterable[Closure] = (),
    **options: object,
) -> Schedule:
    """A Berlin schedule; ``options`` go straight to ``Schedule``."""
    return Schedule(
        timezone="Europe/Berlin",
        hours=weekly_hours(hours or {}),
        closures=tuple(closures),
        **options,  # type: ignore[arg-type]
    )


def enabled(**settings: int) -> AutoReplySettings:
    return AutoReplySettings(enabled=True, **settings)


__all__ = [
    "BERLIN",
    "SPLIT_WEEK",
    "WEEKDAYS_9_TO_5",
    "berlin",
    "day_closure",
    "enabled",
    "schedule",
    "timed_closure",
    "utc",
]
