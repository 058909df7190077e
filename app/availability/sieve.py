"""Sieve vacation scripts from a schedule, for the mail server to answer by itself.

The server must send exactly the text Tresen would send, while the laptop is
shut. Two generators, by what the server supports:

``date_script`` (RFC 5228 + ``vacation`` RFC 5230 + ``date``/``relational``
RFC 5260/5231) answers only while we are closed. Sieve's ``currentdate
:zone`` takes a fixed UTC offset, not an IANA zone, so the script spells out
the coming closed periods in the offset in force now and is exact only until
``valid_until``: the zone's next offset change, or ``horizon`` later at the
most. Each closed period carries the very text ``notice_at`` renders for it —
``{next_open}`` is constant while we are closed, so it needs no dynamic Sieve
— split wherever that text changes (a closure begins, the date is no longer
within a week). Past ``valid_until`` a weekly fallback keyed on ``weekday``
and ``time`` keeps answering (naming the weekday we reopen, closures
unknown), one hour off after a DST change, until the caller re-uploads.

``plain_script`` is for servers without ``date``: an unconditional vacation
to install while we are closed (``None`` while open), and the moment the
caller must swap or remove it.

All vacation actions share one ``:handle``, so the server answers a sender at
most once per ``period_days`` however the text changes in between.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise
from typing import Final
from zoneinfo import ZoneInfo

from app.availability.clock import MINUTES_PER_DAY, local_instant, require_aware
from app.availability.formatting import format_next_open
from app.availability.model import WEEKDAYS, Schedule
from app.availability.notice import notice_at, notice_template, notice_variables
from app.availability.schedule import open_spans
from app.availability.templates import render_template

__all__ = [
    "DATE_EXTENSIONS",
    "HANDLE",
    "PLAIN_EXTENSIONS",
    "PlainScript",
    "Segment",
    "SieveScript",
    "Vacation",
    "closed_segments",
    "date_script",
    "next_offset_change",
    "plain_script",
    "quote",
    "text_block",
]

DATE_EXTENSIONS: Final = ("date", "relational", "vacation")
"""What ``date_script`` needs from the server (plus ``include`` to keep a script)."""
PLAIN_EXTENSIONS: Final = ("vacation",)
HANDLE: Final = "tresen-away"
DEFAULT_HORIZON: Final = timedelta(days=28)

_WEEK_MINUTES: Final = len(WEEKDAYS) * MINUTES_PER_DAY
_OCTET: Final = ':comparator "i;octet"'
_REFERENCE_MONDAY: Final = date(2024, 1, 1)


@dataclass(frozen=True, slots=True)
class Vacation:
    """Who the notice is from and which recipients it answers for.

    ``identity`` is the account's address (``:from``); ``aliases`` are the
    other addresses mail for it arrives at (``:addresses``). ``subject`` is
    ``None`` to let the server write "Auto: <their subject>", as Tresen's own
    notice does. ``include`` names the owner's own script, run first.
    """

    identity: str
    aliases: tuple[str, ...] = ()
    subject: str | None = None
    include: str | None = None

    @property
    def addresses(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for address in (self.identity, *self.aliases):
            if address.strip():
                seen.setdefault(address.strip(), None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Segment:
    """A closed period [start, end) in UTC and the notice that applies throughout."""

    start: datetime
    end: datetime
    text: str


@dataclass(frozen=True, slots=True)
class SieveScript:
    """A date-based script; exact until ``valid_until`` (UTC), re-upload then."""

    text: str
    valid_until: datetime
    extensions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlainScript:
    """``text`` to install now (``None``: nothing, we are open) until ``transition``.

    ``transition`` (UTC) is when we open or close or the text changes — or,
    when nothing changes for ``horizon``, simply when to look again.
    """

    text: str | None
    transition: datetime


# -- Sieve syntax ------------------------------------------------------------

def quote(value: str) -> str:
    """A Sieve quoted string; line breaks become spaces (these are one-line values)."""
    flat = " ".join(value.splitlines())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _string_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(quote(v) for v in values) + "]"


def text_block(value: str) -> str:
    """A ``text:`` multi-line string: CRLF lines, a leading dot doubled, ``.`` ends it."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stuffed = ["." + line if line.startswith(".") else line for line in lines]
    return "text:\r\n" + "".join(line + "\r\n" for line in stuffed) + ".\r\n"


