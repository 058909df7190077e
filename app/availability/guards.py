"""Loop guards: the messages an automatic notice must never answer.

Follows RFC 3834 (section 2: do not respond to automatic, list or bulk mail)
and the checks Dovecot Pigeonhole's ``vacation`` action makes before it
sends, so Tresen's local auto-reply and the server-side Sieve script refuse
the same messages. One question, one pure function: the store passes what it
knows about a message and shows the returned reason next to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from email.message import Message
from email.utils import getaddresses, parseaddr
from typing import Final

__all__ = ["exclusion_reason", "normalize_address", "notice_headers"]

Headers = Mapping[str, str] | Message | Iterable[tuple[str, str]]
"""A dict, an ``email.message.Message`` or any (name, value) pairs."""

_BULK_PRECEDENCE: Final = frozenset({"bulk", "list", "junk"})
# Microsoft's flags: All suppresses everything, OOF out-of-office notices
# (which ours is), AutoReply other automatic replies. DR/NDR/RN/NRN only
# concern receipts and do not stop a notice (Pigeonhole checks All and OOF).
_SUPPRESS_FLAGS: Final = frozenset({"all", "oof", "autoreply"})
_SYSTEM_LOCALPARTS: Final = frozenset(
    {"mailer-daemon", "postmaster", "listserv", "majordomo", "mailerdaemon"}
)
# Compared after removing "-", "_" and ".": no-reply, do_not_reply, noreplies...
_NOREPLY_MARKS: Final = ("noreply", "noreplies", "donotreply", "dontreply", "noresponse",
                         "donotrespond")  # fmt: skip
_BOUNCE: Final = re.compile(r"(^|[-_.+=])bounces?($|[-_.+=])")
_RECIPIENT_HEADERS: Final = ("to", "cc", "bcc", "resent-to", "resent-cc", "resent-bcc")


def normalize_address(address: str) -> str:
    """Lower-case bare address for comparisons: ``"Ann <A@X.de>"`` -> ``"a@x.de"``.

    Social handles pass through lower-cased without their leading ``@``.
    """
    text = address.strip()
    if "<" in text:
        text = parseaddr(text)[1]
    return text.strip().strip("<>").lstrip("@").lower()


def _pairs(headers: Headers) -> list[tuple[str, str]]:
    items = headers.items() if isinstance(headers, Mapping | Message) else headers
    return [(name.strip().lower(), str(value).strip()) for name, value in items]


def _first_token(value: str) -> str:
    """``"auto-replied (vacation); x=y"`` -> ``"auto-replied"``."""
    return re.split(r"[\s;(]", value.strip(), maxsplit=1)[0].lower()


def exclusion_reason(
    headers: Headers,
    sender: str,
    own_addresses: Iterable[str] = (),
    *,
    is_bot: bool = False,
    check_recipients: bool = True,
) -> str | None:
    """Why no notice may answer this message, or ``None`` if one may.

    ``headers`` are matched case-insensitively; pass none for channels
    without mail headers. ``sender`` is the address (or handle) we would
    answer. With ``check_recipients``, a mail whose To/Cc/Bcc do not name any
    of ``own_addresses`` (Bcc, a list without List-* headers, a forward) is
    excluded too, as Pigeonhole does; channels without such headers are not
    affected.
    """
    pairs = _pairs(headers)
    own = {normalize_address(a) for a in own_addresses if a.strip()}
    who = normalize_address(sender)
    if is_bot:
        return "the sender is marked as a bot"
    reason = _sender_reason(who, own) or _header_reason(pairs)
    if reason is None and check_recipients:
        reason = _recipient_reason(pairs, own)
    return reason


def _sender_reason(who: str, own: set[str]) -> str | None:
    if not who:
        return "the message has no sender address"
    if who in own:
        return f"{who} is one of our own addresses"
    localpart = who.rpartition("@")[0] or who
    if localpart in _SYSTEM_LOCALPARTS or localpart.startswith("owner-") or (
        "-request" in localpart
    ):
        return f"{who} is a system address (mailer daemon, postmaster, list robot)"
    squashed = re.sub(r"[-_.]", "", localpart)
    if any(mark in squashed for mark in _NOREPLY_MARKS):
        return f"{who} is a no-reply address"
    if _BOUNCE.search(localpart):
        return f"{who} is a bounce address"
    return None


def _header_reason(pairs: list[tuple[str, str]]) -> str | None:
    for name, value in pairs:
        if name == "auto-submitted" and _first_token(value) != "no":
            return f"Auto-Submitted: {value} marks an automatic message"
        if name == "return-path" and re.sub(r"\s", "", value) in {"<>", ""}:
            return "the Return-Path is null (<>): a bounce or other automatic message"
        if name == "precedence" and _first_token(value) in _BULK_PRECEDENCE:
            return f"Precedence: {value} marks list or bulk mail"
        if name.startswith("list-"):
            return f"the {name.title()} header marks mailing-list mail"
        if name == "x-auto-response-suppress":
            flags = {flag.strip().lower() for flag in value.split(",")}
            if flags & _SUPPRESS_FLAGS:
                return f"X-Auto-Response-Suppress: {value} asks for no automatic reply"
    return None


def _recipient_reason(pairs: list[tuple[str, str]], own: set[str]) -> str | None:
    values = [value for name, value in pairs if name in _RECIPIENT_HEADERS]
    if not values or not own:
        return None
    named = {normalize_address(address) for _, address in getaddresses(values)}
    if named & own:
        return None
    return "none of our addresses is in To/Cc/Bcc: not addressed to us directly"


def notice_headers(original: Headers) -> dict[str, str]:
    """The headers our own notice must carry in answer to ``original``.

    ``Auto-Submitted: auto-replied`` makes every RFC 3834 responder (and our
    own guard on the other side) stay quiet, ``X-Auto-Response-Suppress``
    does the same for Exchange; In-Reply-To and References thread the notice
    under the customer's message (RFC 3834 section 3.1).
    """
    first: dict[str, str] = {}
    for name, value in _pairs(original):
        first.setdefault(name, value)
    headers = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
    subject = first.get("subject", "")
    if not subject.lower().startswith("auto:"):
        subject = f"Auto: {subject}".strip()
    headers["Subject"] = subject
    message_id = first.get("message-id", "")
    if message_id:
        headers["In-Reply-To"] = message_id
        headers["References"] = " ".join(filter(None, [first.get("references", ""), message_id]))
    return headers
