"""The schedule file: lossless round trip, and one clear error per malformed field."""

from __future__ import annotations

import copy
import json
from datetime import date, time
from typing import Any

import pytest

from app.availability import (
    AutoReplySettings,
    Closure,
    Interval,
    ScheduleError,
    schedule_from_json,
    schedule_from_json_text,
    schedule_to_json,
    schedule_to_json_text,
)

ISSUE_EXAMPLE: dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "hours": {
        "mon": [["09:00", "13:00"], ["14:00", "18:00"]],
        "tue": [["09:00", "18:00"]],
        "wed": [],
        "thu": [["09:00", "18:00"]],
        "fri": [["09:00", "18:00"]],
        "sat": [["22:00", "02:00"]],
        "sun": [],
    },
    "closures": [{"start": "2026-12-24", "end": "2026-12-26", "reason": "Weihnachten"}],
    "templates": {"de": "Zurück am {next_open}.", "en": "Back {next_open}."},
    "auto_reply": {"enabled": True, "period_days": 4},
}

FULL: dict[str, Any] = {
    **ISSUE_EXAMPLE,
    "business_name": "Bäckerei Brot & Zeit",
    "language": "de",
    "closures": [
        *ISSUE_EXAMPLE["closures"],
        {"start": "2026-08-03T14:00", "end": "2026-08-03T16:30", "reason": "Arzt"},
        {"start": "2028-02-29", "end": "2028-02-29", "reason": ""},
    ],
    "closure_templates": {"de": "Geschlossen: {closure_reason}"},
    "auto_reply": {"enabled": False, "period_days": 7, "hourly_cap": 5, "max_age_hours": 48},
}


def test_the_issue_example_is_read_with_defaults_for_the_rest() -> None:
    s = schedule_from_json(ISSUE_EXAMPLE)
    assert s.timezone == "Europe/Berlin"
    assert s.hours[0] == (Interval(9 * 60, 13 * 60), Interval(14 * 60, 18 * 60))
    assert s.hours[5] == (Interval(22 * 60, 2 * 60),) and s.hours[5][0].overnight
    assert s.hours[6] == ()
    assert s.closures == (Closure(date(2026, 12, 24), date(2026, 12, 26), "Weihnachten"),)
    assert s.auto_reply == AutoReplySettings(enabled=True, period_days=4)
    assert s.language == "en" and s.business_name == ""


def test_round_trip_is_lossless() -> None:
    s = schedule_from_json(FULL)
    data = schedule_to_json(s)
    assert data == FULL  # every key spelled out, nothing reordered or rewritten
    assert schedule_from_json(data) == s
    assert schedule_from_json(json.loads(json.dumps(data))) == s


def test_text_round_trip_keeps_unicode_and_one_interval_per_line() -> None:
    s = schedule_from_json(FULL)
    text = schedule_to_json_text(s)
    assert '"business_name": "Bäckerei Brot & Zeit"' in text
    assert '      ["09:00", "13:00"],\n' in text
    assert schedule_from_json_text(text) == s
    assert schedule_to_json_text(schedule_from_json_text(text)) == text


def test_timed_closure_is_read_as_local_wall_times() -> None:
    s = schedule_from_json(FULL)
    assert s.closures[1] == Closure(
        date(2026, 8, 3), date(2026, 8, 3), "Arzt", time(14, 0), time(16, 30)
    )


def test_missing_days_are_closed_and_a_missing_end_means_one_day() -> None:
    s = schedule_from_json(
        {
            "timezone": "UTC",
            "hours": {"mon": [["09:00", "24:00"]]},
            "closures": [{"start": "2026-05-01"}],
        }
    )
    assert s.hours[1:] == ((),) * 6
    assert s.hours[0] == (Interval(9 * 60, 24 * 60),)
    assert s.closures == (Closure(date(2026, 5, 1), date(2026, 5, 1)),)


def _with(path: str, value: object) -> dict[str, Any]:
    """The issue example with one field replaced (``...`` deletes it)."""
    data = copy.deepcopy(ISSUE_EXAMPLE)
    *parents, last = path.split("/")
    node: Any = data
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is ...:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


