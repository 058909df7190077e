"""Open now? When next? Which closure? Across DST, midnight, closures and leap days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.availability import WEEKDAYS, closure_at, closures_on, is_open, next_open, open_spans
from tests.app.availability.helpers import (
    SPLIT_WEEK,
    WEEKDAYS_9_TO_5,
    berlin,
    day_closure,
    schedule,
    timed_closure,
    utc,
)

# --- split shifts and boundaries -------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (8, 59, False),
        (9, 0, True),  # the start belongs to the interval
        (12, 59, True),
        (13, 0, False),  # the end does not
        (13, 30, False),  # the lunch break of a split shift
        (14, 0, True),
        (17, 59, True),
        (18, 0, False),
    ],
)
def test_split_shift_is_open_at_boundaries(hour: int, minute: int, expected: bool) -> None:
    s = schedule(SPLIT_WEEK)
    assert is_open(s, berlin(2026, 8, 4, hour, minute)) is expected


def test_next_open_in_the_lunch_break_is_the_afternoon_shift() -> None:
    s = schedule(SPLIT_WEEK)
    assert next_open(s, berlin(2026, 8, 4, 13, 30)) == berlin(2026, 8, 4, 14, 0)


def test_next_open_after_friday_evening_is_monday_morning() -> None:
    s = schedule(SPLIT_WEEK)
    assert next_open(s, berlin(2026, 8, 7, 18, 0)) == berlin(2026, 8, 10, 9, 0)


def test_next_open_while_open_is_the_moment_itself_in_the_schedule_zone() -> None:
    s = schedule(SPLIT_WEEK)
    at = utc(2026, 8, 4, 8, 0)  # 10:00 in Berlin
    result = next_open(s, at)
    assert result == at
    assert result is not None and result.tzinfo == s.zone and result.hour == 10


def test_is_open_answers_the_same_for_any_zone_of_the_same_instant() -> None:
    s = schedule(SPLIT_WEEK)
    tokyo = datetime(2026, 8, 4, 17, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert is_open(s, tokyo)  # 10:30 in Berlin
    assert not is_open(s, tokyo + timedelta(hours=3))  # 13:30 in Berlin


def test_naive_datetimes_are_rejected() -> None:
    s = schedule(SPLIT_WEEK)
    with pytest.raises(ValueError, match="no time zone"):
        is_open(s, datetime(2026, 8, 4, 10, 0))
    with pytest.raises(ValueError, match="no time zone"):
        next_open(s, datetime(2026, 8, 4, 10, 0))
    with pytest.raises(ValueError, match="no time zone"):
        closure_at(s, datetime(2026, 8, 4, 10, 0))


# --- spring forward: last Sunday of March (2026-03-29, 02:00 CET -> 03:00 CEST) -----------


def test_spring_switch_monday_opening_moves_one_hour_earlier_in_utc() -> None:
    s = schedule(WEEKDAYS_9_TO_5)
    before = next_open(s, berlin(2026, 3, 21, 12))  # a Saturday in winter time
    after = next_open(s, berlin(2026, 3, 28, 12))  # the Saturday before the switch
    assert before == utc(2026, 3, 23, 8, 0)
    assert after == utc(2026, 3, 30, 7, 0)
    assert after is not None and (after.hour, after.utcoffset()) == (9, timedelta(hours=2))


def test_spring_switch_interval_spanning_the_skipped_hour_is_one_hour_shorter() -> None:
    s = schedule({"sun": [("01:00", "04:00")]})
    assert open_spans(s, date(2026, 3, 29), date(2026, 3, 29)) == [
        (utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 2, 0))
    ]
    assert is_open(s, utc(2026, 3, 29, 0, 59))  # 01:59 CET
    assert is_open(s, utc(2026, 3, 29, 1, 0))  # 03:00 CEST, one minute later
    assert not is_open(s, utc(2026, 3, 29, 2, 0))  # 04:00 CEST


def test_spring_switch_interval_inside_the_skipped_hour_does_not_happen() -> None:
    s = schedule({"sun": [("02:00", "03:00")]})
    assert is_open(s, berlin(2026, 3, 22, 2, 30))  # the Sunday before: a normal day
    assert open_spans(s, date(2026, 3, 29), date(2026, 3, 29)) == []
    assert next_open(s, berlin(2026, 3, 28, 12)) == berlin(2026, 4, 5, 2, 0)


# --- fall back: last Sunday of October (2026-10-25, 03:00 CEST -> 02:00 CET) ---------------


def test_autumn_switch_monday_opening_moves_one_hour_later_in_utc() -> None:
    s = schedule(WEEKDAYS_9_TO_5)
    result = next_open(s, berlin(2026, 10, 24, 12))
    assert result == utc(2026, 10, 26, 8, 0)
    assert result is not None and (result.hour, result.utcoffset()) == (9, timedelta(hours=1))


def test_autumn_switch_interval_spanning_the_repeated_hour_is_one_hour_longer() -> None:
    s = schedule({"sun": [("01:00", "04:00")]})
    assert open_spans(s, date(2026, 10, 25), date(2026, 10, 25)) == [
        (utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 3, 0))
    ]
    assert is_open(s, berlin(2026, 10, 25, 2, 30, fold=0))  # first 02:30 (CEST)
    assert is_open(s, berlin(2026, 10, 25, 2, 30, fold=1))  # second 02:30 (CET)


def test_autumn_switch_repeated_wall_time_means_its_first_occurrence() -> None:
    # 02:00-02:30 happens twice on the clock; the shift is the first half hour only.
    s = schedule({"sun": [("02:00", "02:30")]})
    assert is_open(s, berlin(2026, 10, 25, 2, 15, fold=0))
    assert not is_open(s, berlin(2026, 10, 25, 2, 15, fold=1))


# --- overnight intervals -----------------------------------------------------------------


def test_overnight_interval_belongs_to_the_day_it_starts() -> None:
    s = schedule({"sat": [("22:00", "02:00")]})
    assert is_open(s, berlin(2026, 6, 13, 23, 0))  # Saturday night
    assert is_open(s, berlin(2026, 6, 14, 1, 59))  # early Sunday, still Saturday's shift
    assert not is_open(s, berlin(2026, 6, 14, 2, 0))
    assert not is_open(s, berlin(2026, 6, 14, 23, 0))  # Sunday itself has no shift
    assert next_open(s, berlin(2026, 6, 14, 5, 0)) == berlin(2026, 6, 20, 22, 0)


def test_overnight_interval_across_midnight_and_spring_switch() -> None:
    s = schedule({"sat": [("22:00", "04:00")]})
    assert open_spans(s, date(2026, 3, 28), date(2026, 3, 28)) == [
        (utc(2026, 3, 28, 21, 0), utc(2026, 3, 29, 2, 0))  # five real hours
    ]
    assert is_open(s, utc(2026, 3, 29, 1, 30))  # 03:30 CEST
    assert not is_open(s, utc(2026, 3, 29, 2, 0))  # 04:00 CEST


def test_overnight_interval_across_midnight_and_autumn_switch() -> None:
    s = schedule({"sat": [("22:00", "04:00")]})
    assert open_spans(s, date(2026, 10, 24), date(2026, 10, 24)) == [
        (utc(2026, 10, 24, 20, 0), utc(2026, 10, 25, 3, 0))  # seven real hours
    ]
    assert is_open(s, berlin(2026, 10, 25, 2, 30, fold=1))
    assert is_open(s, berlin(2026, 10, 25, 3, 59))
    assert not is_open(s, berlin(2026, 10, 25, 4, 0))


@pytest.mark.parametrize("end", ["24:00", "00:00"])
def test_shift_ending_at_midnight(end: str) -> None:
    s = schedule({"sat": [("20:00", end)]})
    assert is_open(s, berlin(2026, 6, 13, 23, 59))
    assert not is_open(s, berlin(2026, 6, 14, 0, 0))


# --- closures ----------------------------------------------------------------------------


def test_day_closure_cancels_shifts_starting_on_it_but_not_the_night_before() -> None:
    every_night = {day: [("22:00", "02:00")] for day in WEEKDAYS}
    christmas_eve = day_closure(date(2026, 12, 24), reason="Heiligabend")
    s = schedule(every_night, [christmas_eve])
    assert is_open(s, berlin(2026, 12, 24, 1, 0))  # the 23rd's shift runs on
    assert not is_open(s, berlin(2026, 12, 24, 23, 0))
    assert not is_open(s, berlin(2026, 12, 25, 1, 0))  # the 24th's shift is cancelled whole
    assert closure_at(s, berlin(2026, 12, 25, 1, 0)) == christmas_eve
    assert next_open(s, berlin(2026, 12, 24, 12, 0)) == berlin(2026, 12, 25, 22, 0)
    assert closure_at(s, berlin(2026, 12, 25, 22, 30)) is None


def test_timed_closure_that_ends_mid_interval_reopens_at_its_end() -> None:
    move = timed_closure(datetime(2026, 8, 1, 0, 0), datetime(2026, 8, 3, 11, 0), "Umzug")
    s = schedule(WEEKDAYS_9_TO_5, [move])
    assert not is_open(s, berlin(2026, 8, 3, 10, 59))
    assert is_open(s, berlin(2026, 8, 3, 11, 0))
    assert next_open(s, berlin(2026, 7, 31, 18, 0)) == berlin(2026, 8, 3, 11, 0)
    assert closure_at(s, berlin(2026, 8, 3, 10, 0)) == move
    assert closure_at(s, berlin(2026, 8, 3, 11, 0)) is None


def test_timed_closure_that_starts_mid_interval_closes_the_rest() -> None:
    doctor = timed_closure(datetime(2026, 8, 4, 12, 0), datetime(2026, 8, 4, 15, 0), "Arzt")
    s = schedule(SPLIT_WEEK, [doctor])
    assert is_open(s, berlin(2026, 8, 4, 11, 59))
    assert not is_open(s, berlin(2026, 8, 4, 12, 0))
    assert next_open(s, berlin(2026, 8, 4, 12, 0)) == berlin(2026, 8, 4, 15, 0)


def test_overlapping_closures_skip_to_after_both_and_report_the_longer_one() -> None:
    vacation = day_closure(date(2026, 8, 1), date(2026, 8, 12), "Betriebsurlaub bis 12. August")
    stocktaking = day_closure(date(2026, 8, 10), date(2026, 8, 14), "Inventur")
    s = schedule(WEEKDAYS_9_TO_5, [vacation, stocktaking])
    assert next_open(s, berlin(2026, 8, 5, 10)) == berlin(2026, 8, 17, 9, 0)
    assert closure_at(s, berlin(2026, 8, 5, 10)) == vacation
    assert closure_at(s, berlin(2026, 8, 11, 10)) == stocktaking
    assert closure_at(s, berlin(2026, 8, 13, 10)) == stocktaking
    assert closures_on(s, date(2026, 8, 11)) == (vacation, stocktaking)
    assert closures_on(s, date(2026, 8, 15)) == ()


def test_identical_closures_report_the_first_listed() -> None:
    first = day_closure(date(2026, 8, 3), reason="erste")
    second = day_closure(date(2026, 8, 3), reason="zweite")
    s = schedule(WEEKDAYS_9_TO_5, [first, second])
    assert closure_at(s, berlin(2026, 8, 3, 10)) == first


def test_long_closure_far_ahead_is_skipped_in_one_call() -> None:
    sabbatical = day_closure(date(2026, 1, 1), date(2027, 6, 30), "Sabbatjahr")
    s = schedule(WEEKDAYS_9_TO_5, [sabbatical])
    assert next_open(s, berlin(2026, 1, 1)) == berlin(2027, 7, 1, 9, 0)


# --- 29 February -------------------------------------------------------------------------


def test_leap_day_closure_and_opening() -> None:
    s = schedule(WEEKDAYS_9_TO_5, [day_closure(date(2028, 2, 29), reason="Schalttag")])
    assert not is_open(s, berlin(2028, 2, 29, 10))
    assert is_open(s, berlin(2028, 2, 28, 10))
    assert next_open(s, berlin(2028, 2, 28, 18)) == berlin(2028, 3, 1, 9, 0)
    closure = closure_at(s, berlin(2028, 2, 29, 10))
    assert closure is not None and closure.reason == "Schalttag"


def test_leap_day_is_an_ordinary_tuesday_for_the_weekly_hours() -> None:
    s = schedule({"tue": [("09:00", "12:00")]})
    assert next_open(s, berlin(2028, 2, 28, 12)) == berlin(2028, 2, 29, 9, 0)
    assert next_open(s, berlin(2027, 2, 28, 12)) == berlin(2027, 3, 2, 9, 0)


# --- a week without hours ----------------------------------------------------------------


def test_week_without_hours_never_opens() -> None:
    s = schedule({}, [day_closure(date(2026, 8, 3), reason="zu")])
    assert not s.has_hours
    assert not is_open(s, berlin(2026, 8, 4, 10))
    assert next_open(s, berlin(2026, 8, 4, 10)) is None
    assert open_spans(s, date(2026, 8, 1), date(2026, 8, 31)) == []


def test_every_day_closed_by_closures_never_opens() -> None:
    s = schedule(WEEKDAYS_9_TO_5, [day_closure(date(2026, 1, 1), date(2026, 12, 31))])
    assert next_open(s, berlin(2026, 3, 1)) == berlin(2027, 1, 1, 9, 0)
