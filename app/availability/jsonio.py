"""The schedule file: JSON in, JSON out, errors that name the field.

``tresen availability set --from-file`` and ``export`` use this, so a
schedule can be versioned and copied between workspaces. Reading is strict
(unknown keys are errors: a typo must not silently drop a closure) and
writing spells out every key, so ``schedule_from_json(schedule_to_json(s))
== s`` always holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, TypeVar

from app.availability.clock import format_minute
from app.availability.errors import ScheduleError
from app.availability.model import (
    WEEKDAYS,
    AutoReplySettings,
    Closure,
    Interval,
    Schedule,
)

__all__ = [
    "schedule_from_json",
    "schedule_from_json_text",
    "schedule_to_json",
    "schedule_to_json_text",
]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_TOP_KEYS = frozenset(
    {
        "timezone", "business_name", "language", "hours", "closures",
        "templates", "closure_templates", "auto_reply",
    }
)  # fmt: skip
_PAIR_ON_LINES = re.compile(r'\[\n\s*("\d\d:\d\d"),\n\s*("\d\d:\d\d")\n\s*\]')
_CLOSURE_KEYS = frozenset({"start", "end", "reason"})
_AUTO_REPLY_KEYS = frozenset({"enabled", "period_days", "hourly_cap", "max_age_hours"})

T = TypeVar("T")


def schedule_from_json_text(text: str) -> Schedule:
    """Parse a schedule file's text; invalid JSON is a ``ScheduleError`` too."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScheduleError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    return schedule_from_json(obj)


def schedule_to_json_text(schedule: Schedule) -> str:
    """The schedule file's text: indented, one interval per line, diff-friendly."""
    text = json.dumps(schedule_to_json(schedule), ensure_ascii=False, indent=2)
    # Structural newlines only occur outside strings (json escapes them inside).
    return _PAIR_ON_LINES.sub(r"[\1, \2]", text) + "\n"


def schedule_from_json(obj: object) -> Schedule:
    """A schedule from decoded JSON; ``ScheduleError`` names the first bad field."""
    top = _object(obj, "schedule", _TOP_KEYS)
    if "timezone" not in top:
        raise ScheduleError("missing; e.g. \"Europe/Berlin\"", "timezone")
    if "hours" not in top:
        raise ScheduleError('missing; e.g. {"mon": [["09:00", "17:00"]], "sun": []}', "hours")
    return _build(
        lambda: Schedule(
            timezone=_typed(top["timezone"], str, "timezone"),
            hours=_hours(top["hours"]),
            closures=_closures(top.get("closures", [])),
            templates=_templates(top.get("templates", {}), "templates"),
            closure_templates=_templates(top.get("closure_templates", {}), "closure_templates"),
            business_name=_typed(top.get("business_name", ""), str, "business_name"),
            language=_typed(top.get("language", "en"), str, "language"),
            auto_reply=_auto_reply(top.get("auto_reply", {})),
        ),
        "",
    )


def schedule_to_json(schedule: Schedule) -> dict[str, Any]:
    """Plain JSON-ready data with every key spelled out."""
    settings = schedule.auto_reply
    return {
        "timezone": schedule.timezone,
        "business_name": schedule.business_name,
        "language": schedule.language,
        "hours": {
            name: [[format_minute(iv.start), format_minute(iv.end)] for iv in day]
            for name, day in zip(WEEKDAYS, schedule.hours, strict=True)
        },
        "closures": [_closure_to_json(c) for c in schedule.closures],
        "templates": dict(schedule.templates),
        "closure_templates": dict(schedule.closure_templates),
        "auto_reply": {
            "enabled": settings.enabled,
            "period_days": settings.period_days,
            "hourly_cap": settings.hourly_cap,
            "max_age_hours": settings.max_age_hours,
        },
    }


def _closure_to_json(closure: Closure) -> dict[str, str]:
    if closure.start_time is None or closure.end_time is None:
        start, end = closure.start.isoformat(), closure.end.isoformat()
    else:
        start = f"{closure.start.isoformat()}T{closure.start_time:%H:%M}"
        end = f"{closure.end.isoformat()}T{closure.end_time:%H:%M}"
    return {"start": start, "end": end, "reason": closure.reason}


