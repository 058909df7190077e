"""Raw RFC 5322 bytes → ``IncomingMessage``, for any mail a real client meets.

Mail in the wild is broken in every way: unknown charsets, 8-bit headers,
missing boundaries, absurd nesting, 10 MB attachments. This module never
raises for such input. What it cannot make sense of it still returns, with
the raw bytes and a ``parse_note`` so the store keeps the original and the
window can say why the text may look odd. Threading uses Message-ID,
References and In-Reply-To (the subject only when those are all missing),
because subjects collide and get rewritten.

The parser runs with ``policy.compat32`` and headers are decoded here
(RFC 2047 words, 8-bit bytes): the modern policy's header registry costs
about a millisecond per header, which made parsing 9 ms per message and the
bulk of a first sync, and it turns 8-bit header bytes into U+FFFD.

Headers are read into a ``_Head`` once per message. A plain single-part
text message (most mail by count) skips the ``email`` parser altogether
(``_simple``): it gets exactly what the full parse would give, at a tenth of
the cost; anything else — multipart, attachments, base64, odd headers —
takes the full parse. ``tests/services/email/test_mime_fast.py`` holds the
two paths to the same results.
"""

from __future__ import annotations

import hashlib
import quopri
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from app.records import HEADER_META_PREFIX, Attachment, Direction, IncomingMessage, Stream
from app.sanitize import html_to_text

__all__ = ["MAX_DEPTH", "MAX_TEXT_CHARS", "message_id_of", "parse_message",
           "synthetic_message_id"]

MAX_DEPTH = 32  # deeper MIME trees are not walked; real mail nests 3-4 levels
MAX_TEXT_CHARS = 1_000_000  # the body shown and indexed; the rest stays on the server
_MAX_DECODE_BYTES = 4 * MAX_TEXT_CHARS  # text parts larger than this are cut before decoding
_ID = re.compile(r"<[^<>\s]+>")
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|fwd?|wg|sv|antw)\s*(\[\d+\])?\s*:\s*)+", re.I)
_ENCODED_WORD = re.compile(r"=\?[^?]+\?[bqBQ]\?[^?]*\?=")
_BASE64_RATIO = 3 / 4
_SURROGATE = re.compile("[\udc80-\udcff]")


def synthetic_message_id(raw: bytes) -> str:
    """A stable id for mail without a Message-ID: the same bytes, the same id."""
    return f"<{hashlib.sha256(raw).hexdigest()[:32]}@tresen.invalid>"


def message_id_of(header_bytes: bytes) -> str | None:
    """The Message-ID in a fetched header block, chosen exactly as ``parse_message`` does."""
    try:
        msg = BytesParser(policy=policy.compat32).parsebytes(header_bytes, headersonly=True)
    except Exception:
        return None
    return next(iter(_ids(_header(msg, "Message-ID"))), None)


def _fix_surrogates(value: str) -> str:
    """8-bit header bytes arrive as surrogate escapes: read them as UTF-8, else Latin-1."""
    if value.isascii() or not _SURROGATE.search(value):
        return value
    data = value.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


class _Head:
    """A header block read once: the first raw value of each (lower-case) name, in order."""

    __slots__ = ("first",)

    def __init__(self, first: dict[str, str]) -> None:
        self.first = first

    @classmethod
    def of(cls, msg: Message) -> _Head:
        first: dict[str, str] = {}
        for key, value in msg.raw_items():
            first.setdefault(key.lower(), str(value))
        return cls(first)

    def text(self, name: str) -> str:
        """One header as text: 8-bit bytes read as UTF-8 (else Latin-1), RFC 2047 decoded."""
        raw = self.first.get(name.lower())
        if raw is None:
            return ""
        fixed = " ".join(_fix_surrogates(raw).split())
        if "=?" not in fixed:
            return fixed
        try:
            return str(make_header(decode_header(fixed)))
        except Exception:  # a broken encoded word: show it as it came
            return fixed


def _header(msg: Message, name: str) -> str:
    return _Head.of(msg).text(name)


_GUARD_HEADERS = ("auto-submitted", "precedence", "return-path", "x-auto-response-suppress",
                  "to", "cc")


