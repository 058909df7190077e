"""The auto-reply switch and its loop guards, each with why its default is what it is.

Owners leave defaults alone unless they understand them, so every number has
one plain sentence beside it; the limits themselves are enforced by the pure
``decide_auto_reply`` during sync, not here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.availability import AutoReplySettings

TR_CONTEXT = "Availability"

_DEFAULTS = AutoReplySettings()


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


def _explanation(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #616e7c; margin-bottom: 8px;")
    return label


def _spin(maximum: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, maximum)
    spin.setSuffix(suffix)
    return spin


class GuardsEditor(QWidget):
    """Signals:
    changed(): a setting was changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(_tr("Answer customers who write outside opening hours "
                                     "with the notice"))
        self.period_days = _spin(90, _tr(" days"))
        self.hourly_cap = _spin(1000, _tr(" per hour"))
        self.max_age_hours = _spin(24 * 30, _tr(" hours"))
        form = QFormLayout()
        form.addRow(_tr("One notice per sender every"), self.period_days)
        form.addRow(_explanation(_tr(
            "Default %1: a customer who writes five times over a long weekend gets one "
            "notice, not five.").replace("%1", str(_DEFAULTS.period_days))))
        form.addRow(_tr("At most"), self.hourly_cap)
        form.addRow(_explanation(_tr(
            "Default %1: a brake for when a mailing list or another auto-responder "
            "starts a loop.").replace("%1", str(_DEFAULTS.hourly_cap))))
        form.addRow(_tr("Never answer messages older than"), self.max_age_hours)
        form.addRow(_explanation(_tr(
            "Default %1: after days offline, Tresen does not greet last week's customers "
            "with a stale notice.").replace("%1", str(_DEFAULTS.max_age_hours))))
        fixed = _explanation(_tr(
            "Always, whatever the settings: no notice to automatic mail (Auto-Submitted, "
            "mailing lists, bulk), to mailer-daemon or no-reply senders, to our own "
            "addresses or to accounts marked as bots."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addWidget(_explanation(_tr(
            "Off by default: nothing is sent by itself until you switch it on.")))
        layout.addLayout(form)
        layout.addWidget(fixed)
        layout.addStretch(1)
        self.enabled.toggled.connect(self._on_toggle)
        for spin in (self.period_days, self.hourly_cap, self.max_age_hours):
            spin.valueChanged.connect(lambda _v: self.changed.emit())
        self.set_settings(_DEFAULTS)

    def set_settings(self, settings: AutoReplySettings) -> None:
        self.enabled.setChecked(settings.enabled)
        self.period_days.setValue(settings.period_days)
        self.hourly_cap.setValue(settings.hourly_cap)
        self.max_age_hours.setValue(settings.max_age_hours)
        self._on_toggle(settings.enabled)

    def settings_json(self) -> dict[str, object]:
        return {"enabled": self.enabled.isChecked(), "period_days": self.period_days.value(),
                "hourly_cap": self.hourly_cap.value(),
                "max_age_hours": self.max_age_hours.value()}

    def _on_toggle(self, enabled: bool) -> None:
        for spin in (self.period_days, self.hourly_cap, self.max_age_hours):
            spin.setEnabled(enabled)
        self.changed.emit()