MALFORMED = [
    ("timezone", ..., 'timezone: missing; e.g. "Europe/Berlin"'),
    ("timezone", "Mars/Olympus", "timezone: 'Mars/Olympus' is not an IANA time zone"),
    ("timezone", 1, "timezone: expected text, got 1"),
    ("business_name", 5, "business_name: expected text, got 5"),
    ("language", "fr", "language: 'fr' is not one of de, en"),
    ("hour", {}, "hour: unknown key; expected one of"),
    ("hours", ..., "hours: missing"),
    ("hours", [], "hours: expected an object {...}, got []"),
    ("hours/mond", [], "hours.mond: unknown key; expected one of fri, mon"),
    ("hours/mon", "09:00-13:00", "hours.mon: expected a list, got '09:00-13:00'"),
    ("hours/mon/0", ["09:00"], 'hours.mon[0]: expected ["HH:MM", "HH:MM"], got [\'09:00\']'),
    ("hours/mon/0", [9, 13], 'hours.mon[0]: expected ["HH:MM", "HH:MM"]'),
    ("hours/mon/1", ["14:00", "25:00"], "hours.mon[1]: end 25:00 is not a time"),
    ("hours/mon/1", ["14:00", "18:60"], "hours.mon[1]: end 18:60 is not a time"),
    ("hours/tue/0", ["24:00", "02:00"], "hours.tue[0]: start 24:00 is not a time"),
    ("hours/tue/0", ["9 Uhr", "18:00"], "hours.tue[0]: start 9 Uhr is not a time"),
    ("hours/tue/0", ["09:00", "09:00"], "hours.tue[0]: start and end are both 09:00"),
    ("hours/mon/1", ["12:00", "14:00"], "hours.mon[1]: 12:00–14:00 overlaps 09:00–13:00"),
    ("hours/sun", [["01:00", "03:00"]], "hours.sun[0]: 01:00–03:00 overlaps sat 22:00–02:00"),
    ("closures", {}, "closures: expected a list, got {}"),
    ("closures/0", "2026-12-24", "closures[0]: expected an object {...}"),
    ("closures/0/start", ..., 'closures[0].start: missing; e.g. "2026-12-24"'),
    ("closures/0/start", "24.12.2026", "closures[0].start: 24.12.2026 is not a date"),
    ("closures/0/start", "2026-13-01", "closures[0].start: 2026-13-01 is not a date"),
    ("closures/0/end", "2027-02-29", "closures[0].end: 2027-02-29 is not a date"),
    ("closures/0/end", "2026-12-26T25:00", "closures[0].end: 2026-12-26T25:00 is not a date"),
    ("closures/0/end", "2026-12-20", "closures[0]: end 2026-12-20 is before start 2026-12-24"),
    (
        "closures/0/end",
        "2026-12-26T12:00",
        "closures[0]: start and end must both be dates or both date-times",
    ),
    ("closures/0/reason", None, "closures[0].reason: expected text, got None"),
    ("closures/0/note", "x", "closures[0].note: unknown key; expected one of end, reason, start"),
    ("templates", "Hallo", "templates: expected an object like"),
    ("templates/fr", "Fermé", "templates.fr: unsupported language; use one of de, en"),
    ("templates/de", "Ab {naechste}", "templates.de: unknown variable {naechste}"),
    ("templates/en", ["x"], "templates.en: expected text"),
    ("closure_templates", {"de": "zu {"}, "closure_templates.de: unmatched '{' or '}'"),
    ("auto_reply", True, "auto_reply: expected an object {...}, got True"),
    ("auto_reply/enabled", "yes", "auto_reply.enabled: expected true or false, got 'yes'"),
    ("auto_reply/period_days", 0, "auto_reply.period_days: must be a whole number of at least 1"),
    ("auto_reply/period_days", True, "auto_reply.period_days: expected a whole number, got True"),
    ("auto_reply/period_days", 2.5, "auto_reply.period_days: expected a whole number, got 2.5"),
    ("auto_reply/hourly_cap", "20", "auto_reply.hourly_cap: expected a whole number, got '20'"),
    ("auto_reply/max_age_hours", -1, "auto_reply.max_age_hours: must be a whole number of at"),
    ("auto_reply/period", 4, "auto_reply.period: unknown key; expected one of enabled"),
]


@pytest.mark.parametrize(("path", "value", "message"), MALFORMED)
def test_malformed_field_raises_a_schedule_error_naming_it(
    path: str, value: object, message: str
) -> None:
    with pytest.raises(ScheduleError) as caught:
        schedule_from_json(_with(path, value))
    assert str(caught.value).startswith(message)


def test_the_error_carries_field_and_problem_separately() -> None:
    with pytest.raises(ScheduleError) as caught:
        schedule_from_json(_with("hours/mon/1", ["14:00", "25:00"]))
    assert (caught.value.field, caught.value.problem) == ("hours.mon[1]", "end 25:00 is not a time")


def test_not_an_object_and_not_json() -> None:
    with pytest.raises(ScheduleError, match=r"^schedule: expected an object"):
        schedule_from_json([1, 2])
    with pytest.raises(ScheduleError, match=r"^not valid JSON: .*line 1, column"):
        schedule_from_json_text('{"timezone": }')
