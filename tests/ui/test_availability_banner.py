"""The away banner follows the schedule on the store's clock, not the wall clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from app.availability import schedule_from_json
from app.store import away, ops
from app.store.database import Store
from tests.conftest import FakeClock
from tests.ui.conftest import Inbox, settle
from ui.main_window import MainWindow
from ui.taskman import Change
from ui.widgets.away_banner import MAX_TIMER_MS

MakeWindow = Callable[..., MainWindow]


def _week(auto_reply: bool, hours: str = "09:00") -> dict[str, object]:
    return {"timezone": "Europe/Berlin",
            "hours": {d: [[hours, "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
            "auto_reply": {"enabled": auto_reply}}


def _utc(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp())


def test_banner_shows_while_closed_and_hides_at_opening(
        qtbot: QtBot, make_window: MakeWindow, store: Store, clock: FakeClock,
        inbox: Inbox) -> None:
    clock.now = _utc(2026, 9, 21, 15, 30)  # Monday 17:30 in Berlin
    window = make_window()
    banner = window.away_banner
    window.sidebar.select_key(("workspace", inbox.workspace_id))
    assert banner.isHidden()  # no schedule yet: always open
    schedule = schedule_from_json(_week(auto_reply=True))
    window.ctx.taskman.run_op(
        lambda: away.set_workspace_schedule(store, inbox.workspace_id, schedule),
        change=Change.all())
    settle(qtbot, window)
    assert banner.isVisible()
    assert banner.label.text() == "Closed until Tuesday, 9:00 AM — notice active on 1 account"
    tuesday_nine = _utc(2026, 9, 22, 7, 0)
    assert banner.next_change == tuesday_nine
    assert banner.timer.isActive() and banner.timer.interval() == MAX_TIMER_MS
    clock.now = tuesday_nine - 600
    banner.timer.timeout.emit()  # what the armed timer does when it fires
    assert banner.isVisible() and banner.timer.interval() == 600_500
    clock.now = tuesday_nine
    banner.timer.timeout.emit()
    assert banner.isHidden()
    assert banner.next_change == _utc(2026, 9, 22, 15, 0)  # closing, 17:00 Berlin


def test_all_workspaces_summarises_and_counts_server_side_notices(
        qtbot: QtBot, make_window: MakeWindow, store: Store, clock: FakeClock,
        inbox: Inbox) -> None:
    clock.now = _utc(2026, 9, 26, 10, 0)  # Saturday
    away.set_workspace_schedule(store, inbox.workspace_id,
                                schedule_from_json(_week(auto_reply=True)))
    away.set_workspace_schedule(store, inbox.bike_workspace_id,
                                schedule_from_json(_week(auto_reply=False, hours="10:00")))
    ops.create_account(store, inbox.bike_workspace_id, "email", "Kette Werkstatt",
                       "werkstatt@kette.example", {"server_away_notice": True})
    window = make_window()
    window.sidebar.select_key(("all",))
    assert window.away_banner.label.text() == (
        "Closed: Bäckerei Sonnenschein until Monday, 9:00 AM; Radladen Kette until "
        "Monday, 10:00 AM — notice active on 2 accounts")
    window.sidebar.select_key(("workspace", inbox.bike_workspace_id))
    assert window.away_banner.label.text() == (
        "Closed until Monday, 10:00 AM — notice active on 1 account")


def test_a_closure_names_its_reason_and_a_click_opens_availability(
        qtbot: QtBot, make_window: MakeWindow, store: Store, clock: FakeClock,
        inbox: Inbox) -> None:
    clock.now = _utc(2026, 12, 24, 10, 0)
    week = {**_week(auto_reply=False),
            "closures": [{"start": "2026-12-24", "end": "2026-12-27", "reason": "Weihnachten"}]}
    away.set_workspace_schedule(store, inbox.workspace_id, schedule_from_json(week))
    window = make_window()
    window.sidebar.select_key(("workspace", inbox.workspace_id))
    banner = window.away_banner
    assert banner.label.text() == (
        "Closed (Weihnachten) until Monday, 9:00 AM — no away notice is active")
    qtbot.mouseClick(banner, Qt.MouseButton.LeftButton)
    dialog = window.availability_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.workspace.currentData() == inbox.workspace_id
