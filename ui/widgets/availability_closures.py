"""Closures (holidays, vacations) as an editable table, with import from .ics.

Dates are typed as the schedule file writes them (``2026-12-24``, or
``2026-12-24 14:00`` for part of a day) so what the owner sees is what
``tresen availability export`` prints. A calendar file is parsed by the pure
``closures_from_ics``; its error, naming the event, is shown inline and
nothing is added half.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.availability import Closure, ScheduleError, closures_from_ics

TR_CONTEXT = "Availability"

ERROR_STYLE = "color: #b42318;"
BAD_CELL = QColor("#fde8e6")


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


def closure_cells(closure: Closure) -> tuple[str, str, str]:
    """The table's three texts for one closure."""
    if closure.start_time is None or closure.end_time is None:
        return closure.start.isoformat(), closure.end.isoformat(), closure.reason
    return (f"{closure.start.isoformat()} {closure.start_time:%H:%M}",
            f"{closure.end.isoformat()} {closure.end_time:%H:%M}", closure.reason)


def _file_moment(text: str) -> str:
    """Table text → schedule-file text (``2026-12-24 14:00`` → ``2026-12-24T14:00``)."""
    return "T".join(text.split())


class ClosuresEditor(QWidget):
    """Signals:
    changed(): a closure was added, edited or removed.
    """

    changed = Signal()

    def __init__(self, timezone: Callable[[], str], today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timezone = timezone
        self._today = today
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_tr("From"), _tr("To"), _tr("Reason")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(130)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.add_button = QPushButton(_tr("Add closure"))
        self.remove_button = QPushButton(_tr("Remove"))
        self.import_button = QPushButton(_tr("Import .ics…"))
        self.add_button.clicked.connect(self.add_empty)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(self._choose_ics)
        hint = QLabel(_tr("Whole days as 2026-12-24; part of a day as 2026-12-24 14:00. "
                          "The reason is what customers read in the notice."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #616e7c;")
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    # -- content ---------------------------------------------------------------
    def set_closures(self, closures: Sequence[Closure]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for closure in closures:
            self._append(*closure_cells(closure))
        self.table.blockSignals(False)
        self.changed.emit()

    def rows(self) -> list[tuple[str, str, str]]:
        return [tuple(self._text(r, c) for c in range(3))  # type: ignore[misc]
                for r in range(self.table.rowCount())]

    def closures_json(self) -> list[dict[str, str]]:
        return [{"start": _file_moment(start), "end": _file_moment(end or start),
                 "reason": reason.strip()} for start, end, reason in self.rows()]

    def add_empty(self) -> None:
        day = self._today().isoformat()
        self._append(day, day, "")
        self.table.setCurrentCell(self.table.rowCount() - 1, 2)
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.changed.emit()

    def import_ics(self, data: bytes) -> int:
        """Add every closure of a calendar file; returns how many (0 and a message on error)."""
        try:
            closures = closures_from_ics(data, self._timezone())
        except (ScheduleError, ValueError) as exc:
            self._show_import_error(str(exc))
            return 0
        self.table.blockSignals(True)
        for closure in closures:
            self._append(*closure_cells(closure))
        self.table.blockSignals(False)
        self._show_import_error("")
        self.changed.emit()
        return len(closures)

    def import_ics_file(self, path: Path) -> int:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._show_import_error(_tr("Could not read %1: %2").replace("%1", path.name)
                                    .replace("%2", exc.strerror or str(exc)))
            return 0
        return self.import_ics(data)

    # -- problems --------------------------------------------------------------
    def show_problem(self, row: int | None, message: str) -> None:
        """Mark ``row`` (``None``: none) and show ``message`` below the table."""
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            for c in range(3):
                item = self.table.item(r, c)
                if item is not None:
                    item.setBackground(QBrush(BAD_CELL) if r == row else QBrush())
        self.table.blockSignals(False)
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _show_import_error(self, message: str) -> None:
        self.error.setText(_tr("Import failed: %1").replace("%1", message) if message else "")
        self.error.setVisible(bool(message))

    # -- helpers ---------------------------------------------------------------
    def _append(self, start: str, end: str, reason: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate((start, end, reason)):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _choose_ics(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, _tr("Import closures from a calendar"),
                                              "", _tr("Calendar files (*.ics)"))
        if name:
            self.import_ics_file(Path(name))
