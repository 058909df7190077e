"""Dates, times and the week summary in German and English, by hand.

Two languages with fixed, well-known conventions do not justify a locale
library: German writes "Montag, 9:00" and "Mo–Fr", English "Monday, 9:00 AM"
and "Mon–Fri". Every time in a notice goes through ``format_clock``, so one
notice never mixes 12- and 24-hour styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final

from app.availability.clock import MINUTES_PER_DAY
from app.availability.model import Interval

__all__ = ["format_clock", "format_hours", "format_next_open"]

_DAY_NAMES: Final = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_DAY_ABBREVIATIONS: Final = {
    "de": ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS: Final = {
    "de": (
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
_NO_HOURS: Final = {"de": "keine festen Öffnungszeiten", "en": "no regular opening hours"}
_DASH: Final = "–"


def format_clock(minute: int, language: str) -> str:
    """A wall time: German "9:00", "24:00"; English "9:00 AM", "12:00 PM"."""
    if language == "de":
        return f"{minute // 60}:{minute % 60:02d}"
    minute %= MINUTES_PER_DAY
    hour, mins = divmod(minute, 60)
    suffix = "AM" if hour < 12 else "PM"
    return f"{(hour % 12) or 12}:{mins:02d} {suffix}"


def format_next_open(when: datetime, now: datetime, language: str) -> str:
    """When we open again, as a customer reads it.

    Within the coming week the weekday is enough ("Montag, 9:00"); further
    out the date is added so a long vacation cannot be misread, and the year
    when it differs from today's.
    """
    today = now.astimezone(when.tzinfo).date()
    day = _DAY_NAMES[language][when.weekday()]
    clock = format_clock(when.hour * 60 + when.minute, language)
    if timedelta(0) <= when.date() - today < timedelta(days=7):
        return f"{day}, {clock}"
    month = _MONTHS[language][when.month - 1]
    year = f" {when.year}" if when.year != today.year else ""
    if language == "de":
        return f"{day}, {when.day}. {month}{year}, {clock}"
    year = f",{year}" if year else ""
    return f"{day}, {month} {when.day}{year}, {clock}"


def format_hours(hours: Sequence[Sequence[Interval]], language: str) -> str:
    """The week in one line: "Mo–Fr 9:00–13:00, 14:00–18:00; Sa 10:00–14:00".

    Consecutive days with the same intervals are grouped; closed days are left
    out, and a week without hours says so instead of printing nothing.
    """
    groups: list[tuple[int, int, tuple[Interval, ...]]] = []
    for weekday, day in enumerate(hours):
        intervals = tuple(sorted(day))
        if not intervals:
            continue
        if groups and groups[-1][1] == weekday - 1 and groups[-1][2] == intervals:
            groups[-1] = (groups[-1][0], weekday, intervals)
        else:
            groups.append((weekday, weekday, intervals))
    if not groups:
        return _NO_HOURS[language]
    names = _DAY_ABBREVIATIONS[language]
    parts = []
    for first, last, intervals in groups:
        days = names[first] if first == last else f"{names[first]}{_DASH}{names[last]}"
        times = ", ".join(_format_interval(iv, language) for iv in intervals)
        parts.append(f"{days} {times}")
    return "; ".join(parts)


def _format_interval(interval: Interval, language: str) -> str:
    start = format_clock(interval.start, language)
    return f"{start}{_DASH}{format_clock(interval.end, language)}"
