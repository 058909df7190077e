"""Short, human time texts for rows, the thread and the status bar.

All store times are UTC epoch seconds; they are shown in local time and in
the UI language's date format (``QLocale`` default, set by ``ui.i18n``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def waiting_text(seconds: int) -> str:
    """How long a customer has waited, e.g. "waiting 3 h"."""
    seconds = max(0, seconds)
    if seconds < HOUR:
        return QCoreApplication.translate("Time", "waiting %n min", "", max(1, seconds // MINUTE))
    if seconds < 2 * DAY:
        return QCoreApplication.translate("Time", "waiting %n h", "", seconds // HOUR)
    return QCoreApplication.translate("Time", "waiting %n d", "", seconds // DAY)


def synced_text(last_sync: int | None, now: int) -> str:
    if last_sync is None:
        return QCoreApplication.translate("Time", "never synced")
    ago = max(0, now - last_sync)
    if ago < MINUTE:
        return QCoreApplication.translate("Time", "synced just now")
    if ago < HOUR:
        return QCoreApplication.translate("Time", "synced %n min ago", "", ago // MINUTE)
    if ago < 2 * DAY:
        return QCoreApplication.translate("Time", "synced %n h ago", "", ago // HOUR)
    return QCoreApplication.translate("Time", "synced %n d ago", "", ago // DAY)


def _local(ts: int) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(ts).toLocalTime()


def list_time(ts: int, now: int) -> str:
    """Time today, day and month this year, the full date before."""
    when, today = _local(ts), _local(now)
    locale = QLocale()
    if when.date() == today.date():
        return locale.toString(when.time(), QLocale.FormatType.ShortFormat)
    if when.date().year() == today.date().year():
        return locale.toString(when.date(), "d MMM")
    return locale.toString(when.date(), QLocale.FormatType.ShortFormat)


def full_time(ts: int) -> str:
    return QLocale().toString(_local(ts), QLocale.FormatType.ShortFormat)
