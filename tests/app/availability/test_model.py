"""The dataclasses refuse to exist in an invalid state."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from typing import Any

import pytest

from app.availability import (
    AutoReplySettings,
    Closure,
    Interval,
    Schedule,
    ScheduleError,
    effective_schedule,
    weekly_hours,
)
from tests.app.availability.helpers import WEEKDAYS_9_TO_5, schedule


def test_interval_parse_and_overnight() -> None:
    night = Interval.parse("22:00", "02:00")
    assert (night.start, night.end, night.overnight, night.end_offset) == (1320, 120, True, 1560)
    day = Interval.parse("9:30", "24:00")
    assert (day.start, day.end, day.overnight) == (570, 1440, False)
    assert str(night) == "22:00–02:00"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(-1, 60, "start minute -1"), (1440, 60, "start minute 1440"), (60, 1441, "end minute 1441"),
     (60, 60, "start and end are both 01:00")],
)  # fmt: skip
def test_interval_rejects_impossible_minutes(start: int, end: int, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        Interval(start, end)


def test_closure_validation() -> None:
    with pytest.raises(ScheduleError, match="both a start time and an end time"):
        Closure(date(2026, 8, 3), date(2026, 8, 3), start_time=time(9, 0))
    with pytest.raises(ScheduleError, match="end 2026-08-02 is before start 2026-08-03"):
        Closure(date(2026, 8, 3), date(2026, 8, 2))
    with pytest.raises(ScheduleError, match="end must be after start"):
        Closure(date(2026, 8, 3), date(2026, 8, 3), "", time(12, 0), time(12, 0))
    with pytest.raises(ScheduleError, match="whole minutes"):
        Closure(date(2026, 8, 3), date(2026, 8, 3), "", time(12, 0, 30), time(13, 0))
    timed = Closure(date(2026, 8, 3), date(2026, 8, 4), "", time(12, 0), time(9, 0))
    assert (timed.timed, timed.start_minute, timed.end_minute) == (True, 720, 540)
    whole = Closure(date(2026, 8, 3), date(2026, 8, 4))
    assert (whole.timed, whole.start_minute, whole.end_minute) == (False, 0, 1440)


@pytest.mark.parametrize("field", ["period_days", "hourly_cap", "max_age_hours"])
def test_auto_reply_settings_need_positive_whole_numbers(field: str) -> None:
    with pytest.raises(ScheduleError, match=f"^{field}: must be a whole number"):
        changes: dict[str, Any] = {field: 0}
        replace(AutoReplySettings(), **changes)
    defaults = AutoReplySettings()
    assert (defaults.enabled, defaults.period_days) == (False, 4)


def test_schedule_rejects_unknown_zone_and_wrong_week_length() -> None:
    with pytest.raises(ScheduleError, match=r"^timezone: 'Europe/Kiel' is not an IANA"):
        Schedule(timezone="Europe/Kiel")
    with pytest.raises(ScheduleError, match=r"^hours: needs 7 days, got 6"):
        Schedule(timezone="UTC", hours=((),) * 6)


def test_schedule_rejects_overlaps_also_from_sunday_night_into_monday() -> None:
    expected = r"^hours\.mon\[0\]: 01:00–05:00 overlaps sun 22:00–02:00"
    with pytest.raises(ScheduleError, match=expected):
        schedule({"sun": [("22:00", "02:00")], "mon": [("01:00", "05:00")]})
    # Touching intervals are fine: one ends when the next begins.
    touching = schedule({"sun": [("22:00", "02:00")], "mon": [("02:00", "05:00")]})
    assert touching.hours[0] == (Interval(120, 300),)


def test_schedule_templates_are_a_frozen_copy() -> None:
    texts = {"de": "Zu bis {next_open}"}
    s = schedule(templates=texts)
    texts["de"] = "geändert"
    assert s.templates["de"] == "Zu bis {next_open}"
    with pytest.raises(TypeError):
        s.templates["de"] = "x"  # type: ignore[index]


def test_weekly_hours_names_the_bad_day_and_index() -> None:
    with pytest.raises(ScheduleError, match=r"^hours\.wed\[1\]: end 7 is not a time"):
        weekly_hours({"wed": [("09:00", "12:00"), ("13:00", "7")]})
    with pytest.raises(ScheduleError, match=r"^hours: unknown day 'mittwoch'"):
        weekly_hours({"mittwoch": []})


def test_effective_schedule_prefers_the_account_override() -> None:
    workspace = schedule(WEEKDAYS_9_TO_5)
    account = schedule({"sat": [("10:00", "14:00")]})
    assert effective_schedule(workspace, account) is account
    assert effective_schedule(workspace, None) is workspace
