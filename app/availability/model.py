"""The typed schedule: weekly hours, closures, templates and auto-reply settings.

Plain frozen dataclasses that validate themselves on construction, so an
invalid schedule cannot exist in memory: the JSON reader, the settings page
and the tests all get the same errors, with the same field paths as the
schedule file (``hours.mon[1]``, ``closures[0].end``).

All times in here are wall-clock times in the schedule's ``timezone``; the
queries in ``schedule.py`` turn them into instants.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.availability.clock import MINUTES_PER_DAY, format_minute, minute_of, parse_minute
from app.availability.errors import ScheduleError
from app.availability.templates import LANGUAGES, validate_template

__all__ = [
    "WEEKDAYS",
    "AutoReplySettings",
    "Closure",
    "Interval",
    "Schedule",
    "effective_schedule",
    "weekly_hours",
]

WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day keys of the schedule file, indexed like ``date.weekday()``."""

Week = tuple[tuple["Interval", ...], ...]


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """Open from ``start`` to ``end``, in minutes after local midnight.

    ``end < start`` runs past midnight (22:00–02:00) but still belongs to the
    day it starts, so closing that day cancels the whole shift. ``end`` may be
    1440 ("24:00") for a shift that ends exactly at midnight.
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < MINUTES_PER_DAY:
            raise ScheduleError(f"start minute {self.start} is outside the day")
        if not 0 <= self.end <= MINUTES_PER_DAY:
            raise ScheduleError(f"end minute {self.end} is outside the day")
        if self.start == self.end:
            raise ScheduleError(f"start and end are both {format_minute(self.start)}")

    @classmethod
    def parse(cls, start: str, end: str) -> Interval:
        """An interval from ``"HH:MM"`` strings, as the schedule file writes them."""
        start_minute = parse_minute(start)
        if start_minute is None:
            raise ScheduleError(f"start {start} is not a time")
        end_minute = parse_minute(end, allow_24=True)
        if end_minute is None:
            raise ScheduleError(f"end {end} is not a time")
        return cls(start_minute, end_minute)

    @property
    def overnight(self) -> bool:
        """True if the interval ends on the next calendar day."""
        return self.end < self.start

    @property
    def end_offset(self) -> int:
        """Minutes from the start day's midnight to the end (past 1440 if overnight)."""
        return self.end + MINUTES_PER_DAY if self.overnight else self.end

    def __str__(self) -> str:
        return f"{format_minute(self.start)}–{format_minute(self.end)}"


