"""The Availability page on a real store: edit, validate inline, preview, import, save."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialog

from app.availability import (
    Closure,
    Schedule,
    notice_at,
    schedule_from_json,
    weekly_hours,
)
from app.store import away
from app.store.database import Store
from tests.conftest import FakeClock
from tests.ui.conftest import Inbox, settle
from ui.dialogs.availability import AvailabilityDialog
from ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]
MON, SAT = 0, 5
BERLIN_WEEK = {
    "timezone": "Europe/Berlin",
    "business_name": "Bäckerei Sonnenschein",
    "language": "de",
    "hours": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]},
    "templates": {"de": "Wir sind ab {next_open} wieder da. Zeiten: {hours}"},
    "auto_reply": {"enabled": True},
}
ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:1@test
DTSTART;VALUE=DATE:20261224
DTEND;VALUE=DATE:20261227
SUMMARY:Weihnachten
END:VEVENT
BEGIN:VEVENT
UID:2@test
DTSTART;VALUE=DATE:20270101
DTEND;VALUE=DATE:20270102
SUMMARY:Neujahr
END:VEVENT
END:VCALENDAR
"""


def _open(qtbot: QtBot, window: MainWindow, workspace_id: int) -> AvailabilityDialog:
    window.show_availability(workspace_id)
    dialog = window.availability_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_editing_hours_and_saving_persists_the_schedule(
        qtbot: QtBot, make_window: MakeWindow, store: Store, inbox: Inbox) -> None:
    window = make_window()
    dialog = _open(qtbot, window, inbox.workspace_id)
    assert dialog.workspace.currentData() == inbox.workspace_id
    dialog.timezone.setCurrentText("Europe/Berlin")
    monday = dialog.week.field(MON, 0)
    monday.clear()
    qtbot.keyClicks(monday, "8-12")
    dialog.week.add_interval(MON, "13:00–18:30")
    dialog.week.add_interval(SAT, "22:00-02:00")  # overnight into Sunday
    dialog.week.remove_interval(4, 0)  # Friday closed
    dialog.guards.enabled.setChecked(True)
    dialog.guards.period_days.setValue(7)
    assert dialog.save_button.isEnabled()
    results: list[int] = []
    dialog.finished.connect(results.append)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert results == [QDialog.DialogCode.Accepted.value]  # closed after the write
    saved = away.workspace_schedule(store.reader(), inbox.workspace_id)
    assert saved is not None
    assert saved.timezone == "Europe/Berlin"
    assert saved.hours == weekly_hours({
        "mon": [("08:00", "12:00"), ("13:00", "18:30")], "tue": [("09:00", "17:00")],
        "wed": [("09:00", "17:00")], "thu": [("09:00", "17:00")],
        "sat": [("22:00", "02:00")]})
    assert saved.auto_reply.enabled and saved.auto_reply.period_days == 7
    assert saved.business_name == "Bäckerei Sonnenschein" and saved.language == "de"
    assert window.status.currentMessage() == "Availability saved"


def test_overlapping_or_garbled_hours_show_beside_the_day_and_block_save(
        qtbot: QtBot, make_window: MakeWindow, inbox: Inbox) -> None:
    dialog = _open(qtbot, make_window(), inbox.workspace_id)
    dialog.week.add_interval(MON, "16:00–19:00")
    assert not dialog.save_button.isEnabled()
    assert "overlaps" in dialog.week.problem(MON)
    dialog.week.remove_interval(MON, 1)
    assert dialog.save_button.isEnabled() and dialog.week.problem(MON) == ""
    dialog.week.add_interval(SAT, "morgens")
    assert not dialog.save_button.isEnabled()
    assert "“morgens” is not a time range" in dialog.week.problem(SAT)
    assert dialog.week.problem(MON) == ""


def test_an_invalid_template_disables_save_and_shows_the_problem(
        qtbot: QtBot, make_window: MakeWindow, inbox: Inbox) -> None:
    dialog = _open(qtbot, make_window(), inbox.workspace_id)
    german = dialog.notice.edits["de"]
    german.setPlainText("Zurück am {next_opne}.")
    assert not dialog.save_button.isEnabled()
    problem = dialog.notice.problems["de"]
    assert not problem.isHidden() and "unknown variable {next_opne}" in problem.text()
    assert "{next_opne}" in dialog.error.text()
    german.setPlainText("Zurück am {next_open}.")
    assert dialog.save_button.isEnabled() and problem.isHidden()


