"""Build the RFC 5322 reply a mail client would write.

The Message-ID is not made here: the store fixed it when the reply was queued,
and that very id is what lets a restart find the reply in Sent instead of
sending it twice.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from services.email.context import ReplyContext

__all__ = ["build_reply"]


def build_reply(ctx: ReplyContext, *, from_name: str, from_address: str, subject: str,
                text: str, now: datetime | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = formataddr((from_name, from_address))
    msg["To"] = formataddr((ctx.to_name, ctx.to_address))
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now or datetime.now(UTC))
    msg["Message-ID"] = ctx.message_id
    if ctx.references:
        msg["In-Reply-To"] = ctx.references[-1]
        msg["References"] = " ".join(ctx.references)
    msg["User-Agent"] = "Tresen"
    msg.set_content(text if text.endswith("\n") else text + "\n")
    return msg
