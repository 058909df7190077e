"""One attachment's bytes, from the stored raw message or from the IMAP server.

The sync stores an attachment's name, type, size and MIME part number, not
its bytes (a mailbox of 10 MB attachments would double on disk). When the
person opens one, this module gets it: from the ``raw_source`` the store kept
for a message it could not fully parse, else with its own short IMAP session
(never the sync's): find the message by Message-ID in its folder, then fetch
just that body part (``BODY.PEEK``, so the message stays unread/read as it
was). Part numbers are the ones ``mime.parse_message`` assigned, which follow
IMAP's numbering; a whole-message fetch is the fallback where they cannot
(a single-part message, an encapsulated ``message/rfc822``).
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from email import policy
from email.message import Message
from email.parser import BytesParser

from services.channel import PermanentError
from services.email.imap import ImapSession, connect, quote
from services.email.settings import EmailSettings

__all__ = ["AttachmentNotFound", "extract_part", "fetch_part"]


class AttachmentNotFound(PermanentError):  # noqa: N818 - reads as the situation
    """The message or its part is no longer where the sync saw it."""


def _walk_to(msg: Message, part_id: str) -> Message:
    """The leaf at ``part_id`` ("1", "2.1", …) numbered as ``mime.parse_message`` does."""
    part = msg
    if not msg.is_multipart():
        if part_id != "1":
            raise AttachmentNotFound(f"the message has no part {part_id}")
        return msg
    for step in part_id.split("."):
        children = part.get_payload()
        if not isinstance(children, list) or not step.isdigit() \
                or not 0 < int(step) <= len(children):
            raise AttachmentNotFound(f"the message has no part {part_id}")
        child = children[int(step) - 1]
        if not isinstance(child, Message):
            raise AttachmentNotFound(f"the message has no part {part_id}")
        part = child
    return part


def _decoded(part: Message) -> bytes:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""


def extract_part(raw: bytes, part_id: str) -> bytes:
    """The decoded bytes of body part ``part_id`` of the message ``raw``."""
    msg = BytesParser(policy=policy.compat32).parsebytes(raw)
    return _decoded(_walk_to(msg, part_id))


def _find_uid(session: ImapSession, folders: list[str], remote_id: str) -> tuple[str, int]:
    for folder in folders:
        session.select(folder, readonly=True)
        uids = session.search("HEADER", "Message-ID", quote(remote_id))
        if uids:
            return folder, uids[-1]
    raise AttachmentNotFound("the message is no longer on the mail server")


def _fetch_body(session: ImapSession, uid: int, section: str) -> bytes:
    items = session.fetch([uid], f"(UID BODY.PEEK[{section}])")
    return items[0].body if items else b""


def fetch_part(settings: Mapping[str, object], password: str, folder: str, remote_id: str,
               part_id: str, content_type: str = "", *,
               ssl_context: ssl.SSLContext | None = None) -> bytes:
    """Log in, fetch one attachment, log out; raises the channel errors."""
    parsed = EmailSettings.from_json(settings)
    session = connect(parsed.imap, parsed.username, password, timeout=parsed.timeout,
                      ssl_context=ssl_context)
    try:
        folders = list(dict.fromkeys(f for f in (folder, "INBOX") if f))
        _, uid = _find_uid(session, folders, remote_id)
        if part_id and part_id != "1":
            head = _fetch_body(session, uid, f"{part_id}.MIME")
            body = _fetch_body(session, uid, part_id)
            if head and body:
                part = BytesParser(policy=policy.compat32).parsebytes(head + body)
                if not content_type or part.get_content_type() == content_type:
                    return _decoded(part)
        whole = _fetch_body(session, uid, "")
        if not whole:
            raise AttachmentNotFound("the mail server sent an empty message")
        return extract_part(whole, part_id or "1")
    finally:
        session.close()
