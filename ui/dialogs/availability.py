"""The Availability page: one workspace's hours, closures, notice and loop guards.

The page gathers what was typed into the same JSON the schedule file uses
and lets the pure ``schedule_from_json`` judge it, so the window, the CLI and
the sync engine cannot disagree about what a valid schedule is; its errors
carry the field path, which is how each one lands beside the field that
caused it. Save stays disabled while anything is invalid and writes through
the task manager like every other change.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.availability import Schedule, ScheduleError, notice_at, schedule_from_json, weekly_hours
from app.store import away, queries
from app.store.database import Store
from ui.taskman import Change, TaskManager
from ui.widgets.availability_closures import ClosuresEditor
from ui.widgets.availability_guards import GuardsEditor
from ui.widgets.availability_notice import NoticeEditor, language_name
from ui.widgets.availability_week import WeekEditor

TR_CONTEXT = "Availability"

ERROR_STYLE = "color: #b42318;"
_DAY_FIELD = re.compile(r"^hours\.(\w+)(?:\[(\d+)\])?")
_CLOSURE_FIELD = re.compile(r"^closures\[(\d+)\]")
STARTER_HOURS = {day: [("09:00", "17:00")] for day in ("mon", "tue", "wed", "thu", "fri")}


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


def system_timezone() -> str:
    """The computer's IANA zone, or UTC when it has none zoneinfo knows."""
    key = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    try:
        zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return key


