"""The Sieve generator: its syntax, and what Pigeonhole really does with the script.

The behaviour tests run Dovecot's own ``sieve-test`` at chosen instants (its
clock shifted for that one process), so "the server answers with exactly the
text Tresen would send, and only while closed" is checked across both
European DST switches, overnight shifts and closures — by the real interpreter.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest

from app.availability import AutoReplySettings, Closure, Schedule, notice_at, weekly_hours
from app.availability.sieve import (
    HANDLE,
    Vacation,
    closed_segments,
    date_script,
    next_offset_change,
    plain_script,
    quote,
    text_block,
)
from tests.servers.dovecot_sieve import SieveClock

OWNER = "hallo@baeckerei.example"
VACATION = Vacation(OWNER, ("info@baeckerei.example", OWNER))

WEEK = weekly_hours({
    "mon": [("09:00", "13:00"), ("14:00", "18:00")],
    "tue": [("09:00", "18:00")],
    "wed": [("09:00", "18:00")],
    "thu": [("09:00", "18:00")],
    "fri": [("09:00", "13:00"), ("22:00", "01:00")],
    "sun": [("01:30", "03:30")],  # crosses the spring gap and the autumn repeat
})
BERLIN = Schedule("Europe/Berlin", WEEK, business_name="Bäckerei Sonnenschein", language="de",
                  closures=(Closure(date(2026, 3, 24), date(2026, 3, 25), "Betriebsurlaub"),
                            Closure(date(2026, 10, 21), date(2026, 10, 21), "Inventur",
                                    time(12, 0), time(15, 30))),
                  auto_reply=AutoReplySettings(period_days=3))
SPRING = datetime(2026, 3, 20, 10, 7, tzinfo=UTC)  # Berlin moves to +0200 on 2026-03-29
AUTUMN = datetime(2026, 10, 20, 16, 42, tzinfo=UTC)  # back to +0100 on 2026-10-25


def _instants(start: datetime, end: datetime, step: timedelta) -> Iterator[datetime]:
    at = start
    while at < end:
        yield at
        at += step


# -- syntax ----------------------------------------------------------------------------

def test_quoted_strings_escape_quotes_and_backslashes_and_flatten_lines() -> None:
    assert quote('Sag "Hallo" \\ tschüss') == '"Sag \\"Hallo\\" \\\\ tschüss"'
    assert quote("zwei\nZeilen") == '"zwei Zeilen"'


def test_text_blocks_use_crlf_and_dot_stuffing() -> None:
    block = text_block(".Punkt am Anfang\n.\nnormal")
    assert block == "text:\r\n..Punkt am Anfang\r\n..\r\nnormal\r\n.\r\n"


def test_script_header_and_vacation_arguments() -> None:
    script = date_script(BERLIN, SPRING, VACATION)
    assert script.extensions == ("date", "relational", "vacation")
    assert 'require ["date", "relational", "vacation"];' in script.text
    assert ':days 3 :from "hallo@baeckerei.example"' in script.text
    assert ':addresses ["hallo@baeckerei.example", "info@baeckerei.example"]' in script.text
    assert f':handle "{HANDLE}"' in script.text
    assert ":subject" not in script.text  # the server writes "Auto: <their subject>"
    assert 'currentdate :zone "+0100"' in script.text
    assert "\n" not in script.text.replace("\r\n", "")


def test_subject_and_include_of_the_owners_script() -> None:
    vacation = dataclasses.replace(VACATION, subject='Abwesend "bis Montag"', include="mine")
    script = date_script(BERLIN, SPRING, vacation)
    assert script.extensions == ("date", "relational", "vacation", "include")
    assert 'include :personal "mine";' in script.text
    assert ':subject "Abwesend \\"bis Montag\\""' in script.text


def test_valid_until_is_the_next_offset_change_or_the_horizon() -> None:
    assert date_script(BERLIN, SPRING, VACATION).valid_until == datetime(2026, 3, 29, 1, 0,
                                                                         tzinfo=UTC)
    assert date_script(BERLIN, AUTUMN, VACATION).valid_until == datetime(2026, 10, 25, 1, 0,
                                                                         tzinfo=UTC)
    utc = dataclasses.replace(BERLIN, timezone="UTC")
    script = date_script(utc, SPRING, VACATION, horizon=timedelta(days=10))
    assert script.valid_until == datetime(2026, 3, 30, 10, 7, tzinfo=UTC)
    assert next_offset_change(utc.zone, SPRING, SPRING + timedelta(days=400)) is None


def test_closed_segments_carry_exactly_the_notice_of_every_instant_inside() -> None:
    segments = closed_segments(BERLIN, SPRING, SPRING + timedelta(days=14))
    assert segments, "a week with closed nights has closed segments"
    for at in _instants(SPRING, SPRING + timedelta(days=14), timedelta(minutes=47)):
        inside = [s for s in segments if s.start <= at < s.end]
        expected = notice_at(BERLIN, at)
        assert (inside[0].text if inside else None) == expected, at
    assert all(a.end <= b.start for a, b in pairwise(segments))


def test_plain_script_while_open_says_when_we_close() -> None:
    monday_ten = datetime(2026, 3, 23, 9, 0, tzinfo=UTC)  # 10:00 in Berlin, open until 13:00
    plain = plain_script(BERLIN, monday_ten, VACATION)
    assert plain.text is None
    assert plain.transition == datetime(2026, 3, 23, 12, 0, tzinfo=UTC)


def test_plain_script_while_closed_holds_the_current_notice_until_it_changes() -> None:
    monday_evening = datetime(2026, 3, 23, 19, 0, tzinfo=UTC)  # 20:00, a closure follows
    plain = plain_script(BERLIN, monday_evening, VACATION)
    assert plain.text is not None
    assert 'require ["vacation"];' in plain.text and "currentdate" not in plain.text
    assert "Wieder erreichbar: Donnerstag, 9:00" in plain.text
    # At midnight the closure starts and its reason joins the text.
    assert plain.transition == datetime(2026, 3, 23, 23, 0, tzinfo=UTC)


# -- behaviour, by Pigeonhole's own interpreter ---------------------------------------------

@pytest.fixture(scope="module")
def sieve_clock() -> Iterator[SieveClock]:
    clock = SieveClock()
    yield clock
    clock.close()


def _check_window(clock: SieveClock, schedule: Schedule, now: datetime, step: timedelta
                  ) -> int:
    script = date_script(schedule, now, VACATION)
    checked = 0
    for at in _instants(now, script.valid_until, step):
        assert clock.vacation_text(script.text, at, OWNER) == notice_at(schedule, at), at
        checked += 1
    return checked


@pytest.mark.integration
def test_pigeonhole_answers_exactly_while_closed_up_to_the_spring_switch(
        sieve_clock: SieveClock) -> None:
    # Every 5 h 17 min over nine days: nights, the split Monday, the closure, Friday night.
    assert _check_window(sieve_clock, BERLIN, SPRING, timedelta(hours=5, minutes=17)) > 30


@pytest.mark.integration
def test_pigeonhole_answers_exactly_around_a_timed_closure_before_the_autumn_switch(
        sieve_clock: SieveClock) -> None:
    at = datetime(2026, 10, 21, 9, 59, tzinfo=UTC)  # 11:59, then "Inventur" 12:00-15:30
    script = date_script(BERLIN, AUTUMN, VACATION)
    assert sieve_clock.vacation_text(script.text, at, OWNER) is None
    for minutes in (1, 120, 210):
        later = at + timedelta(minutes=minutes)
        text = sieve_clock.vacation_text(script.text, later, OWNER)
        assert text == notice_at(BERLIN, later) and text is not None and "Inventur" in text
    assert sieve_clock.vacation_text(script.text, at + timedelta(minutes=212), OWNER) is None
    assert _check_window(sieve_clock, BERLIN, AUTUMN, timedelta(hours=7, minutes=3)) > 10


@pytest.mark.integration
def test_after_valid_until_the_weekly_rules_keep_answering(sieve_clock: SieveClock) -> None:
    plain_week = dataclasses.replace(BERLIN, closures=())
    script = date_script(plain_week, SPRING, VACATION)
    # Summer time by now and the script's +0100 runs an hour behind (the caller
    # re-uploads at valid_until; this is what a laptop left shut for weeks gets).
    tuesday_noon = datetime(2026, 3, 31, 10, 0, tzinfo=UTC)
    sunday = datetime(2026, 4, 5, 10, 0, tzinfo=UTC)
    monday_lunch = datetime(2026, 4, 6, 11, 30, tzinfo=UTC)  # 13:30 local, 12:30 in +0100
    # 14:10 local, 13:10 for the script: its lunch break, an hour late.
    assert sieve_clock.vacation_text(script.text, tuesday_noon, OWNER) is None
    assert sieve_clock.vacation_text(script.text, sunday, OWNER) == notice_at(plain_week, sunday)
    text = sieve_clock.vacation_text(script.text, monday_lunch + timedelta(minutes=40), OWNER)
    assert text is not None and "Wieder erreichbar: Montag, 14:00" in text


@pytest.mark.integration
def test_a_week_without_hours_always_answers(sieve_clock: SieveClock) -> None:
    never = Schedule("Europe/Berlin", language="en", business_name="Rad & Tat",
                     closures=(Closure(date(2026, 3, 22), date(2026, 3, 22), "Easter"),))
    assert _check_window(sieve_clock, never, SPRING, timedelta(hours=11)) > 10
    script = date_script(never, SPRING, VACATION)
    late = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert sieve_clock.vacation_text(script.text, late, OWNER) == notice_at(never, late)


@pytest.mark.integration
def test_owner_text_with_dots_quotes_and_backslashes_arrives_unchanged(
        sieve_clock: SieveClock) -> None:
    text = '.Achtung: "Betriebsferien" \\ bis {next_open}.\n.\n..zwei Punkte'
    schedule = dataclasses.replace(BERLIN, templates={"de": text})
    sunday = datetime(2026, 3, 22, 12, 0, tzinfo=UTC)
    script = date_script(schedule, SPRING, VACATION)
    expected = notice_at(schedule, sunday)
    assert expected is not None and expected.startswith('.Achtung: "Betriebsferien" \\ bis')
    assert sieve_clock.vacation_text(script.text, sunday, OWNER) == expected


@pytest.mark.integration
def test_plain_script_answers_with_the_current_notice(sieve_clock: SieveClock) -> None:
    sunday = datetime(2026, 3, 22, 12, 0, tzinfo=UTC)
    plain = plain_script(BERLIN, sunday, VACATION)
    assert plain.text is not None
    assert sieve_clock.vacation_text(plain.text, sunday, OWNER) == notice_at(BERLIN, sunday)