def _vacation(vacation: Vacation, days: int, text: str, indent: str) -> str:
    args = [f"vacation :days {days}"]
    if vacation.subject is not None:
        args.append(f":subject {quote(vacation.subject)}")
    args.append(f":from {quote(vacation.identity)}")
    args.append(f":addresses {_string_list(vacation.addresses)}")
    args.append(f":handle {quote(HANDLE)}")
    return f"{indent}{' '.join(args)} {text_block(text)}{indent};\r\n"


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{mins:02d}"


class _Tests:
    """``currentdate`` tests in one fixed offset."""

    def __init__(self, offset: timedelta) -> None:
        self._zone = f":zone {quote(_offset_text(offset))}"

    def is_(self, part: str, keys: Sequence[str]) -> str:
        key = quote(keys[0]) if len(keys) == 1 else _string_list(keys)
        return f"currentdate {self._zone} :is {quote(part)} {key}"

    def value(self, relation: str, part: str, key: str) -> str:
        return f"currentdate {self._zone} {_OCTET} :value {quote(relation)} {quote(part)} " \
               f"{quote(key)}"


def _all(tests: Sequence[str]) -> str:
    return tests[0] if len(tests) == 1 else "allof(" + ", ".join(tests) + ")"


def _any(tests: Sequence[str]) -> str:
    return tests[0] if len(tests) == 1 else "anyof(" + ", ".join(tests) + ")"


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}:00"


def _day_part(tests: _Tests, key_part: str, key: str, lo: int, hi: int) -> str:
    """``key_part`` equals ``key`` and the time lies in [lo, hi) minutes."""
    found = [tests.is_(key_part, [key])]
    if lo > 0:
        found.append(tests.value("ge", "time", _clock(lo)))
    if hi < MINUTES_PER_DAY:
        found.append(tests.value("lt", "time", _clock(hi)))
    return _all(found)


def _minute(at: datetime) -> int:
    return at.hour * 60 + at.minute


def _range_test(tests: _Tests, start: datetime, end: datetime) -> str:
    """Local wall time (fixed offset) in [start, end); both are whole minutes."""
    first, last = start.date(), end.date()
    if _minute(end) == 0:
        last -= timedelta(days=1)
        end_minute = MINUTES_PER_DAY
    else:
        end_minute = _minute(end)
    if first == last:
        return _day_part(tests, "date", first.isoformat(), _minute(start), end_minute)
    parts: list[str] = []
    full_from, full_to = first, last
    if _minute(start) > 0:
        parts.append(_day_part(tests, "date", first.isoformat(), _minute(start),
                               MINUTES_PER_DAY))
        full_from += timedelta(days=1)
    if end_minute < MINUTES_PER_DAY:
        parts.append(_day_part(tests, "date", last.isoformat(), 0, end_minute))
        full_to -= timedelta(days=1)
    if full_from == full_to:
        parts.append(tests.is_("date", [full_from.isoformat()]))
    elif full_from < full_to:
        parts.append(_all([tests.value("ge", "date", full_from.isoformat()),
                           tests.value("le", "date", full_to.isoformat())]))
    return _any(parts)


# -- when the text changes ------------------------------------------------------

def next_offset_change(zone: ZoneInfo, after: datetime, limit: datetime) -> datetime | None:
    """The first instant in (after, limit] at which ``zone``'s UTC offset changes."""
    step = timedelta(hours=1)
    before = after.astimezone(UTC)
    offset = before.astimezone(zone).utcoffset()
    while before < limit:
        probe = min(before + step, limit)
        if probe.astimezone(zone).utcoffset() != offset:
            low, high = before, probe
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            return high.replace(microsecond=0)
        before = probe
    return None


