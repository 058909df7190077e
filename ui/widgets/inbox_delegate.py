"""Paints one conversation row: channel icon, contact, subject or snippet,
time, waiting time and label chips — without an item widget per row.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.store.queries import ConversationRow
from ui.assets import channel_icon_name, icon
from ui.models.inbox import ROW_ROLE
from ui.timefmt import HOUR, list_time, waiting_text

ROW_HEIGHT = 58
_INK = QColor("#1f2933")
_MUTED = QColor("#616e7c")
_WAIT = QColor("#b54708")
_WAIT_LONG = QColor("#b42318")
_UNREAD_DOT = QColor("#2a6f97")
_SEPARATOR = QColor("#eef0f2")


class InboxDelegate(QStyledItemDelegate):
    """Every row has the same height, so the view never measures rows one by one."""

    def __init__(self, clock: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._icons: dict[str, QIcon] = {}

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def _icon(self, kind: str) -> QIcon:
        name = channel_icon_name(kind)
        if name not in self._icons:
            self._icons[name] = icon(name)
        return self._icons[name]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row: ConversationRow | None = index.data(ROW_ROLE)
        painter.save()
        rect = option.rect
        state = option.state
        if state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor("#e3eef7"))
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor("#f7f8f9"))
        painter.setPen(_SEPARATOR)
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if row is not None:
            self._paint_row(painter, rect, option.font, row)
        painter.restore()

    def _paint_row(self, painter: QPainter, rect: QRect, base: QFont,
                   row: ConversationRow) -> None:
        now = self._clock()
        left, right = rect.left() + 12, rect.right() - 12
        top = rect.top() + 8
        if row.unread:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_UNREAD_DOT)
            painter.drawEllipse(rect.left() + 3, top + 7, 6, 6)
        self._icon(row.channel).paint(painter, QRect(left, top, 18, 18))
        left += 26
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.9))
        name_font = QFont(base)
        name_font.setBold(row.unread)
        # First line, right side: waiting time and time of last activity.
        painter.setFont(small)
        metrics = QFontMetrics(small)
        when = list_time(row.last_activity, now)
        when_w = metrics.horizontalAdvance(when)
        painter.setPen(_MUTED)
        painter.drawText(QRect(right - when_w, top, when_w, 20),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)
        text_right = right - when_w - 10
        if row.waiting_since is not None and row.status == "open":
            waited = now - row.waiting_since
            wait = waiting_text(waited)
            wait_w = metrics.horizontalAdvance(wait)
            painter.setPen(_WAIT_LONG if waited >= 24 * HOUR else _WAIT)
            painter.drawText(QRect(text_right - wait_w, top, wait_w, 20),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, wait)
            text_right -= wait_w + 10
        # First line, left: contact (bold while unread).
        painter.setFont(name_font)
        painter.setPen(_INK)
        name_metrics = QFontMetrics(name_font)
        contact = row.contact or row.account
        painter.drawText(QRect(left, top, max(0, text_right - left), 20),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         name_metrics.elidedText(contact, Qt.TextElideMode.ElideRight,
                                                 max(0, text_right - left)))
        # Second line: label chips on the right, subject or snippet on the left.
        line2 = top + 24
        chips_left = self._paint_chips(painter, small, right, line2, row)
        subject_font = QFont(base)
        subject_font.setBold(row.unread)
        text = row.subject or row.snippet
        if row.subject and row.snippet:
            text = f"{row.subject} — {row.snippet}"
        painter.setFont(subject_font if row.unread else base)
        painter.setPen(_INK if row.unread else _MUTED)
        width = max(0, chips_left - left - 8)
        painter.drawText(QRect(left, line2, width, 20),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(painter.font()).elidedText(
                             text, Qt.TextElideMode.ElideRight, width))

    def _paint_chips(self, painter: QPainter, font: QFont, right: int, top: int,
                     row: ConversationRow) -> int:
        painter.setFont(font)
        metrics = QFontMetrics(font)
        x = right
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for chip in reversed(row.labels):
            width = metrics.horizontalAdvance(chip.name) + 14
            x -= width
            colour = QColor(chip.colour)
            fill = QColor(colour)
            fill.setAlpha(38)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            box = QRect(x, top + 1, width, 18)
            painter.drawRoundedRect(box, 9, 9)
            painter.setPen(colour.darker(130))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, chip.name)
            x -= 6
        return x
