"""Closures from .ics files: all-day (DTEND exclusive), timed, zones, refusals."""

from __future__ import annotations

from datetime import date, time

import pytest

from app.availability import Closure, ScheduleError, closures_from_ics, is_open, next_open
from tests.app.availability.helpers import WEEKDAYS_9_TO_5, berlin, schedule


def ics(*events: str) -> bytes:
    """A calendar around the given VEVENT bodies, with CRLF line ends as RFC 5545 wants."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tresen tests//EN"]
    for index, body in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:event-{index}@tresen.test", "DTSTAMP:20260101T000000Z"]
        lines += body.strip().splitlines()
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def test_all_day_event_dtend_is_exclusive() -> None:
    data = ics("DTSTART;VALUE=DATE:20261224\nDTEND;VALUE=DATE:20261227\nSUMMARY:Weihnachten")
    assert closures_from_ics(data, "Europe/Berlin") == [
        Closure(date(2026, 12, 24), date(2026, 12, 26), "Weihnachten")
    ]


def test_all_day_event_without_dtend_is_one_day() -> None:
    data = ics("DTSTART;VALUE=DATE:20280229\nSUMMARY:Schalttag")
    assert closures_from_ics(data, "Europe/Berlin") == [
        Closure(date(2028, 2, 29), date(2028, 2, 29), "Schalttag")
    ]


def test_timed_event_in_the_schedule_zone_keeps_its_wall_times() -> None:
    data = ics(
        "DTSTART;TZID=Europe/Berlin:20260803T140000\n"
        "DTEND;TZID=Europe/Berlin:20260803T163000\nSUMMARY:Arzttermin"
    )
    assert closures_from_ics(data, "Europe/Berlin") == [
        Closure(date(2026, 8, 3), date(2026, 8, 3), "Arzttermin", time(14, 0), time(16, 30))
    ]


def test_timed_events_from_other_zones_are_converted() -> None:
    data = ics(
        "DTSTART:20260803T120000Z\nDURATION:PT2H\nSUMMARY:Messe",  # UTC, summer time: +2
        "DTSTART;TZID=America/New_York:20261224T200000\n"
        "DTEND;TZID=America/New_York:20261224T230000\nSUMMARY:Anruf",  # winter: +6
    )
    assert closures_from_ics(data, "Europe/Berlin") == [
        Closure(date(2026, 8, 3), date(2026, 8, 3), "Messe", time(14, 0), time(16, 0)),
        Closure(date(2026, 12, 25), date(2026, 12, 25), "Anruf", time(2, 0), time(5, 0)),
    ]


def test_floating_times_are_taken_as_the_schedule_zone() -> None:
    data = ics("DTSTART:20260803T090000\nDTEND:20260803T120000\nSUMMARY:Inventur")
    assert closures_from_ics(data, "Europe/Berlin") == [
        Closure(date(2026, 8, 3), date(2026, 8, 3), "Inventur", time(9, 0), time(12, 0))
    ]


def test_seconds_widen_the_closure_to_whole_minutes() -> None:
    data = ics("DTSTART:20260803T090030\nDTEND:20260803T100030\nSUMMARY:x")
    (closure,) = closures_from_ics(data, "Europe/Berlin")
    assert (closure.start_time, closure.end_time) == (time(9, 0), time(10, 1))


def test_midnight_to_midnight_timed_event_is_a_day_closure() -> None:
    data = ics(
        "DTSTART;TZID=Europe/Berlin:20260810T000000\n"
        "DTEND;TZID=Europe/Berlin:20260815T000000\nSUMMARY:Urlaub"
    )
    assert closures_from_ics(data, "Europe/Berlin") == [
        Closure(date(2026, 8, 10), date(2026, 8, 14), "Urlaub")
    ]


def test_cancelled_and_zero_length_events_close_nothing_and_results_are_sorted() -> None:
    data = ics(
        "DTSTART;VALUE=DATE:20261231\nSUMMARY:Silvester",
        "DTSTART;VALUE=DATE:20260501\nSTATUS:CANCELLED\nSUMMARY:abgesagt",
        "DTSTART:20260601T090000\nSUMMARY:Erinnerung",
        "DTSTART;VALUE=DATE:20260101\nSUMMARY:Neujahr",
    )
    assert [c.reason for c in closures_from_ics(data, "Europe/Berlin")] == ["Neujahr", "Silvester"]


def test_recurring_event_is_refused_by_name() -> None:
    data = ics("DTSTART;VALUE=DATE:20261224\nRRULE:FREQ=YEARLY\nSUMMARY:Weihnachten")
    with pytest.raises(ScheduleError, match=r"^ics\.events\[0\] \(Weihnachten\): repeats"):
        closures_from_ics(data, "Europe/Berlin")


@pytest.mark.parametrize("data", [b"", b"not a calendar", b"\x89PNG\r\n\x1a\n"])
def test_garbage_is_a_schedule_error(data: bytes) -> None:
    with pytest.raises(ScheduleError, match=r"^ics: not an iCalendar file"):
        closures_from_ics(data, "Europe/Berlin")


def test_event_without_start_is_named() -> None:
    with pytest.raises(ScheduleError, match=r"^ics\.events\[0\] \(kaputt\): has no usable"):
        closures_from_ics(ics("SUMMARY:kaputt"), "Europe/Berlin")


def test_imported_closures_drive_the_schedule() -> None:
    data = ics("DTSTART;VALUE=DATE:20261224\nDTEND;VALUE=DATE:20261227\nSUMMARY:Weihnachten")
    s = schedule(WEEKDAYS_9_TO_5, closures_from_ics(data, "Europe/Berlin"))
    assert not is_open(s, berlin(2026, 12, 24, 10))
    assert next_open(s, berlin(2026, 12, 24, 10)) == berlin(2026, 12, 28, 9, 0)
