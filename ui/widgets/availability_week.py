"""The weekly hours editor: per weekday a row of typed intervals ("09:00–13:00").

Typing beats dragging for hours people already know by heart, and it makes
split and overnight shifts (22:00–02:00) as easy as any other. The editor
only parses what was typed; whether the week is valid (no overlaps, also
across midnight) is decided by the schedule model, whose errors the dialog
routes back here with ``show_problem`` so they appear beside the day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from app.availability import WEEKDAYS, Interval

TR_CONTEXT = "Availability"

_CLOCK = r"(\d{1,2})(?::(\d{2}))?"
_INTERVAL = re.compile(rf"^\s*{_CLOCK}\s*[-–—]\s*{_CLOCK}\s*$")
ERROR_STYLE = "color: #b42318;"
BAD_FIELD = "border: 1px solid #b42318; border-radius: 4px; padding: 2px;"


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


def day_names() -> tuple[str, ...]:
    return (_tr("Monday"), _tr("Tuesday"), _tr("Wednesday"), _tr("Thursday"),
            _tr("Friday"), _tr("Saturday"), _tr("Sunday"))


def parse_interval(text: str) -> tuple[str, str] | None:
    """``"9-13"``, ``"09:00–13:00"`` → ``("09:00", "13:00")``; ``None`` if not a range."""
    match = _INTERVAL.match(text)
    if match is None:
        return None
    h1, m1, h2, m2 = match.groups()
    return f"{int(h1):02d}:{m1 or '00'}", f"{int(h2):02d}:{m2 or '00'}"


class _IntervalField(QWidget):
    """One interval: a line edit and a remove button."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(text)
        self.edit.setPlaceholderText("09:00–17:00")
        self.edit.setFixedWidth(112)
        self.remove = QToolButton()
        self.remove.setText("×")
        self.remove.setAutoRaise(True)
        self.remove.setToolTip(_tr("Remove these hours"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.edit)
        layout.addWidget(self.remove)


class WeekEditor(QWidget):
    """Seven rows of intervals with an inline problem line under each day.

    Signals:
        changed(): anything was typed, added or removed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fields: list[list[_IntervalField]] = [[] for _ in WEEKDAYS]
        self._rows: list[QHBoxLayout] = []
        self._errors: list[QLabel] = []
        self._closed: list[QLabel] = []
        self.add_buttons: list[QToolButton] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        for index, name in enumerate(day_names()):
            label = QLabel(name)
            label.setMinimumWidth(90)
            row = QHBoxLayout()
            row.setSpacing(6)
            closed = QLabel(_tr("closed"))
            closed.setStyleSheet("color: #616e7c;")
            add = QToolButton()
            add.setText(_tr("+ Add hours"))
            add.setAutoRaise(True)
            add.clicked.connect(lambda _c=False, i=index: self._add(i, "", focus=True))
            row.addWidget(closed)
            row.addWidget(add)
            row.addStretch(1)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            grid.addWidget(label, 2 * index, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addLayout(row, 2 * index, 1)
            grid.addWidget(error, 2 * index + 1, 1)
            self._rows.append(row)
            self._errors.append(error)
            self._closed.append(closed)
            self.add_buttons.append(add)
        grid.setColumnStretch(1, 1)

    # -- content ---------------------------------------------------------------
    def set_hours(self, hours: Sequence[Sequence[Interval]]) -> None:
        for day in range(len(WEEKDAYS)):
            for field in list(self._fields[day]):
                self._remove(day, field, notify=False)
            for interval in hours[day]:
                self._add(day, str(interval), notify=False)
        self.changed.emit()

    def field(self, day: int, index: int) -> QLineEdit:
        """The line edit of one interval (for tests and focus)."""
        return self._fields[day][index].edit

    def interval_count(self, day: int) -> int:
        return len(self._fields[day])

    def add_interval(self, day: int, text: str) -> QLineEdit:
        return self._add(day, text)

    def remove_interval(self, day: int, index: int) -> None:
        self._remove(day, self._fields[day][index])

    def hours_json(self) -> tuple[dict[str, list[list[str]]], dict[int, str]]:
        """The week as schedule-file JSON, and the days whose text does not parse."""
        hours: dict[str, list[list[str]]] = {}
        problems: dict[int, str] = {}
        for day, key in enumerate(WEEKDAYS):
            hours[key] = []
            for field in self._fields[day]:
                text = field.edit.text()
                pair = parse_interval(text)
                if pair is None:
                    problems.setdefault(day, _tr("“%1” is not a time range like 09:00–13:00")
                                        .replace("%1", text.strip()))
                    continue
                hours[key].append([pair[0], pair[1]])
        return hours, problems

    # -- problems --------------------------------------------------------------
    def clear_problems(self) -> None:
        for day in range(len(WEEKDAYS)):
            self._set_problem(day, "", None)

    def show_problem(self, day: int, message: str, index: int | None = None) -> None:
        self._set_problem(day, message, index)

    def problem(self, day: int) -> str:
        return self._errors[day].text() if self._errors[day].isVisibleTo(self) else ""

    def _set_problem(self, day: int, message: str, index: int | None) -> None:
        self._errors[day].setText(message)
        self._errors[day].setVisible(bool(message))
        for i, field in enumerate(self._fields[day]):
            bad = bool(message) and (index is None or index == i)
            field.edit.setStyleSheet(BAD_FIELD if bad else "")

    # -- rows ------------------------------------------------------------------
    def _add(self, day: int, text: str, *, focus: bool = False, notify: bool = True
             ) -> QLineEdit:
        field = _IntervalField(text)
        field.edit.textChanged.connect(self.changed)
        field.remove.clicked.connect(lambda _c=False: self._remove(day, field))
        row = self._rows[day]
        row.insertWidget(len(self._fields[day]), field)
        self._fields[day].append(field)
        self._closed[day].hide()
        if focus:
            field.edit.setFocus()
        if notify:
            self.changed.emit()
        return field.edit

    def _remove(self, day: int, field: _IntervalField, *, notify: bool = True) -> None:
        self._fields[day].remove(field)
        self._rows[day].removeWidget(field)
        field.hide()
        field.deleteLater()
        self._closed[day].setVisible(not self._fields[day])
        if notify:
            self.changed.emit()