def _boundaries(schedule: Schedule, first: date, last: date) -> Iterator[datetime]:
    """Every instant at which ``notice_at``'s text may change: midnights, shift
    edges (``{next_open}``, a cancelled night shift) and timed closure edges."""
    zone = schedule.zone
    day = first
    while day <= last:
        yield local_instant(day, 0, zone)
        for interval in schedule.hours[day.weekday()]:
            yield local_instant(day, interval.start, zone)
            yield local_instant(day, interval.end_offset, zone)
        day += timedelta(days=1)
    for closure in schedule.closures:
        if closure.timed:
            yield local_instant(closure.start, closure.start_minute, zone)
            yield local_instant(closure.end, closure.end_minute, zone)


def closed_segments(schedule: Schedule, start: datetime, end: datetime,
                    language: str | None = None) -> list[Segment]:
    """The closed periods within [start, end), each with its one notice text.

    Adjacent periods with the same text are merged, so the list is as short
    as the notice allows; ``notice_at`` at any instant inside a segment
    returns that segment's text.
    """
    require_aware(start, "start")
    require_aware(end, "end")
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    zone = schedule.zone
    first = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    cuts = {start, end}
    for span_start, span_end in open_spans(schedule, first, last):
        cuts.update((span_start, span_end))
    cuts.update(_boundaries(schedule, first, last))
    points = sorted(cut for cut in cuts if start <= cut <= end)
    segments: list[Segment] = []
    for piece_start, piece_end in pairwise(points):
        text = notice_at(schedule, piece_start, language)
        if text is None:
            continue
        if segments and segments[-1].end == piece_start and segments[-1].text == text:
            segments[-1] = Segment(segments[-1].start, piece_end, text)
        else:
            segments.append(Segment(piece_start, piece_end, text))
    return segments


# -- the weekly fallback ------------------------------------------------------------

def _weekly_gaps(schedule: Schedule) -> list[tuple[int, int]]:
    """Closed periods of a plain week in minutes after Monday 0:00; may pass 10080."""
    spans: list[tuple[int, int]] = []
    for weekday, day in enumerate(schedule.hours):
        for interval in day:
            begin = weekday * MINUTES_PER_DAY + interval.start
            spans.append((begin, weekday * MINUTES_PER_DAY + interval.end_offset))
    if not spans:
        return []
    spans.sort()
    merged: list[list[int]] = []
    for begin, finish in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], finish)
        else:
            merged.append([begin, finish])
    gaps: list[tuple[int, int]] = []
    for index, (_, finish) in enumerate(merged):
        following = merged[(index + 1) % len(merged)][0]
        if index + 1 == len(merged):
            following += _WEEK_MINUTES
        if following > finish:
            gaps.append((finish, following))
    return gaps


def _weekly_test(tests: _Tests, begin: int, finish: int) -> str:
    parts: list[str] = []
    whole: list[str] = []
    minute = begin
    while minute < finish:
        day_index = minute // MINUTES_PER_DAY
        lo = minute - day_index * MINUTES_PER_DAY
        hi = min(finish - day_index * MINUTES_PER_DAY, MINUTES_PER_DAY)
        key = str((day_index + 1) % 7)  # Sieve counts weekdays from Sunday = 0
        if lo == 0 and hi == MINUTES_PER_DAY:
            whole.append(key)
        else:
            parts.append(_day_part(tests, "weekday", key, lo, hi))
        minute = (day_index + 1) * MINUTES_PER_DAY
    if whole:
        parts.append(tests.is_("weekday", whole))
    return _any(parts)


def _weekly_text(schedule: Schedule, reopen_minute: int, language: str | None) -> str:
    plain = replace(schedule, closures=())
    fixed = timezone(timedelta(0))
    reference = datetime.combine(_REFERENCE_MONDAY, datetime.min.time(), fixed)
    values = notice_variables(plain, reference, language)
    lang = language or schedule.language
    if schedule.has_hours:
        when = reference + timedelta(minutes=reopen_minute % _WEEK_MINUTES)
        values["next_open"] = format_next_open(when, when, lang)
    return render_template(notice_template(plain, reference, language), values)