@dataclass(frozen=True, slots=True)
class Closure:
    """A holiday or vacation, with the reason customers are told.

    Without times it closes whole days: ``start`` to ``end``, both inclusive,
    and cancels every shift that starts on them (a shift from the evening
    before may still run past midnight into the first closed day). With
    ``start_time`` and ``end_time`` it closes exactly the clock span from
    ``start``/``start_time`` until ``end``/``end_time`` (the moment we reopen),
    cutting whatever shifts it overlaps.
    """

    start: date
    end: date
    reason: str = ""
    start_time: time | None = None
    end_time: time | None = None

    def __post_init__(self) -> None:
        if (self.start_time is None) != (self.end_time is None):
            raise ScheduleError("give both a start time and an end time, or neither")
        for name, value in (("start", self.start_time), ("end", self.end_time)):
            if value is not None and (value.second or value.microsecond or value.tzinfo):
                raise ScheduleError(f"{name} time {value} must be whole minutes, local time")
        if self.end < self.start:
            raise ScheduleError(f"end {self.end} is before start {self.start}")
        if self.timed and (self.end, self.end_time) <= (self.start, self.start_time):
            raise ScheduleError("end must be after start")

    @property
    def timed(self) -> bool:
        """True if the closure has clock times rather than whole days."""
        return self.start_time is not None

    @property
    def start_minute(self) -> int:
        """Minute of ``start`` at which the closure begins (0 without times)."""
        return 0 if self.start_time is None else minute_of(self.start_time)

    @property
    def end_minute(self) -> int:
        """Minute of ``end`` at which we reopen (1440, i.e. midnight after, without times)."""
        return MINUTES_PER_DAY if self.end_time is None else minute_of(self.end_time)

    def covers_day(self, day: date) -> bool:
        """True if ``day`` lies within the closure's dates (either kind)."""
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class AutoReplySettings:
    """How eagerly Tresen answers by itself; the defaults are the safe ones.

    Off until the owner switches it on. ``period_days``: at most one notice per
    sender in that many days (RFC 3834 suggests days, Pigeonhole defaults to
    7, the issue asks for 4). ``hourly_cap``: at most that many notices per
    hour in total, a brake on loops and floods. ``max_age_hours``: the away
    window; messages older than this get no notice, so a laptop that was
    offline for a week does not answer a week of mail at once.
    """

    enabled: bool = False
    period_days: int = 4
    hourly_cap: int = 20
    max_age_hours: int = 24

    def __post_init__(self) -> None:
        for name in ("period_days", "hourly_cap", "max_age_hours"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ScheduleError(f"must be a whole number of at least 1, got {value!r}", name)


def _empty_week() -> Week:
    return ((),) * len(WEEKDAYS)


@dataclass(frozen=True, slots=True)
class Schedule:
    """One workspace's (or one account's) availability.

    ``templates`` and ``closure_templates`` map a language ("de", "en") to
    the owner's own text; a missing language falls back to the built-in
    default, so an empty mapping is a complete, working schedule.
    """

    timezone: str
    hours: Week = field(default_factory=_empty_week)
    closures: tuple[Closure, ...] = ()
    templates: Mapping[str, str] = field(default_factory=dict)
    closure_templates: Mapping[str, str] = field(default_factory=dict)
    business_name: str = ""
    language: str = "en"
    auto_reply: AutoReplySettings = field(default_factory=AutoReplySettings)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hours", tuple(tuple(day) for day in self.hours))
        object.__setattr__(self, "closures", tuple(self.closures))
        object.__setattr__(self, "templates", MappingProxyType(dict(self.templates)))
        object.__setattr__(
            self, "closure_templates", MappingProxyType(dict(self.closure_templates))
        )
        _check_timezone(self.timezone)
        _check_week(self.hours)
        _check_templates("templates", self.templates)
        _check_templates("closure_templates", self.closure_templates)
        if self.language not in LANGUAGES:
            supported = ", ".join(LANGUAGES)
            raise ScheduleError(f"{self.language!r} is not one of {supported}", "language")

    @property
    def zone(self) -> ZoneInfo:
        """The time zone object (``ZoneInfo`` caches one per key)."""
        return ZoneInfo(self.timezone)

    @property
    def has_hours(self) -> bool:
        """False for a week without any opening hours: it never opens."""
        return any(self.hours)


def _check_timezone(key: str) -> None:
    try:
        ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        problem = f"{key!r} is not an IANA time zone such as Europe/Berlin"
        raise ScheduleError(problem, "timezone") from None


def _check_week(hours: Week) -> None:
    """Seven days whose intervals never overlap, also across midnight."""
    if len(hours) != len(WEEKDAYS):
        raise ScheduleError(f"needs {len(WEEKDAYS)} days, got {len(hours)}", "hours")
    for weekday, day in enumerate(hours):
        previous = WEEKDAYS[weekday - 1]
        taken = [(0, iv.end, f"{previous} {iv}") for iv in hours[weekday - 1] if iv.overnight]
        for index, interval in enumerate(day):
            for start, end, label in taken:
                if interval.start < end and start < interval.end_offset:
                    where = f"hours.{WEEKDAYS[weekday]}[{index}]"
                    raise ScheduleError(f"{interval} overlaps {label}", where)
            taken.append((interval.start, interval.end_offset, str(interval)))


def _check_templates(name: str, templates: Mapping[str, str]) -> None:
    for language, text in templates.items():
        where = f"{name}.{language}"
        if language not in LANGUAGES:
            supported = ", ".join(LANGUAGES)
            raise ScheduleError(f"unsupported language; use one of {supported}", where)
        problems = validate_template(text)
        if problems:
            raise ScheduleError("; ".join(problems), where)


def weekly_hours(days: Mapping[str, Iterable[tuple[str, str]]]) -> Week:
    """A week from ``{"mon": [("09:00", "13:00")], ...}``; missing days are closed.

    A convenience for code and tests; the file reader uses the same rules.
    """
    unknown = sorted(set(days) - set(WEEKDAYS))
    if unknown:
        raise ScheduleError(f"unknown day {unknown[0]!r}; use {', '.join(WEEKDAYS)}", "hours")
    week: list[tuple[Interval, ...]] = []
    for name in WEEKDAYS:
        intervals: list[Interval] = []
        for index, (start, end) in enumerate(days.get(name, ())):
            try:
                intervals.append(Interval.parse(start, end))
            except ScheduleError as error:
                raise error.within(f"hours.{name}[{index}]") from None
        week.append(tuple(intervals))
    return tuple(week)


def effective_schedule(workspace: Schedule, account: Schedule | None) -> Schedule:
    """The schedule that governs one account: its own override, else the workspace's."""
    return workspace if account is None else account

