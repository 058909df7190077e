"""Closures from an iCalendar (.ics) file, e.g. a holiday calendar.

Parsing is left to ``icalendar`` (maintained, RFC 5545 complete, typed);
this module only decides what an event means for the schedule: an all-day
event closes whole days (its DTEND is exclusive, so the last closed day is the
day before), a timed event closes its clock span in the schedule's zone, and
the SUMMARY becomes the reason customers read. Recurring events are refused
with an error naming them rather than imported half: a closure silently
missing is worse than a clear message.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event

from app.availability.errors import ScheduleError
from app.availability.model import Closure

__all__ = ["closures_from_ics"]


def closures_from_ics(data: bytes, timezone: str) -> list[Closure]:
    """Every closure an .ics file describes, sorted by start.

    ``timezone`` is the schedule's IANA zone: timed events are converted to
    its wall clock, floating times are taken as already in it. Cancelled
    events and events without duration are skipped, since they close nothing.
    """
    zone = ZoneInfo(timezone)
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except ValueError as error:
        raise ScheduleError(f"not an iCalendar file: {error}", "ics") from None
    if not calendars:
        raise ScheduleError("not an iCalendar file: no VCALENDAR found", "ics")
    closures: list[Closure] = []
    for calendar in calendars:
        events = [c for c in calendar.walk("VEVENT") if isinstance(c, Event)]
        for index, event in enumerate(events):
            closure = _closure(event, zone, _label(event, index))
            if closure is not None:
                closures.append(closure)
    return sorted(closures, key=lambda c: (c.start, c.start_minute, c.end, c.end_minute))


def _label(event: Component, index: int) -> str:
    summary = str(event.get("SUMMARY", "")).strip()
    return f"ics.events[{index}]" + (f" ({summary})" if summary else "")


def _closure(event: Event, zone: ZoneInfo, where: str) -> Closure | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    if "RRULE" in event or "RDATE" in event:
        raise ScheduleError(
            "repeats (RRULE/RDATE); recurring closures are not supported, "
            "export each date as its own event",
            where,
        )
    try:
        start, end = event.start, event.end
    except ValueError as error:
        raise ScheduleError(f"has no usable DTSTART/DTEND: {error}", where) from None
    reason = str(event.get("SUMMARY", "")).strip()
    if not isinstance(start, datetime) and not isinstance(end, datetime):
        last = max(start, end - timedelta(days=1))
        return Closure(start, last, reason)
    if not (isinstance(start, datetime) and isinstance(end, datetime)):
        raise ScheduleError("mixes a date and a date-time in DTSTART/DTEND", where)
    return _timed(_local(start, zone), _local(end, zone, ceil=True), reason)


def _local(moment: datetime, zone: ZoneInfo, *, ceil: bool = False) -> datetime:
    """Naive wall time in ``zone``, on whole minutes (an end rounds up)."""
    local = moment if moment.tzinfo is None else moment.astimezone(zone).replace(tzinfo=None)
    if ceil and (local.second or local.microsecond):
        local += timedelta(minutes=1)
    return local.replace(second=0, microsecond=0)


def _timed(start: datetime, end: datetime, reason: str) -> Closure | None:
    if end <= start:
        return None
    midnight = time(0, 0)
    if start.time() == midnight and end.time() == midnight:
        # Whole days written as timed events (some Outlook exports): same meaning.
        return Closure(start.date(), end.date() - timedelta(days=1), reason)
    return Closure(start.date(), end.date(), reason, start.time(), end.time())