def test_live_preview_is_the_text_notice_at_would_send(
        qtbot: QtBot, make_window: MakeWindow, store: Store, clock: FakeClock,
        inbox: Inbox) -> None:
    away.set_workspace_schedule(store, inbox.workspace_id, schedule_from_json(BERLIN_WEEK))
    clock.now = int(datetime(2026, 9, 21, 16, 0, tzinfo=UTC).timestamp())  # Mon 18:00 Berlin
    dialog = _open(qtbot, make_window(), inbox.workspace_id)
    schedule = dialog.current_schedule()
    assert isinstance(schedule, Schedule)
    now = datetime.fromtimestamp(clock.now, UTC)
    expected = notice_at(schedule, now, "de")
    assert expected is not None and "Dienstag, 9:00" in expected
    assert dialog.preview_text() == expected
    assert "now on Bäckerei Sonnenschein" in dialog.notice.preview_title.text()
    # Edits show at once, in the language of the tab being edited.
    dialog.notice.edits["de"].setPlainText("Geschlossen. {business_name} öffnet {next_open}.")
    edited = dialog.current_schedule()
    assert edited is not None
    assert dialog.preview_text() == notice_at(edited, now, "de")
    dialog.notice.select_language("en")
    assert dialog.preview_text() == notice_at(edited, now, "en")
    # A chosen moment: Tuesday 10:00 Berlin is open, Saturday noon is not.
    dialog.notice.at_button.setChecked(True)
    tuesday = datetime(2026, 9, 22, 8, 0, tzinfo=UTC)
    dialog.notice.at_time.setDateTime(QDateTime.fromSecsSinceEpoch(int(tuesday.timestamp())))
    assert dialog.preview_text() == "Nothing — you are open then."
    saturday = datetime(2026, 9, 26, 10, 0, tzinfo=UTC)
    dialog.notice.at_time.setDateTime(QDateTime.fromSecsSinceEpoch(int(saturday.timestamp())))
    assert dialog.preview_text() == notice_at(edited, saturday, "en")
    assert "Monday" in dialog.preview_text()


def test_ics_import_adds_closures_that_are_saved(
        qtbot: QtBot, make_window: MakeWindow, store: Store, inbox: Inbox,
        tmp_path: Path) -> None:
    window = make_window()
    dialog = _open(qtbot, window, inbox.workspace_id)
    dialog.timezone.setCurrentText("Europe/Berlin")
    calendar = tmp_path / "feiertage.ics"
    calendar.write_bytes(ICS)
    assert dialog.closures.import_ics_file(calendar) == 2
    assert dialog.closures.rows() == [("2026-12-24", "2026-12-26", "Weihnachten"),
                                      ("2027-01-01", "2027-01-01", "Neujahr")]
    broken = tmp_path / "kaputt.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\nthis is not right\n")
    assert dialog.closures.import_ics_file(broken) == 0
    assert dialog.closures.error.text().startswith("Import failed:")
    assert len(dialog.closures.rows()) == 2
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    saved = away.workspace_schedule(store.reader(), inbox.workspace_id)
    assert saved is not None
    assert [c.reason for c in saved.closures] == ["Weihnachten", "Neujahr"]
    assert saved.closures[0] == Closure(datetime(2026, 12, 24).date(),
                                        datetime(2026, 12, 26).date(), "Weihnachten")


def test_a_bad_closure_is_marked_in_its_row(
        qtbot: QtBot, make_window: MakeWindow, inbox: Inbox) -> None:
    dialog = _open(qtbot, make_window(), inbox.workspace_id)
    dialog.closures.add_empty()
    item = dialog.closures.table.item(0, 1)
    assert item is not None
    item.setText("2020-01-01")
    assert not dialog.save_button.isEnabled()
    assert dialog.closures.error.text().startswith("Closure 1:")
    assert "before start" in dialog.closures.error.text()


def test_the_page_is_reached_from_settings_and_from_the_menu(
        qtbot: QtBot, make_window: MakeWindow, inbox: Inbox) -> None:
    window = make_window()
    window.show_settings()
    settings = window.settings_dialog
    assert settings is not None
    qtbot.mouseClick(settings.availability_button, Qt.MouseButton.LeftButton)
    dialog = window.availability_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    window.sidebar.select_key(("workspace", inbox.bike_workspace_id))
    window.availability_action.trigger()
    assert window.availability_dialog is not dialog
    assert window.availability_dialog.workspace.currentData() == inbox.bike_workspace_id