class AvailabilityDialog(QDialog):
    """Signals:
    saved(int): the schedule of this workspace id was written.
    """

    saved = Signal(int)

    def __init__(self, store: Store, taskman: TaskManager, workspace_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.taskman = taskman
        self.workspace_id: int | None = None
        self._language = "en"
        self._loaded: Schedule | None = None
        self._schedule: Schedule | None = None
        self.setWindowTitle(_tr("Availability"))
        self.resize(760, 640)
        self._build()
        self._connect()
        spaces = queries.workspaces(store.reader())
        for space in spaces:
            self.workspace.addItem(space.name, space.id)
        wanted = workspace_id if workspace_id is not None else (spaces[0].id if spaces else None)
        index = self.workspace.findData(wanted)
        self.workspace.setCurrentIndex(max(0, index))
        self._load(self.workspace.currentData())

    # -- construction --------------------------------------------------------------
    def _build(self) -> None:
        self.workspace = QComboBox()
        self.business_name = QLineEdit()
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(sorted(zoneinfo.available_timezones()))
        completer = QCompleter(self.timezone.model(), self.timezone)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.timezone.setCompleter(completer)
        self.timezone_error = QLabel()
        self.timezone_error.setStyleSheet(ERROR_STYLE)
        self.timezone_error.hide()
        self.status_line = QLabel()
        self.status_line.setWordWrap(True)
        self.status_line.setStyleSheet("color: #616e7c;")
        top = QFormLayout()
        top.addRow(_tr("Workspace:"), self.workspace)
        top.addRow(_tr("Business name:"), self.business_name)
        top.addRow(_tr("Time zone:"), self.timezone)
        top.addRow("", self.timezone_error)
        self._build_tabs()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.save_button = QPushButton(_tr("Save"))
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(_tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_line)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def _build_tabs(self) -> None:
        self.week = WeekEditor()
        hours_page = QWidget()
        hours_layout = QVBoxLayout(hours_page)
        hint = QLabel(_tr("Type hours like 09:00–13:00; add a second range for a split "
                          "day. A range may run past midnight (22:00–02:00)."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #616e7c;")
        hours_layout.addWidget(hint)
        hours_layout.addWidget(self.week)
        hours_layout.addStretch(1)
        self.closures = ClosuresEditor(self._timezone_key, self._today)
        self.notice = NoticeEditor()
        self.guards = GuardsEditor()
        self.tabs = QTabWidget()
        self.tabs.addTab(hours_page, _tr("Opening hours"))
        self.tabs.addTab(self.closures, _tr("Closures"))
        self.tabs.addTab(self.notice, _tr("Notice"))
        self.tabs.addTab(self.guards, _tr("Auto-reply"))

    def _connect(self) -> None:
        self.workspace.activated.connect(lambda _i: self._load(self.workspace.currentData()))
        self.business_name.textChanged.connect(self._revalidate)
        self.timezone.currentTextChanged.connect(self._revalidate)
        for editor in (self.week, self.closures, self.notice, self.guards):
            editor.changed.connect(self._revalidate)
        self.notice.preview_changed.connect(self._update_preview)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    # -- loading ---------------------------------------------------------------------
    def _load(self, workspace_id: object) -> None:
        if not isinstance(workspace_id, int):
            self.save_button.setEnabled(False)
            return
        conn = self.store.reader()
        self.workspace_id = workspace_id
        space = next(w for w in queries.workspaces(conn) if w.id == workspace_id)
        self._language = space.language if space.language in ("de", "en") else "en"
        stored = away.workspace_schedule(conn, workspace_id)
        self._loaded = stored
        schedule = stored or Schedule(timezone=system_timezone(),
                                      hours=weekly_hours(STARTER_HOURS),
                                      business_name=space.name, language=self._language)
        self.business_name.setText(schedule.business_name)
        self.timezone.setCurrentText(schedule.timezone)
        self.week.set_hours(schedule.hours)
        self.closures.set_closures(schedule.closures)
        self.notice.set_templates(schedule.templates)
        self.notice.select_language(self._language)
        self.guards.set_settings(schedule.auto_reply)
        accounts = queries.accounts(conn, workspace_id)
        self.notice.set_accounts([(a.id, a.display_name) for a in accounts])
        self.notice.set_preview_time(datetime.fromtimestamp(self.store.clock()))
        self.status_line.setText(
            _tr("Customers get the notice in %1, the workspace's language.")
            .replace("%1", language_name(self._language))
            if stored is not None else
            _tr("No schedule saved yet: this workspace counts as always open and sends no "
                "notice. These starter hours are saved only when you press Save."))
        self._revalidate()

    # -- validation --------------------------------------------------------------------
    def schedule_json(self) -> tuple[dict[str, object], dict[int, str]]:
        """What the page shows, as a schedule file; plus days whose text does not parse."""
        hours, bad_days = self.week.hours_json()
        loaded = self._loaded
        return {
            "timezone": self._timezone_key(),
            "business_name": self.business_name.text().strip(),
            "language": self._language,
            "hours": hours,
            "closures": self.closures.closures_json(),
            "templates": self.notice.templates(),
            "closure_templates": dict(loaded.closure_templates) if loaded else {},
            "auto_reply": self.guards.settings_json(),
        }, bad_days

    def current_schedule(self) -> Schedule | None:
        """The schedule the page describes, ``None`` while anything is invalid."""
        return self._schedule

    def _revalidate(self) -> None:
        self.week.clear_problems()
        self.closures.show_problem(None, "")
        self.timezone_error.hide()
        data, bad_days = self.schedule_json()
        problems: list[str] = []
        for day, message in bad_days.items():
            self.week.show_problem(day, message)
            problems.append(message)
        for language, found in self.notice.template_problems().items():
            problems.append(f"{language_name(language)}: {found[0]}")
        schedule: Schedule | None = None
        if not problems:
            try:
                schedule = schedule_from_json(data)
            except ScheduleError as exc:
                problems.append(self._place(exc))
        self._schedule = schedule
        self.error.setText(problems[0] if problems else "")
        self.save_button.setEnabled(schedule is not None and self.workspace_id is not None)
        self._update_preview()

    def _place(self, exc: ScheduleError) -> str:
        """Show a model error beside its field; returns the text for the bottom line."""
        day = _DAY_FIELD.match(exc.field)
        if day and day.group(1) in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            index = ("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(day.group(1))
            self.week.show_problem(index, exc.problem,
                                   int(day.group(2)) if day.group(2) else None)
            return exc.problem
        closure = _CLOSURE_FIELD.match(exc.field)
        if closure:
            row = int(closure.group(1))
            message = _tr("Closure %1: %2").replace("%1", str(row + 1)).replace(
                "%2", exc.problem)
            self.closures.show_problem(row, message)
            return message
        if exc.field == "timezone":
            self.timezone_error.setText(exc.problem)
            self.timezone_error.show()
        return str(exc)

    # -- preview -------------------------------------------------------------------------
    def _update_preview(self) -> None:
        schedule = self._schedule
        account = self.notice.account.currentText() or _tr("this workspace")
        now = self.store.clock()
        at = self.notice.preview_moment(now)
        language = self.notice.preview_language()
        if self.notice.now_button.isChecked():
            title = _tr("A customer writing now on %1 would receive:")
        else:
            title = _tr("A customer writing at that time on %1 would receive:")
        title = title.replace("%1", account)
        if schedule is None:
            self.notice.show_preview(title, _tr("Fix the problems above to see the notice."))
            return
        text = notice_at(schedule, at, language)
        if text is None:
            text = _tr("Nothing — you are open then.")
        elif not schedule.auto_reply.enabled:
            title += " " + _tr("(once auto-reply is switched on)")
        self.notice.show_preview(title, text)

    def preview_text(self) -> str:
        return self.notice.preview_text()

    # -- saving --------------------------------------------------------------------------
    def save(self) -> None:
        schedule, workspace_id = self._schedule, self.workspace_id
        if schedule is None or workspace_id is None:
            return
        self.save_button.setEnabled(False)

        def done(_result: None) -> None:
            self._loaded = schedule
            self.saved.emit(workspace_id)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.error.setText(_tr("Could not save: %1").replace("%1", str(exc)))
            self.save_button.setEnabled(True)

        self.taskman.run_op(lambda: away.set_workspace_schedule(self.store, workspace_id,
                                                                schedule),
                            on_success=done, on_failure=failed, change=Change.all())

    # -- helpers ---------------------------------------------------------------------------
    def _timezone_key(self) -> str:
        return self.timezone.currentText().strip()

    def _today(self) -> date:
        return datetime.fromtimestamp(self.store.clock()).date()

