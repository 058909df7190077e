"""Pure queries over a schedule: open now?, when next?, which closure applies?

A *shift* is one interval on one concrete date, turned into UTC instants; its
*open parts* are what remains after closures. Everything is computed from the
few days around the moment asked about, so the answers stay exact across
daylight-saving changes and cost nothing to recompute on every message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.availability.clock import local_instant, require_aware, to_utc
from app.availability.model import Closure, Interval, Schedule

__all__ = ["closure_at", "closures_on", "is_open", "next_open", "open_spans"]

Span = tuple[datetime, datetime]
"""A half-open span [start, end) of UTC instants."""

_WEEK = 7


@dataclass(frozen=True, slots=True)
class _Shift:
    day: date
    interval: Interval
    start: datetime
    end: datetime


def _shifts_of(schedule: Schedule, day: date, zone: ZoneInfo) -> Iterator[_Shift]:
    for interval in schedule.hours[day.weekday()]:
        start = local_instant(day, interval.start, zone)
        end = local_instant(day, interval.end_offset, zone)
        if start < end:  # a shift inside the skipped spring hour does not happen
            yield _Shift(day, interval, start, end)


def _timed_span(closure: Closure, zone: ZoneInfo) -> Span:
    start = local_instant(closure.start, closure.start_minute, zone)
    return start, local_instant(closure.end, closure.end_minute, zone)


def _cancelled_by(schedule: Schedule, day: date) -> Closure | None:
    """The day closure that cancels the shifts starting on ``day``, if any."""
    return _latest([c for c in schedule.closures if not c.timed and c.covers_day(day)])


def _open_parts(schedule: Schedule, shift: _Shift, zone: ZoneInfo) -> list[Span]:
    if _cancelled_by(schedule, shift.day) is not None:
        return []
    parts = [(shift.start, shift.end)]
    for closure in schedule.closures:
        if closure.timed:
            parts = _subtract(parts, _timed_span(closure, zone))
    return parts


def _subtract(parts: list[Span], cut: Span) -> list[Span]:
    result: list[Span] = []
    for start, end in parts:
        if cut[1] <= start or end <= cut[0]:
            result.append((start, end))
            continue
        if start < cut[0]:
            result.append((start, cut[0]))
        if cut[1] < end:
            result.append((cut[1], end))
    return result


def open_spans(schedule: Schedule, first: date, last: date) -> list[Span]:
    """Every open span of the shifts starting from ``first`` to ``last`` (inclusive).

    Aware UTC instants, sorted; for a week view or a Sieve script generator.
    """
    zone = schedule.zone
    spans: list[Span] = []
    day = first
    while day <= last:
        for shift in _shifts_of(schedule, day, zone):
            spans.extend(_open_parts(schedule, shift, zone))
        day += timedelta(days=1)
    return sorted(spans)


def is_open(schedule: Schedule, at: datetime) -> bool:
    """True if the business is open at the instant ``at`` (aware datetime)."""
    require_aware(at)
    moment = to_utc(at)
    today = at.astimezone(schedule.zone).date()
    spans = open_spans(schedule, today - timedelta(days=1), today)
    return any(start <= moment < end for start, end in spans)


def next_open(schedule: Schedule, at: datetime) -> datetime | None:
    """The first instant at or after ``at`` when the business is open.

    Returns ``at`` itself while open, ``None`` if the schedule never opens
    again (no hours at all). The result is in the schedule's time zone.
    """
    require_aware(at)
    if not schedule.has_hours:
        return None
    zone = schedule.zone
    moment = to_utc(at)
    today = at.astimezone(zone).date()
    # Past the last closure the week repeats; two more weeks also cover a
    # shift that falls into the skipped spring hour once a year.
    last_closure = max((c.end for c in schedule.closures), default=today)
    horizon = max(today, last_closure) + timedelta(days=2 * _WEEK)
    day = today - timedelta(days=1)
    best: datetime | None = None
    while day <= horizon:
        for start, end in open_spans(schedule, day, day):
            if end > moment:
                candidate = max(start, moment)
                best = candidate if best is None else min(best, candidate)
        day += timedelta(days=1)
        # Shifts of later days start at or after their own midnight.
        if best is not None and best <= local_instant(day, 0, zone):
            return best.astimezone(zone)
    return None if best is None else best.astimezone(zone)


def closures_on(schedule: Schedule, day: date) -> tuple[Closure, ...]:
    """The closures whose dates include ``day``, in schedule order."""
    return tuple(c for c in schedule.closures if c.covers_day(day))


def closure_at(schedule: Schedule, at: datetime) -> Closure | None:
    """The closure in force at ``at``, or ``None``.

    A day closure is in force on its dates and during the overnight part of a
    shift it cancelled; a timed closure during its clock span. When closures
    overlap, the one that lasts longest wins: its reason is the one that
    explains why we are away until ``next_open``.
    """
    require_aware(at)
    zone = schedule.zone
    moment = to_utc(at)
    today = at.astimezone(zone).date()
    found: list[Closure] = []
    for closure in schedule.closures:
        if closure.timed:
            start, end = _timed_span(closure, zone)
            if start <= moment < end:
                found.append(closure)
        elif closure.covers_day(today):
            found.append(closure)
    yesterday = today - timedelta(days=1)
    cancelled = _cancelled_by(schedule, yesterday)
    if cancelled is not None:
        for shift in _shifts_of(schedule, yesterday, zone):
            if shift.start <= moment < shift.end:
                found.append(cancelled)
    return _latest(found)


def _latest(closures: list[Closure]) -> Closure | None:
    """The closure that ends last; the first listed on a tie."""
    best: Closure | None = None
    for closure in closures:
        if best is None or _end_key(closure) > _end_key(best):
            best = closure
    return best


def _end_key(closure: Closure) -> tuple[date, int]:
    return closure.end, closure.end_minute
