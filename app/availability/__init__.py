"""The availability notice's pure core: schedule, notice text, loop guards, rates.

No database, no Qt, no network: the store persists schedules and notice
history, the sync engine asks ``decide_auto_reply``, the CLI and UI call the
queries. Every function takes aware datetimes and is deterministic.

Errors: ``ScheduleError`` (a ``ValueError``) for any malformed schedule, file,
template or calendar, its message starting with the field path; a plain
``ValueError`` for programming mistakes such as a naive datetime.

Modules, one concern each: ``model`` (the dataclasses), ``schedule``
(open?/next open/closure), ``templates`` and ``formatting`` (texts),
``notice`` (the rendered notice), ``jsonio`` (the schedule file), ``ics``
(closures from iCalendar), ``guards`` (RFC 3834 exclusions), ``ratelimit``
and ``autoreply`` (whether to send).
"""

from typing import TYPE_CHECKING

from app.availability.autoreply import AutoReplyDecision, decide_auto_reply
from app.availability.errors import ScheduleError
from app.availability.formatting import format_clock, format_hours, format_next_open
from app.availability.guards import (
    Headers,
    exclusion_reason,
    normalize_address,
    notice_headers,
)
from app.availability.jsonio import (
    schedule_from_json,
    schedule_from_json_text,
    schedule_to_json,
    schedule_to_json_text,
)
from app.availability.model import (
    WEEKDAYS,
    AutoReplySettings,
    Closure,
    Interval,
    Schedule,
    effective_schedule,
    weekly_hours,
)
from app.availability.notice import notice_at, notice_template, notice_variables
from app.availability.ratelimit import RateDecision, RateReason, rate_decision
from app.availability.schedule import closure_at, closures_on, is_open, next_open, open_spans
from app.availability.templates import (
    DEFAULT_CLOSURE_TEMPLATES,
    DEFAULT_TEMPLATES,
    LANGUAGES,
    VARIABLES,
    render_template,
    validate_template,
)

__all__ = [
    "DEFAULT_CLOSURE_TEMPLATES",
    "DEFAULT_TEMPLATES",
    "LANGUAGES",
    "VARIABLES",
    "WEEKDAYS",
    "AutoReplyDecision",
    "AutoReplySettings",
    "Closure",
    "Headers",
    "Interval",
    "RateDecision",
    "RateReason",
    "Schedule",
    "ScheduleError",
    "closure_at",
    "closures_from_ics",
    "closures_on",
    "decide_auto_reply",
    "effective_schedule",
    "exclusion_reason",
    "format_clock",
    "format_hours",
    "format_next_open",
    "is_open",
    "next_open",
    "normalize_address",
    "notice_at",
    "notice_headers",
    "notice_template",
    "notice_variables",
    "open_spans",
    "rate_decision",
    "render_template",
    "schedule_from_json",
    "schedule_from_json_text",
    "schedule_to_json",
    "schedule_to_json_text",
    "validate_template",
    "weekly_hours",
]

if TYPE_CHECKING:
    from app.availability.ics import closures_from_ics


def __getattr__(name: str) -> object:
    """``closures_from_ics`` loads icalendar (≈0.1 s) only when a calendar is imported."""
    if name == "closures_from_ics":
        from app.availability.ics import closures_from_ics

        return closures_from_ics
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
