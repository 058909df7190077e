"""How often notices may go out: per sender, per hour, and never for stale mail.

A pure function over plain timestamps, so the store keeps the history in its
own tables (it survives restarts, and a test drives it on a virtual clock)
and this module only decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from app.availability.clock import require_aware
from app.availability.model import AutoReplySettings

__all__ = ["RateDecision", "RateReason", "rate_decision"]

_HOUR = timedelta(hours=1)


class RateReason(StrEnum):
    """Why a notice may or may not be sent, as far as rates are concerned."""

    SEND = "send"
    STALE = "stale"
    PERIOD = "period"
    HOURLY_CAP = "hourly_cap"


@dataclass(frozen=True, slots=True)
class RateDecision:
    """The verdict and a sentence for the owner ("a notice went to ... 2 days ago")."""

    should_send: bool
    reason: RateReason
    detail: str


def rate_decision(
    settings: AutoReplySettings,
    *,
    now: datetime,
    message_at: datetime,
    last_notice_to_sender: datetime | None,
    recent_notices: Iterable[datetime],
) -> RateDecision:
    """May a notice answer a message that arrived at ``message_at``, now?

    ``last_notice_to_sender`` is when this sender last got a notice (from any
    of our accounts in the workspace), ``recent_notices`` the send times of
    notices to anyone; only those of the last hour count. A timestamp in the
    future (a clock that went back) counts as recent: when unsure, stay quiet.
    """
    for name, value in (("now", now), ("message_at", message_at)):
        require_aware(value, name)
    age = now - message_at
    max_age = timedelta(hours=settings.max_age_hours)
    if age > max_age:
        hours = age.total_seconds() / 3600
        return RateDecision(
            False,
            RateReason.STALE,
            f"the message is {hours:.0f} h old; notices answer only messages younger "
            f"than {settings.max_age_hours} h",
        )
    period = timedelta(days=settings.period_days)
    if last_notice_to_sender is not None:
        require_aware(last_notice_to_sender, "last_notice_to_sender")
        if now - last_notice_to_sender < period:
            return RateDecision(
                False,
                RateReason.PERIOD,
                f"this sender got a notice at {last_notice_to_sender.isoformat()}; "
                f"one per {settings.period_days} days",
            )
    sent = sum(1 for moment in recent_notices if now - moment < _HOUR)
    if sent >= settings.hourly_cap:
        return RateDecision(
            False,
            RateReason.HOURLY_CAP,
            f"{sent} notices went out in the last hour; the cap is {settings.hourly_cap}",
        )
    return RateDecision(True, RateReason.SEND, "within every limit")