def _guard_headers(head: _Head) -> dict[str, str]:
    """The headers the away notice's loop guards read (RFC 3834), kept in ``meta``."""
    return {HEADER_META_PREFIX + name: head.text(name)[:500] for name in head.first
            if name in _GUARD_HEADERS or name.startswith("list-")}


_ADDR = r"[^<>\s\"',;:()\[\]\\@.][^<>\s\"',;:()\[\]\\@]*@[A-Za-z0-9-][A-Za-z0-9.-]*"
# "Name <addr>" or a bare addr, nothing getaddresses could read differently.
_SIMPLE_ADDRESS = re.compile(rf"(?:([A-Za-z0-9!#$%&'*+/^_`{{|}}~ -]*?) ?<({_ADDR})>|({_ADDR}))")


def _getaddresses(values: list[str]) -> list[tuple[str, str]]:
    """``getaddresses`` (slow: ~50 µs a call) with a fast path for one simple address."""
    if len(values) == 1 and (m := _SIMPLE_ADDRESS.fullmatch(values[0])):
        if m.group(3):
            return [("", m.group(3))]
        return [(m.group(1).strip(), m.group(2))]
    return getaddresses(values)


def _addresses(head: _Head, *names: str) -> list[tuple[str, str]]:
    values = [head.text(name) for name in names]
    if not any(values):
        return []
    found = []
    for display, addr in _getaddresses([v for v in values if v]):
        if "@" in addr or display:
            found.append((_decode_words(display), addr.strip().lower()))
    return found


def _decode_words(value: str) -> str:
    if not _ENCODED_WORD.search(value):
        return value
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return value


def _decode_bytes(data: bytes, charset: str | None) -> tuple[str, str]:
    """Text and a note; unknown or lying charsets fall back instead of raising."""
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return data.decode(candidate), ""
        except LookupError:
            continue
        except UnicodeDecodeError:
            if candidate == charset:
                try:
                    return data.decode("utf-8"), ""
                except UnicodeDecodeError:
                    return data.decode(candidate, "replace"), f"bad bytes for charset {charset}"
    note = f"unknown charset {charset}" if charset and charset.lower() != "utf-8" else ""
    return data.decode("latin-1"), note


def _part_text(part: Message) -> tuple[str, str]:
    payload = part.get_payload(decode=False)
    if isinstance(payload, str) and len(payload) > _MAX_DECODE_BYTES:
        part = _truncated(part, payload)
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return "", ""
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return _decode_bytes(data, charset)


def _truncated(part: Message, payload: str) -> Message:
    copy = Message()
    for key, value in part.items():
        copy[key] = value
    copy.set_payload(payload[:_MAX_DECODE_BYTES])
    return copy


def _encoded_size(part: Message) -> int:
    """Size without decoding: base64 shrinks by 3/4, other encodings roughly not at all."""
    payload = part.get_payload(decode=False)
    if not isinstance(payload, str):
        return 0
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding == "base64":
        return int(sum(len(line) for line in payload.split()) * _BASE64_RATIO)
    return len(payload)


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:
        return "attachment"
    return None if name is None else _fix_surrogates(_decode_words(str(name)))


