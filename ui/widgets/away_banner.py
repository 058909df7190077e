"""The strip above the panes while a workspace is closed: until when, and who is told.

"Closed until Monday 9:00 — notice active on 3 accounts" tells the owner at a
glance what customers experience right now. The banner re-reads the store on
every change notification and arms one timer for the next opening or closing
(never sleeping past it), so it flips on time without polling; its clock is
the store's, which tests move by hand.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from app.store import queries
from app.store.database import Clock

if TYPE_CHECKING:
    from app.availability import Schedule

# The schedule rules (app.availability, app.store.away) are imported where they are
# used: the banner is built hidden for the first paint and first filled after it.

TR_CONTEXT = "AwayBanner"

MAX_TIMER_MS = 3_600_000
"""Re-check at least hourly: a suspended laptop's timer may fire late or never."""

STYLE = ("QFrame#awayBanner { background: #fff4e0; border-bottom: 1px solid #f0d9b0; }"
         " QLabel { color: #7a4b00; }")


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


@dataclass(frozen=True, slots=True)
class WorkspaceAway:
    """One workspace's state for the banner."""

    workspace_id: int
    name: str
    closed: bool
    until: datetime | None
    reason: str
    notice_accounts: int
    next_change: datetime | None


def next_change(schedule: Schedule, at: datetime) -> datetime | None:
    """When ``is_open`` next flips: the next opening while closed, the closing while open."""
    from app.availability import is_open, next_open, open_spans

    if not is_open(schedule, at):
        return next_open(schedule, at)
    moment = at.astimezone(UTC)
    today = at.astimezone(schedule.zone).date()
    spans = open_spans(schedule, today - timedelta(days=1), today + timedelta(days=8))
    end: datetime | None = None
    for start, stop in spans:  # sorted; contiguous spans (overnight shifts) merge
        if end is None:
            if start <= moment < stop:
                end = stop
        elif start <= end:
            end = max(end, stop)
        else:
            break
    return end


def notice_accounts(conn: sqlite3.Connection, workspace_id: int) -> int:
    """Accounts on which a customer is told we are away: auto-reply on, or the server does it."""
    from app.store import away

    count = 0
    for account in queries.accounts(conn, workspace_id):
        if account.settings.get("server_away_notice"):
            count += 1
            continue
        schedule = away.account_schedule(conn, account.id)
        if schedule is not None and schedule.auto_reply.enabled:
            count += 1
    return count


def workspace_away(conn: sqlite3.Connection, workspace_id: int, name: str,
                   now: datetime) -> WorkspaceAway | None:
    """``None`` for a workspace without a schedule: it counts as always open."""
    from app.availability import closure_at, is_open, next_open
    from app.store import away

    schedule = away.workspace_schedule(conn, workspace_id)
    if schedule is None:
        return None
    closed = not is_open(schedule, now)
    closure = closure_at(schedule, now) if closed else None
    return WorkspaceAway(workspace_id, name, closed,
                         next_open(schedule, now) if closed else None,
                         closure.reason if closure is not None else "",
                         notice_accounts(conn, workspace_id) if closed else 0,
                         next_change(schedule, now))


def _ui_language() -> str:
    return "de" if QLocale().language() == QLocale.Language.German else "en"


class AwayBanner(QFrame):
    """Hidden while open; one line while closed; a click opens the Availability page.

    Signals:
        clicked(int): the workspace id the banner is about.
    """

    clicked = Signal(int)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("awayBanner")
        self.setStyleSheet(STYLE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._clock = clock
        self._conn: sqlite3.Connection | None = None
        self._workspace_id: int | None = None
        self._target: int | None = None
        self.shown: list[WorkspaceAway] = []
        self.next_change: int | None = None
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.link = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 14, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.link)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh)
        self.hide()

    def set_workspace(self, conn: sqlite3.Connection, workspace_id: int | None) -> None:
        """Follow the sidebar: one workspace, or ``None`` for all of them."""
        self._conn = conn
        self._workspace_id = workspace_id
        self.refresh()

    def refresh(self) -> None:
        conn = self._conn
        if conn is None:
            return
        now = datetime.fromtimestamp(self._clock(), UTC)
        states = [s for w in queries.workspaces(conn)
                  if self._workspace_id in (None, w.id)
                  and (s := workspace_away(conn, w.id, w.name, now)) is not None]
        self.shown = [s for s in states if s.closed]
        self._arm(now, [s.next_change for s in states if s.next_change is not None])
        if not self.shown:
            self._target = None
            self.hide()
            return
        self._target = self.shown[0].workspace_id
        self.label.setText(self.text_for(self.shown, now, self._workspace_id is None))
        self.link.setText(_tr("Availability…"))
        self.show()

    @staticmethod
    def text_for(shown: list[WorkspaceAway], now: datetime, summary: bool) -> str:
        from app.availability import format_next_open

        language = _ui_language()

        def until(state: WorkspaceAway) -> str:
            if state.until is None:
                return _tr("further notice")
            return format_next_open(state.until, now, language)

        accounts = sum(s.notice_accounts for s in shown)
        if accounts == 1:
            tail = _tr("notice active on 1 account")
        elif accounts:
            tail = _tr("notice active on %1 accounts").replace("%1", str(accounts))
        else:
            tail = _tr("no away notice is active")
        if len(shown) == 1:
            state = shown[0]
            if state.reason:
                head = _tr("Closed (%2) until %1").replace("%2", state.reason)
            else:
                head = _tr("Closed until %1")
            head = head.replace("%1", until(state))
            if summary:
                head = f"{state.name}: {head}"
            return f"{head} — {tail}"
        parts = "; ".join(_tr("%1 until %2").replace("%1", s.name).replace("%2", until(s))
                          for s in shown)
        return _tr("Closed: %1").replace("%1", parts) + f" — {tail}"

    def _arm(self, now: datetime, changes: list[datetime]) -> None:
        self.timer.stop()
        if not changes:
            self.next_change = None
            return
        first = min(changes)
        self.next_change = int(first.timestamp())
        delay_ms = max(1_000, int((first - now).total_seconds() * 1000) + 500)
        self.timer.start(min(delay_ms, MAX_TIMER_MS))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self._target is not None:
            self.clicked.emit(self._target)
        super().mousePressEvent(event)
