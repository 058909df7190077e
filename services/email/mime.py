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

Dates and addresses in their common plain forms are read with one regex each
(``_date_epoch``, ``_plain_addresses``) instead of ``parsedate_to_datetime`` and
``getaddresses`` (3 µs and 8 µs a call); anything else still goes to the
stdlib, and the tests compare both readings over many generated values.
"""

from __future__ import annotations

import hashlib
import quopri
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
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
    return _first_id(_header(msg, "message-id")) or None


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

    def text(self, key: str) -> str:
        """One header (``key`` in lower case) as text: 8-bit bytes read as UTF-8 (else
        Latin-1), RFC 2047 decoded.

        Not cached: only To and Cc of outgoing mail are read twice, and a cache
        cost more than it saved on incoming mail.
        """
        raw = self.first.get(key)
        if raw is None:
            return ""
        if raw.isascii() and "=?" not in raw:  # most headers: nothing to decode
            return " ".join(raw.split())
        return _decoded_text(raw)


def _decoded_text(raw: str) -> str:
    fixed = " ".join(_fix_surrogates(raw).split())
    if "=?" not in fixed:
        return fixed
    try:
        return str(make_header(decode_header(fixed)))
    except Exception:  # a broken encoded word: show it as it came
        return fixed


def _header(msg: Message, name: str) -> str:
    return _Head.of(msg).text(name.lower())


_GUARD_HEADERS = frozenset({"auto-submitted", "precedence", "return-path",
                            "x-auto-response-suppress", "to", "cc"})


def _guard_headers(head: _Head) -> dict[str, str]:
    """The headers the away notice's loop guards read (RFC 3834), kept in ``meta``."""
    meta = {}  # (plain loops here and below: a 3.11 comprehension costs a function call)
    for name in head.first:
        if name in _GUARD_HEADERS or name[:5] == "list-":
            meta[HEADER_META_PREFIX + name] = head.text(name)[:500]
    return meta


# Plain addresses, nothing ``getaddresses`` could read another way: a display
# name of atoms (which may hold dots) split by single spaces, or one quoted string
# without backslashes; a local part and an ASCII domain without anything special
# (comments, routes, groups, domain literals, tabs or odd whitespace).
_ADDR_SPEC = (r"[^<>\s\"',;:()\[\]\\@.][^<>\s\"',;:()\[\]\\@]*"
              r"@[A-Za-z0-9-][A-Za-z0-9.-]*")
_PHRASE_ATOM = r"[^<>\s\"(),:;\[\]\\@]+"
_ADDRESS = re.compile(rf"(?:\"([^\"\\\r\n]*)\" ?|({_PHRASE_ATOM}(?: {_PHRASE_ATOM})*) ?)?"
                      rf"<({_ADDR_SPEC})>|({_ADDR_SPEC})")
_ADDRESS_SEP = re.compile(" ?, ?")


def _plain_addresses(value: str) -> list[tuple[str, str]] | None:
    """What ``getaddresses`` gives for a list of plain addresses (``a@b``, ``Name <a@b>``,
    ``"Last, First" <a@b>``); None for anything else."""
    found: list[tuple[str, str]] = []
    pos, end = 0, len(value)
    while m := _ADDRESS.match(value, pos):
        quoted, phrase, angle, bare = m.groups()
        found.append(("", bare) if angle is None else (quoted or phrase or "", angle))
        if (pos := m.end()) == end:
            return found
        if (sep := _ADDRESS_SEP.match(value, pos)) is None:
            return None
        pos = sep.end()
    return None  # something else, or a trailing comma


def _addresses(head: _Head, *keys: str) -> list[tuple[str, str]]:
    values = []
    for key in keys:
        if value := head.text(key):
            values.append(value)
    if not values:
        return []
    joined = ", ".join(values)  # as getaddresses joins them
    pairs = _plain_addresses(joined)  # getaddresses costs ~8 µs an address
    found = []
    for display, addr in getaddresses([joined]) if pairs is None else pairs:
        if "@" in addr or display:
            found.append((_decode_words(display) if "=?" in display else display,
                          addr.strip().lower()))
    return found


def _decode_words(value: str) -> str:
    if "=?" not in value or not _ENCODED_WORD.search(value):
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

    __slots__ = ("attachments", "html", "notes", "text")

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


_MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
_MONTHS.update({name.lower(): number for name, number in _MONTHS.items()})
# email._parseaddr's zone names (hours from UTC); it reads any other word as UTC.
_ZONES = {"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "AST": -4, "ADT": -3, "EST": -5, "EDT": -4,
          "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}
# "[Tue, ]26 May 2026 12:34[:56][ +0200|GMT|…[ (comment)]]": ASCII only, single spaces.
_DATE = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun),? )?([0-9]{1,2}) ([a-z]{3}) ([0-9]{2,4}) "
    r"([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(?: ([+-][0-9]{4}|[a-z]+)(?: .*)?)?",
    re.ASCII | re.IGNORECASE | re.DOTALL)
_EPOCH_DAY = date(1970, 1, 1).toordinal()


def _date_epoch(value: str) -> int | None:
    """What ``parsedate_to_datetime`` makes of a common RFC 5322 date, in epoch seconds,
    at half its cost; None when the value needs the stdlib's full reading."""
    m = _DATE.fullmatch(value)
    if m is None:
        return None
    day_s, month_s, year_s, hour_s, minute_s, second_s, zone = m.groups()
    month = _MONTHS.get(month_s) or _MONTHS.get(month_s.lower())
    if month is None:
        return None
    day, year, hour, minute = int(day_s), int(year_s), int(hour_s), int(minute_s)
    second = int(second_s) if second_s else 0
    if year < 100:  # the stdlib's POSIX rule, also for "0026"
        year += 1900 if year > 68 else 2000
    if not zone:
        offset = 0
    elif zone[0] in "+-":
        hhmm = int(zone)
        zone_hours, zone_minutes = divmod(abs(hhmm), 100)
        if zone_hours > 23 or zone_minutes > 59:
            return None
        offset = (zone_hours * 3600 + zone_minutes * 60) * (-1 if hhmm < 0 else 1)
    else:  # the stdlib reads unknown names as UTC
        offset = _ZONES.get(zone.upper(), 0) * 3600
    if hour > 23 or minute > 59 or second > 59:  # datetime refuses a leap second too
        return None
    try:
        days = date(year, month, day).toordinal() - _EPOCH_DAY
    except ValueError:
        return None
    return days * 86400 + hour * 3600 + minute * 60 + second - offset


def _sent_at(head: _Head, fallback: int | None) -> int:
    """The Date header in epoch seconds; ``fallback`` (else now) when it is unreadable.

    The raw value is tried first: where the fast reading takes it, decoding and
    folding could only change what follows the zone, which the stdlib ignores too.
    """
    raw = head.first.get("date")
    if raw is not None and (when := _date_epoch(raw)) is not None:
        return when
    return _epoch(head.text("date"), fallback)


def _epoch(value: str, fallback: int | None) -> int:
    if (fast := _date_epoch(value)) is not None:
        return fast
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
    return _ID.findall(value) if "<" in value else []


def _first_id(value: str) -> str:
    """The first ``<id>`` in a header, or ""."""
    m = _ID.search(value) if "<" in value else None
    return m.group() if m else ""


def _thread(own: str, refs: Sequence[str], in_reply_to: str, subject: str,
            contact: str) -> tuple[str, tuple[str, ...]]:
    parents = [r for r in refs if r != own] if refs else []
    if in_reply_to and in_reply_to != own:
        parents = [p for p in parents if p != in_reply_to] + [in_reply_to]
    if parents:
        return (refs[0] if refs and refs[0] != own else parents[0]), tuple(parents)
    if ":" in subject and _REPLY_PREFIX.match(subject):  # (the colon: a cheap pre-check)
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


_TEXT_TYPE = re.compile(
    r"\s*text/(plain|html)\s*((?:;\s*[A-Za-z0-9_-]+\s*=\s*(?:\"[^\"\\\\]*\"|[^;\"\s]+)\s*)*);?\s*",
    re.IGNORECASE)
_PARAM = re.compile(r";\s*([A-Za-z0-9_-]+)\s*=\s*(?:\"([^\"\\\\]*)\"|([^;\"\s]+))")
_PLAIN_ENCODINGS = frozenset({"", "7bit", "8bit", "binary"})


# Where a header field starts: a line end, its name, the colon and blanks after it.
_FIELD_START = re.compile(r"\n([!-9;-~]+):[ \t]*")
_UNFOLDED = re.compile(r"\n[^ \t]")