class _Walk:
    """Collects text, HTML and attachments from a MIME tree, depth-capped."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.html: list[str] = []
        self.attachments: list[Attachment] = []
        self.notes: list[str] = []

    def visit(self, part: Message, path: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            if "nesting" not in " ".join(self.notes):
                self.notes.append(f"MIME nesting deeper than {MAX_DEPTH} levels not shown")
            return
        if part.is_multipart():
            children = part.get_payload()
            if isinstance(children, list):
                for index, child in enumerate(children, 1):
                    if isinstance(child, Message):
                        self.visit(child, f"{path}.{index}" if path else str(index), depth + 1)
            return
        ctype = part.get_content_type()
        name = _filename(part)
        disposition = str(part.get("Content-Disposition", "")).split(";")[0].strip().lower()
        if name is not None or disposition == "attachment" or not ctype.startswith("text/"):
            if ctype == "message/rfc822" or (ctype.startswith("multipart/")):
                return
            self.attachments.append(Attachment(name or "attachment", ctype,
                                               _encoded_size(part), path or "1"))
            return
        if ctype == "text/html":
            body, note = _part_text(part)
            self.html.append(body)
        else:
            body, note = _part_text(part)
            self.text.append(body)
        if note:
            self.notes.append(note)


def _epoch(value: str, fallback: int | None) -> int:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        when = None
    if when is None:
        return fallback if fallback is not None else int(datetime.now(UTC).timestamp())
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp())


def _ids(value: str) -> list[str]:
    return _ID.findall(value)


def _thread(own: str, refs: Sequence[str], in_reply_to: str, subject: str,
            contact: str) -> tuple[str, tuple[str, ...]]:
    parents = [r for r in refs if r != own]
    if in_reply_to and in_reply_to != own:
        parents = [p for p in parents if p != in_reply_to] + [in_reply_to]
    if parents:
        return (refs[0] if refs and refs[0] != own else parents[0]), tuple(parents)
    if _REPLY_PREFIX.match(subject):
        base = _REPLY_PREFIX.sub("", subject).strip().lower()
        return f"subject:{contact}:{base}", ()
    return own, ()


def _defect_note(msg: Message) -> str:
    names: set[str] = set()
    for part in _limited_walk(msg):
        names.update(type(d).__name__ for d in getattr(part, "defects", ()))
    return f"malformed MIME ({', '.join(sorted(names))})" if names else ""


def _limited_walk(msg: Message) -> Iterable[Message]:
    stack = [(msg, 0)]
    while stack:
        part, depth = stack.pop()
        yield part
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list) and depth < MAX_DEPTH:
            stack.extend((p, depth + 1) for p in payload if isinstance(p, Message))


_HEADER_NAME = re.compile(r"[!-9;-~]+:")
_TEXT_TYPE = re.compile(
    r"\s*text/(plain|html)\s*((?:;\s*[A-Za-z0-9_-]+\s*=\s*(?:\"[^\"\\\\]*\"|[^;\"\s]+)\s*)*);?\s*",
    re.IGNORECASE)
_PARAM = re.compile(r";\s*([A-Za-z0-9_-]+)\s*=\s*(?:\"([^\"\\\\]*)\"|([^;\"\s]+))")
_PLAIN_ENCODINGS = frozenset({"", "7bit", "8bit", "binary"})


def _split_head(raw: bytes) -> tuple[dict[str, str], bytes] | None:
    """Headers as compat32 reads them (the first of each name), and the body, when the
    block is plainly well formed."""
    end = raw.find(b"\r\n\r\n")
    sep, nl = ("\r\n", b"\r\n") if end >= 0 else ("\n", b"\n")
    if end < 0 and (end := raw.find(b"\n\n")) < 0:
        return None
    block = raw[:end]
    lines_in_block = block.count(nl)
    if block.count(b"\r") != (lines_in_block if sep == "\r\n" else 0) or \
            block.count(b"\n") != lines_in_block or block.startswith(b"From "):
        return None
    items: list[tuple[str, str]] = []
    for line in block.decode("ascii", "surrogateescape").split(sep):
        if line[:1] in (" ", "\t"):
            if not items:
                return None
            items[-1] = (items[-1][0], items[-1][1] + sep + line)
            continue
        m = _HEADER_NAME.match(line)
        if m is None:
            return None
        items.append((line[:m.end() - 1], line[m.end():].lstrip(" \t")))
    first: dict[str, str] = {}
    for key, value in items:
        first.setdefault(key.lower(), value)
    return first, raw[end + 2 * len(nl):]


def _simple(raw: bytes) -> tuple[_Head, _Walk] | None:
    """A single-part text/plain or text/html message without attachment, read directly.

    None for everything else: that takes the full ``email`` parse.
    """
    split = _split_head(raw)
    if split is None:
        return None
    head, body = _Head(split[0]), split[1]
    if "content-disposition" in head.first or len(body) > _MAX_DECODE_BYTES:
        return None
    charset: str | None = None
    subtype = "plain"
    ctype = head.first.get("content-type")
    if ctype is not None:
        m = _TEXT_TYPE.fullmatch(ctype)
        if m is None:
            return None
        subtype = m.group(1).lower()
        for param, quoted, token in _PARAM.findall(m.group(2)):
            name = param.lower()
            if name == "name":
                return None  # a named part counts as an attachment
            if name == "charset" and charset is None:
                charset = (quoted if quoted or not token else token).lower()
    cte = head.first.get("content-transfer-encoding", "").lower()
    if cte == "quoted-printable":
        body = quopri.decodestring(body)
    elif cte not in _PLAIN_ENCODINGS:
        return None
    walk = _Walk()
    text, note = _decode_bytes(body, charset)
    (walk.html if subtype == "html" else walk.text).append(text)
    if note:
        walk.notes.append(note)
    return head, walk


def parse_message(raw: bytes, *, our_addresses: Iterable[str], folder: str = "",
                  flags: Sequence[str] = (), keywords: Sequence[str] = (),
                  internal_date: int | None = None, fast: bool = True) -> IncomingMessage:
    """Normalize one message; never raises on malformed input.

    ``fast=False`` forces the full ``email`` parse (tests compare both paths).
    """
    ours = {a.lower() for a in our_addresses}
    notes: list[str] = []
    simple = _simple(raw) if fast else None
    if simple is not None:
        head, walk = simple
        notes.extend(walk.notes)
    else:
        head, walk = _parse_full(raw, notes)
    message_id = next(iter(_ids(head.text("Message-ID"))), "") or synthetic_message_id(raw)
    subject = " ".join(head.text("Subject").split())
    senders = _addresses(head, "From") or _addresses(head, "Sender")
    author_name, author = senders[0] if senders else ("", "")
    outgoing = author in ours
    if outgoing:
        recipients = [a for a in _addresses(head, "To", "Cc") if a[1] not in ours]
        contact_name, contact = recipients[0] if recipients else ("", "")
    else:
        reply_to = _addresses(head, "Reply-To")
        contact_name, contact = reply_to[0] if reply_to else (author_name, author)
    refs = _ids(head.text("References"))
    in_reply_to = next(iter(_ids(head.text("In-Reply-To"))), "")
    thread_key, parents = _thread(message_id, refs, in_reply_to, subject, contact)

    text = "\n\n".join(t for t in walk.text if t.strip())
    html = walk.html[0] if walk.html else None
    if not text and html:
        text = html_to_text(html)
    if not text and not html and not walk.attachments and notes:
        text = raw.decode("utf-8", "replace")
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        notes.append("text cut to 1,000,000 characters")
    meta = _guard_headers(head)
    if refs:
        meta["references"] = " ".join(refs)
    note = "; ".join(dict.fromkeys(notes))
    return IncomingMessage(
        remote_id=message_id, thread_key=thread_key, stream=Stream.DIRECT,
        direction=Direction.OUT if outgoing else Direction.IN,
        author_name=author_name or author, author_handle=author,
        sent_at=_epoch(head.text("Date"), internal_date), subject=subject, text=text,
        html=html, parent_ids=parents, read="\\Seen" in flags, contact_handle=contact,
        contact_name=contact_name, attachments=tuple(walk.attachments), folder=folder,
        remote_labels=tuple(keywords), meta=meta, parse_note=note,
        raw=raw if note else None,
    )


def _parse_full(raw: bytes, notes: list[str]) -> tuple[_Head, _Walk]:
    """The ``email`` package's parse and MIME walk; problems become ``notes``."""
    try:
        msg: Message = BytesParser(policy=policy.compat32).parsebytes(raw)
    except (RecursionError, Exception) as exc:  # a parser bug must not stop the sync
        notes.append(f"unparsable ({type(exc).__name__})")
        msg = Message()
        msg.set_payload(raw.decode("utf-8", "replace"))
    walk = _Walk()
    try:
        walk.visit(msg, "", 0)
        notes.extend(walk.notes)
        defects = _defect_note(msg)
        if defects:
            notes.append(defects)
    except (RecursionError, Exception) as exc:
        notes.append(f"body not fully readable ({type(exc).__name__})")
    return _Head.of(msg), walk