# -- the two generators ---------------------------------------------------------------

def _header(extensions: Sequence[str], vacation: Vacation, note: str) -> str:
    lines = [
        "# Away notice written by Tresen from the workspace's opening hours.\r\n",
        f"# {note}\r\n",
        "# Tresen replaces this script; edit the schedule in Tresen instead.\r\n",
        f"require {_string_list(extensions)};\r\n",
    ]
    if vacation.include is not None:
        lines.append(f"include :personal {quote(vacation.include)};\r\n")
    return "".join(lines)


def _extensions(base: Sequence[str], vacation: Vacation) -> tuple[str, ...]:
    return (*base, "include") if vacation.include is not None else tuple(base)


def date_script(schedule: Schedule, now: datetime, vacation: Vacation, *,
                language: str | None = None,
                horizon: timedelta = DEFAULT_HORIZON) -> SieveScript:
    """A script that answers only while closed; exact until ``valid_until``."""
    require_aware(now, "now")
    start = now.astimezone(UTC).replace(second=0, microsecond=0)
    zone = schedule.zone
    limit = start + horizon
    valid_until = next_offset_change(zone, start, limit) or limit
    offset = start.astimezone(zone).utcoffset() or timedelta(0)
    tests = _Tests(offset)
    local = timezone(offset)
    days = schedule.auto_reply.period_days
    extensions = _extensions(DATE_EXTENSIONS, vacation)
    until_local = valid_until.astimezone(local)
    note = (f"Exact until {until_local:%Y-%m-%d %H:%M} (UTC{_offset_text(offset)}), "
            "then the weekly rules below apply.")
    body = [_header(extensions, vacation, note)]
    before_end = _range_test(tests, start.astimezone(local).replace(tzinfo=None),
                             until_local.replace(tzinfo=None, second=0))
    body.append(f"if {before_end} {{\r\n")
    keyword = "if"
    for segment in closed_segments(schedule, start, valid_until, language):
        test = _range_test(tests, segment.start.astimezone(local).replace(tzinfo=None),
                           segment.end.astimezone(local).replace(tzinfo=None))
        body.append(f"  {keyword} {test} {{\r\n")
        body.append(_vacation(vacation, days, segment.text, "    "))
        body.append("  }\r\n")
        keyword = "elsif"
    body.append("}\r\n")
    gaps = _weekly_gaps(schedule)
    if not schedule.has_hours:
        body.append("else {\r\n")
        body.append(_vacation(vacation, days, _weekly_text(schedule, 0, language), "  "))
        body.append("}\r\n")
    for begin, finish in gaps:
        body.append(f"elsif {_weekly_test(tests, begin, finish)} {{\r\n")
        body.append(_vacation(vacation, days, _weekly_text(schedule, finish, language), "  "))
        body.append("}\r\n")
    return SieveScript("".join(body), valid_until, extensions)


def plain_script(schedule: Schedule, now: datetime, vacation: Vacation, *,
                 language: str | None = None,
                 horizon: timedelta = DEFAULT_HORIZON) -> PlainScript:
    """For servers without ``date``: the script to have installed now, and until when.

    Open now: ``text`` is ``None`` and ``transition`` is when we close. Closed:
    the notice that applies now, until we open or its text changes.
    """
    require_aware(now, "now")
    start = now.astimezone(UTC).replace(second=0, microsecond=0)
    end = start + horizon
    segments = closed_segments(schedule, start, end, language)
    if segments and segments[0].start <= now.astimezone(UTC) < segments[0].end:
        current = segments[0]
        extensions = _extensions(PLAIN_EXTENSIONS, vacation)
        note = (f"Install while closed; Tresen swaps or removes it at "
                f"{current.end:%Y-%m-%d %H:%M} UTC.")
        text = _header(extensions, vacation, note) + _vacation(
            vacation, schedule.auto_reply.period_days, current.text, "")
        return PlainScript(text, current.end)
    return PlainScript(None, segments[0].start if segments else end)
