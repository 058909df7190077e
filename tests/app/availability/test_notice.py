"""The rendered notice: which template, which values, in German and English."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.availability import (
    Interval,
    format_clock,
    format_hours,
    format_next_open,
    notice_at,
    notice_template,
    notice_variables,
    weekly_hours,
)
from tests.app.availability.helpers import (
    SPLIT_WEEK,
    berlin,
    day_closure,
    schedule,
    timed_closure,
)


def test_german_notice_outside_hours() -> None:
    s = schedule(SPLIT_WEEK, business_name="Radladen Kiel", language="de")
    text = notice_at(s, berlin(2026, 8, 8, 11, 0))  # Saturday
    assert text == (
        "Vielen Dank für Ihre Nachricht an Radladen Kiel. Wir sind gerade nicht erreichbar "
        "und antworten Ihnen, sobald wir wieder da sind.\n"
        "Wieder erreichbar: Montag, 9:00\n"
        "Unsere Zeiten: Mo–Fr 9:00–13:00, 14:00–18:00"
    )


def test_english_notice_uses_the_12_hour_clock_throughout() -> None:
    s = schedule(SPLIT_WEEK, business_name="Bike Shop")
    text = notice_at(s, berlin(2026, 8, 4, 13, 15), "en")
    assert text is not None
    assert "Back: Tuesday, 2:00 PM\n" in text
    assert text.endswith("Our hours: Mon–Fri 9:00 AM–1:00 PM, 2:00 PM–6:00 PM")


def test_no_notice_while_open() -> None:
    s = schedule(SPLIT_WEEK)
    assert notice_at(s, berlin(2026, 8, 4, 10, 0)) is None
    assert notice_at(s, berlin(2026, 8, 4, 10, 0), "de") is None


def test_language_defaults_to_the_schedules_and_must_be_supported() -> None:
    s = schedule(SPLIT_WEEK, language="de")
    text = notice_at(s, berlin(2026, 8, 8, 11, 0))
    assert text is not None and text.startswith("Vielen Dank")
    with pytest.raises(ValueError, match="'fr' is not supported"):
        notice_at(s, berlin(2026, 8, 8, 11, 0), "fr")


def test_closure_notice_tells_the_reason_and_the_date_after_a_long_break() -> None:
    vacation = day_closure(date(2026, 8, 1), date(2026, 8, 14), "Betriebsurlaub bis 14. August")
    s = schedule(SPLIT_WEEK, [vacation], language="de")
    text = notice_at(s, berlin(2026, 8, 3, 10, 0))
    assert text is not None
    assert "Wir haben gerade geschlossen: Betriebsurlaub bis 14. August." in text
    assert text.endswith("Wieder erreichbar: Montag, 17. August, 9:00")


def test_closure_without_reason_uses_the_ordinary_notice() -> None:
    s = schedule(SPLIT_WEEK, [day_closure(date(2026, 8, 3))], language="de")
    at = berlin(2026, 8, 3, 10, 0)
    assert notice_template(s, at) == notice_template(s, berlin(2026, 8, 8, 10, 0))
    text = notice_at(s, at)
    assert text is not None and "Wieder erreichbar: Dienstag, 9:00" in text


def test_owner_templates_take_precedence_in_the_right_order() -> None:
    closure = timed_closure(datetime(2026, 8, 3, 0, 0), datetime(2026, 8, 3, 12, 0), "Umzug")
    general = schedule(SPLIT_WEEK, [closure], templates={"en": "Away ({closure_reason})"})
    both = schedule(
        SPLIT_WEEK,
        [closure],
        templates={"en": "Away"},
        closure_templates={"en": "Closed: {closure_reason}, back {next_open}"},
    )
    during, outside = berlin(2026, 8, 3, 10, 0), berlin(2026, 8, 8, 10, 0)
    assert notice_at(general, during) == "Away (Umzug)"
    assert notice_at(general, outside) == "Away ()"
    assert notice_at(both, during) == "Closed: Umzug, back Monday, 12:00 PM"
    assert notice_at(both, outside) == "Away"


def test_week_without_hours_still_renders_a_notice() -> None:
    s = schedule({}, language="de")
    text = notice_at(s, berlin(2026, 8, 4, 10, 0))
    assert text is not None
    assert "Wieder erreichbar: noch nicht bekannt" in text
    assert "Unsere Zeiten: keine festen Öffnungszeiten" in text
    assert "Nachricht an uns." in text  # no business name set


def test_notice_variables_for_a_live_preview() -> None:
    s = schedule(SPLIT_WEEK, business_name="Radladen")
    assert notice_variables(s, berlin(2026, 8, 8, 11, 0), "de") == {
        "business_name": "Radladen",
        "closure_reason": "",
        "hours": "Mo–Fr 9:00–13:00, 14:00–18:00",
        "next_open": "Montag, 9:00",
    }


@pytest.mark.parametrize(
    ("minute", "de", "en"),
    [
        (0, "0:00", "12:00 AM"),
        (9 * 60 + 5, "9:05", "9:05 AM"),
        (12 * 60, "12:00", "12:00 PM"),
        (23 * 60 + 59, "23:59", "11:59 PM"),
        (24 * 60, "24:00", "12:00 AM"),
    ],
)
def test_format_clock(minute: int, de: str, en: str) -> None:
    assert format_clock(minute, "de") == de
    assert format_clock(minute, "en") == en


@pytest.mark.parametrize(
    ("when", "de", "en"),
    [
        (berlin(2026, 8, 4, 14), "Dienstag, 14:00", "Tuesday, 2:00 PM"),  # same day
        (berlin(2026, 8, 10, 9), "Montag, 9:00", "Monday, 9:00 AM"),  # six days ahead
        (berlin(2026, 8, 11, 9), "Dienstag, 11. August, 9:00", "Tuesday, August 11, 9:00 AM"),
        (
            berlin(2027, 1, 4, 9),
            "Montag, 4. Januar 2027, 9:00",
            "Monday, January 4, 2027, 9:00 AM",
        ),
    ],
)
def test_format_next_open_adds_the_date_beyond_a_week(when: datetime, de: str, en: str) -> None:
    now = berlin(2026, 8, 4, 13, 30)
    assert format_next_open(when, now, "de") == de
    assert format_next_open(when, now, "en") == en


def test_format_next_open_counts_days_in_the_schedule_zone() -> None:
    # 23:30 UTC on Monday is already Tuesday in Berlin: "next Monday" is 6 days away.
    now = datetime(2026, 8, 3, 23, 30, tzinfo=UTC)
    assert format_next_open(berlin(2026, 8, 10, 9), now, "de") == "Montag, 9:00"


def test_format_hours_groups_equal_consecutive_days_only() -> None:
    week = weekly_hours(
        {
            "mon": [("14:00", "18:00"), ("09:00", "13:00")],
            "tue": [("09:00", "13:00"), ("14:00", "18:00")],
            "thu": [("09:00", "13:00"), ("14:00", "18:00")],
            "fri": [("22:00", "02:00")],
            "sat": [("22:00", "02:00")],
            "sun": [("10:00", "24:00")],
        }
    )
    assert format_hours(week, "de") == (
        "Mo–Di 9:00–13:00, 14:00–18:00; Do 9:00–13:00, 14:00–18:00; "
        "Fr–Sa 22:00–2:00; So 10:00–24:00"
    )
    assert format_hours(week, "en").endswith("Fri–Sat 10:00 PM–2:00 AM; Sun 10:00 AM–12:00 AM")


def test_format_hours_for_an_empty_week() -> None:
    empty: tuple[tuple[Interval, ...], ...] = ((),) * 7
    assert format_hours(empty, "en") == "no regular opening hours"
