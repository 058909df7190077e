"""The whole auto-reply decision for one incoming message, in one call.

Composes the switch, the schedule, the loop guards and the rate limits in a
fixed order, so the sync engine (and the two-stores loop test) cannot forget
a check or apply them differently, and the owner sees one reason per message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.availability.guards import Headers, exclusion_reason
from app.availability.model import Schedule
from app.availability.notice import notice_at
from app.availability.ratelimit import rate_decision

__all__ = ["AutoReplyDecision", "decide_auto_reply"]


@dataclass(frozen=True, slots=True)
class AutoReplyDecision:
    """``text`` is the notice to send; it is set exactly when ``send`` is true."""

    send: bool
    reason: str
    text: str | None = None


def decide_auto_reply(
    schedule: Schedule,
    *,
    now: datetime,
    message_at: datetime,
    headers: Headers,
    sender: str,
    own_addresses: Iterable[str],
    is_bot: bool,
    last_notice_to_sender: datetime | None,
    recent_notices: Iterable[datetime],
    language: str | None = None,
) -> AutoReplyDecision:
    """Should Tresen answer this message with a notice now, and with what text?

    The notice is the one that applies *now* (when the reply would go out):
    if we are open again by the time a message is synced, the owner is here
    and no "we are away" text would be true.
    """
    if not schedule.auto_reply.enabled:
        return AutoReplyDecision(False, "automatic notices are switched off")
    text = notice_at(schedule, now, language)
    if text is None:
        return AutoReplyDecision(False, "we are open")
    excluded = exclusion_reason(headers, sender, own_addresses, is_bot=is_bot)
    if excluded is not None:
        return AutoReplyDecision(False, excluded)
    rate = rate_decision(
        schedule.auto_reply,
        now=now,
        message_at=message_at,
        last_notice_to_sender=last_notice_to_sender,
        recent_notices=recent_notices,
    )
    if not rate.should_send:
        return AutoReplyDecision(False, rate.detail)
    return AutoReplyDecision(True, rate.detail, text)
