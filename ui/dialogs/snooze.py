"""The snooze choices: later today, tomorrow at 9:00, next week (Monday 9:00), local time."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QMenu, QWidget

LATER_TODAY_HOURS = 3


def snooze_times(now: int) -> dict[str, int]:
    """Epoch seconds for each choice, computed in the local time zone."""
    local = datetime.fromtimestamp(now).astimezone()
    nine = local.replace(hour=9, minute=0, second=0, microsecond=0)
    tomorrow = nine + timedelta(days=1)
    next_monday = nine + timedelta(days=7 - local.weekday())
    return {
        "later": int((local + timedelta(hours=LATER_TODAY_HOURS)).timestamp()),
        "tomorrow": int(tomorrow.timestamp()),
        "next_week": int(next_monday.timestamp()),
    }


class SnoozeMenu(QMenu):
    """Signals:
    chosen(int): snooze until this epoch second.
    """

    chosen = Signal(int)

    def __init__(self, now: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        times = snooze_times(now)
        labels = {
            "later": QCoreApplication.translate("SnoozeMenu", "Later today (in 3 hours)"),
            "tomorrow": QCoreApplication.translate("SnoozeMenu", "Tomorrow at 9:00"),
            "next_week": QCoreApplication.translate("SnoozeMenu", "Next week (Monday 9:00)"),
        }
        for key, text in labels.items():
            action = self.addAction(text)
            action.setObjectName(key)
            until = times[key]
            action.triggered.connect(lambda _checked=False, until=until: self.chosen.emit(until))