def _split_head(raw: bytes) -> tuple[dict[str, str], bytes] | None:
    """Headers as compat32 reads them (the first of each name), and the body, when the
    block is plainly well formed: one kind of line end, every line a header or folded,
    no mbox "From " line.

    One regex split over the block rather than a regex per line: that was a third of
    the cost of a plain message.
    """
    end = raw.find(b"\r\n\r\n")
    crlf = end >= 0
    if not crlf and (end := raw.find(b"\n\n")) < 0:
        return None
    block = raw[:end]
    if block.startswith(b"From "):
        return None
    text = block.decode("ascii", "surrogateescape")
    newlines = text.count("\n")
    if crlf:
        lf = text.replace("\r\n", "\n")
        if newlines != len(text) - len(lf):
            return None  # a bare LF among CRLFs
        text = lf
    if "\r" in text:
        return None  # a bare CR
    parts = _FIELD_START.split("\n" + text)  # ["", name, value, name, value, ...]
    if parts[0]:
        return None  # the first line is no header
    # Built with C-level calls, not a loop: that was another tenth of a plain message.
    keys, values = list(map(str.lower, parts[1::2])), parts[2::2]
    if newlines >= len(values):  # some value spans lines (no value ends with a LF)
        if _UNFOLDED.search("".join(values)):
            return None  # a line that is neither a header nor folded
        if crlf:
            values = [value.replace("\n", "\r\n") for value in values]
    first = dict(zip(keys, values, strict=True))
    if len(first) < len(keys):  # a repeated name: its first value counts, in its place
        first.update(zip(reversed(keys), reversed(values), strict=True))
    return first, raw[end + (4 if crlf else 2):]


def _read_text_type(ctype: str) -> tuple[str, str | None] | None:
    """Subtype and charset of a plain text/plain or text/html Content-Type; None for
    anything else, and for a named part (that counts as an attachment)."""
    m = _TEXT_TYPE.fullmatch(ctype)
    if m is None:
        return None
    charset: str | None = None
    for param, quoted, token in _PARAM.findall(m.group(2)):
        name = param.lower()
        if name == "name":
            return None
        if name == "charset" and charset is None:
            charset = (quoted if quoted or not token else token).lower()
    return m.group(1).lower(), charset


# Most mail carries one of a few Content-Type values: the first 256 (short ones) are kept.
_TEXT_TYPES: dict[str, tuple[str, str | None] | None] = {}


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
    subtype, charset = "plain", None
    ctype = head.first.get("content-type")
    if ctype is not None:
        if ctype in _TEXT_TYPES:
            text_type = _TEXT_TYPES[ctype]
        else:
            text_type = _read_text_type(ctype)
            if len(_TEXT_TYPES) < 256 and len(ctype) <= 200:
                _TEXT_TYPES[ctype] = text_type
        if text_type is None:
            return None
        subtype, charset = text_type
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
    ours = set(map(str.lower, our_addresses))
    notes: list[str] = []
    simple = _simple(raw) if fast else None
    if simple is not None:
        head, walk = simple
        notes.extend(walk.notes)
    else:
        head, walk = _parse_full(raw, notes)
    message_id = _first_id(head.text("message-id")) or synthetic_message_id(raw)
    subject = " ".join(head.text("subject").split())
    senders = _addresses(head, "from") or _addresses(head, "sender")
    author_name, author = senders[0] if senders else ("", "")
    outgoing = author in ours
    if outgoing:
        recipients = [a for a in _addresses(head, "to", "cc") if a[1] not in ours]
        contact_name, contact = recipients[0] if recipients else ("", "")
    else:
        reply_to = _addresses(head, "reply-to")
        contact_name, contact = reply_to[0] if reply_to else (author_name, author)
    refs = _ids(head.text("references"))
    in_reply_to = _first_id(head.text("in-reply-to"))
    thread_key, parents = _thread(message_id, refs, in_reply_to, subject, contact)

    parts = walk.text  # (isspace: strip() would copy the text)
    text = (parts[0] if len(parts) == 1 and not parts[0].isspace() else
            "\n\n".join([t for t in parts if t and not t.isspace()]))
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
    note = "; ".join(dict.fromkeys(notes)) if notes else ""
    return IncomingMessage(
        remote_id=message_id, thread_key=thread_key, stream=Stream.DIRECT,
        direction=Direction.OUT if outgoing else Direction.IN,
        author_name=author_name or author, author_handle=author,
        sent_at=_sent_at(head, internal_date), subject=subject, text=text,
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
