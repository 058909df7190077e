"""Which notice applies at a given moment, rendered in a language.

The one place that combines schedule, closures, templates and formatting, so
the auto-reply, the settings preview, the window banner and
``tresen availability status`` all show the very same text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from app.availability.clock import require_aware
from app.availability.formatting import format_hours, format_next_open
from app.availability.model import Schedule
from app.availability.schedule import closure_at, is_open, next_open
from app.availability.templates import (
    DEFAULT_CLOSURE_TEMPLATES,
    DEFAULT_TEMPLATES,
    LANGUAGES,
    render_template,
)

__all__ = ["notice_at", "notice_template", "notice_variables"]

_UNKNOWN_RETURN: Final = {"de": "noch nicht bekannt", "en": "not yet known"}
_US: Final = {"de": "uns", "en": "us"}


def _language(schedule: Schedule, language: str | None) -> str:
    chosen = schedule.language if language is None else language
    if chosen not in LANGUAGES:
        raise ValueError(f"language {chosen!r} is not supported; use one of {LANGUAGES}")
    return chosen


def notice_variables(
    schedule: Schedule, at: datetime, language: str | None = None
) -> dict[str, str]:
    """The values of every template variable at ``at``.

    Exposed for the settings page's live preview of a template not yet saved.
    Blanks get words that read naturally in the default templates: no name
    becomes "us", no future opening "not yet known".
    """
    require_aware(at)
    lang = _language(schedule, language)
    opening = next_open(schedule, at)
    closure = closure_at(schedule, at)
    return {
        "business_name": schedule.business_name or _US[lang],
        "closure_reason": closure.reason if closure is not None else "",
        "hours": format_hours(schedule.hours, lang),
        "next_open": (
            _UNKNOWN_RETURN[lang] if opening is None else format_next_open(opening, at, lang)
        ),
    }


def notice_template(schedule: Schedule, at: datetime, language: str | None = None) -> str:
    """The template that applies at ``at`` (whether or not we are open).

    During a closure with a reason: the owner's closure template, else the
    owner's general one (it may use ``{closure_reason}``), else the built-in
    closure text. Otherwise the owner's general template, else the default.
    """
    lang = _language(schedule, language)
    closure = closure_at(schedule, at)
    if closure is not None and closure.reason:
        return (
            schedule.closure_templates.get(lang)
            or schedule.templates.get(lang)
            or DEFAULT_CLOSURE_TEMPLATES[lang]
        )
    return schedule.templates.get(lang) or DEFAULT_TEMPLATES[lang]


def notice_at(schedule: Schedule, at: datetime, language: str | None = None) -> str | None:
    """The notice a customer writing at ``at`` should receive; ``None`` while open.

    ``language`` defaults to the schedule's. Never raises for a valid
    schedule: its templates were validated when it was built.
    """
    require_aware(at)
    if is_open(schedule, at):
        return None
    text = notice_template(schedule, at, language)
    return render_template(text, notice_variables(schedule, at, language))