def _build(make: Callable[[], T], where: str) -> T:
    """Run a constructor and put model errors under ``where``."""
    try:
        return make()
    except ScheduleError as error:
        raise (error.within(where) if where else error) from None


def _typed(value: object, kind: type[T], where: str) -> T:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = {str: "text", int: "a whole number", bool: "true or false", list: "a list"}
        raise ScheduleError(f"expected {names.get(kind, kind.__name__)}, got {value!r}", where)
    return value


def _object(value: object, where: str, allowed: frozenset[str]) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ScheduleError(f"expected an object {{...}}, got {value!r}", where)
    for key in value:
        if key not in allowed:
            prefix = "" if where == "schedule" else f"{where}."
            expected = ", ".join(sorted(allowed))
            raise ScheduleError(f"unknown key; expected one of {expected}", f"{prefix}{key}")
    return value


def _hours(value: object) -> tuple[tuple[Interval, ...], ...]:
    days = _object(value, "hours", frozenset(WEEKDAYS))
    week: list[tuple[Interval, ...]] = []
    for name in WEEKDAYS:
        items = _typed(days.get(name, []), list, f"hours.{name}")
        week.append(tuple(_interval(item, f"hours.{name}[{i}]") for i, item in enumerate(items)))
    return tuple(week)


def _interval(item: object, where: str) -> Interval:
    if not (
        isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)
    ):
        raise ScheduleError(f'expected ["HH:MM", "HH:MM"], got {item!r}', where)
    return _build(lambda: Interval.parse(item[0], item[1]), where)


def _closures(value: object) -> tuple[Closure, ...]:
    items = _typed(value, list, "closures")
    return tuple(_closure(item, f"closures[{i}]") for i, item in enumerate(items))


def _closure(item: object, where: str) -> Closure:
    fields = _object(item, where, _CLOSURE_KEYS)
    if "start" not in fields:
        raise ScheduleError("missing; e.g. \"2026-12-24\"", f"{where}.start")
    start = _moment(fields["start"], f"{where}.start")
    end = _moment(fields.get("end", fields["start"]), f"{where}.end")
    reason = _typed(fields.get("reason", ""), str, f"{where}.reason")
    if isinstance(start, datetime) != isinstance(end, datetime):
        raise ScheduleError("start and end must both be dates or both date-times", where)
    if isinstance(start, datetime) and isinstance(end, datetime):
        return _build(
            lambda: Closure(start.date(), end.date(), reason, start.time(), end.time()), where
        )
    return _build(lambda: Closure(start, end, reason), where)


def _moment(value: object, where: str) -> date:
    """A date ``2026-12-24`` or a local date-time ``2026-12-24T14:00``."""
    text = _typed(value, str, where)
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
        if _DATE_TIME.fullmatch(text):
            day, clock = text.split("T")
            return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock))
    except ValueError:
        pass
    problem = f"{text} is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM)"
    raise ScheduleError(problem, where)


def _templates(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        example = '{"de": "...", "en": "..."}'
        raise ScheduleError(f"expected an object like {example}, got {value!r}", where)
    return {key: _typed(text, str, f"{where}.{key}") for key, text in value.items()}


def _auto_reply(value: object) -> AutoReplySettings:
    fields = _object(value, "auto_reply", _AUTO_REPLY_KEYS)
    defaults = AutoReplySettings()
    return _build(
        lambda: AutoReplySettings(
            enabled=_typed(fields.get("enabled", defaults.enabled), bool, "enabled"),
            period_days=_typed(fields.get("period_days", defaults.period_days), int, "period_days"),
            hourly_cap=_typed(fields.get("hourly_cap", defaults.hourly_cap), int, "hourly_cap"),
            max_age_hours=_typed(
                fields.get("max_age_hours", defaults.max_age_hours), int, "max_age_hours"
            ),
        ),
        "auto_reply",
    )

