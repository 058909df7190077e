"""Mastodon statuses → the store's channel-neutral ``IncomingMessage``.

Handles are always full (``name@instance``): the API gives local accounts
without their domain, but a contact must stay the same person when the same
customer writes from another thread or is seen from another instance.
"""

from __future__ import annotations

from app.records import Attachment, Direction, IncomingMessage, Stream
from app.sanitize import html_to_text
from services.mastodon.entities import Account, Status

__all__ = ["full_handle", "stream_for", "to_message"]


def full_handle(acct: str, instance_host: str) -> str:
    name = acct.lstrip("@")
    return f"@{name}" if "@" in name else f"@{name}@{instance_host}"


def stream_for(status: Status) -> Stream:
    """Direct messages are talk *with* us; any other visibility is a mention."""
    return Stream.DIRECT if status.visibility == "direct" else Stream.MENTIONS


def to_message(status: Status, *, host: str, own_id: str, customer: Account, stream: Stream,
               thread_key: str, parent_ids: tuple[str, ...], read: bool,
               notification_id: str = "") -> IncomingMessage:
    ours = status.account.id == own_id
    text = html_to_text(status.content)
    if status.spoiler_text:
        text = f"{status.spoiler_text}\n\n{text}"
    meta = {"visibility": status.visibility, "account_id": status.account.id}
    if status.url:
        meta["url"] = status.url
    if notification_id:
        meta["notification_id"] = notification_id
    return IncomingMessage(
        remote_id=status.id,
        thread_key=thread_key,
        stream=stream,
        direction=Direction.OUT if ours else Direction.IN,
        author_name=status.account.display_name or status.account.username,
        author_handle=full_handle(status.account.acct, host),
        sent_at=status.created_at,
        subject=status.spoiler_text,
        text=text,
        html=status.content or None,
        parent_ids=parent_ids,
        read=read or ours,
        contact_handle=full_handle(customer.acct, host),
        contact_name=customer.display_name or customer.username,
        contact_is_bot=customer.bot,
        attachments=tuple([Attachment(m.description or m.type, m.type, 0, m.url)
                           for m in status.media]) if status.media else (),
        meta=meta,
    )
