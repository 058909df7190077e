"""A thin, typed IMAP session over the stdlib ``imaplib``.

``imaplib`` speaks the protocol but hands back loosely shaped byte lists and
raises its own exception classes; this module turns both into what the
adapter needs: typed results and the channel error hierarchy (a dropped or
hanging connection is a ``TemporaryError``, a refused login an
``AuthError``, a certificate problem a ``PermanentError`` that says so).
Every socket operation has the configured timeout, so a server that accepts
and then never answers cannot stall a sync.

FETCH, the bulk of a first sync, bypasses imaplib's per-line response
machinery: ``fetch`` reads the answer itself (each literal in one read) and
``fetch_ahead`` sends the next FETCH before the current batch is parsed and
stored, so the server reads and sends mail while we work instead of waiting
for our next command. The answer of an ahead FETCH nobody asks for is read
and dropped before any other command, so the connection never gets out of step.
"""

from __future__ import annotations

import calendar
import contextlib
import imaplib
import re
import socket
import ssl
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any

from services.channel import AuthError, PermanentError, TemporaryError
from services.email.settings import Endpoint

__all__ = ["FetchItem", "FolderState", "ImapSession", "connect", "explain_network_error", "quote",
           "uid_set"]

_FETCH_RESPONSE = re.compile(rb"\* \d+ FETCH ")
_LITERAL = re.compile(rb"\{(\d+)\}\r?\n\Z")
_TAG = b"TRESEN"  # our FETCH tags; imaplib's are letters A-P and digits, so never equal
_UID = re.compile(rb"\bUID (\d+)")
_FLAGS = re.compile(rb"\bFLAGS \(([^)]*)\)")
_MODSEQ = re.compile(rb"\bMODSEQ \((\d+)\)")
_INTERNALDATE = re.compile(rb'\bINTERNALDATE "([^"]+)"')
_LIST = re.compile(rb'^\(([^)]*)\) (?:"[^"]*"|NIL) (.+)$')
_CODE = re.compile(rb"\[([A-Z-]+) ?([^\]]*)\]")


@dataclass(frozen=True, slots=True)
class FolderState:
    """What SELECT/EXAMINE reported; ``highestmodseq`` is 0 without CONDSTORE."""

    uidvalidity: int
    uidnext: int
    exists: int
    highestmodseq: int
    permanent_flags: tuple[str, ...]


@dataclass(slots=True)
class FetchItem:
    uid: int = 0
    flags: tuple[str, ...] = ()
    modseq: int = 0
    internal_date: int | None = None
    body: bytes = b""  # the (last) literal of the response: the message or header block


def quote(value: str) -> str:
    """A quoted IMAP string (folder names with spaces, header values)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uid_set(uids: Iterable[int]) -> str:
    """``1:3,7`` from ``[1, 2, 3, 7]`` — short commands for long UID lists."""
    ordered = sorted(set(uids))
    ranges: list[str] = []
    start = prev = ordered[0] if ordered else 0
    for uid in ordered[1:]:
        if uid == prev + 1:
            prev = uid
            continue
        ranges.append(f"{start}:{prev}" if prev > start else str(start))
        start = prev = uid
    if ordered:
        ranges.append(f"{start}:{prev}" if prev > start else str(start))
    return ",".join(ranges)


def _fetch_command(uids: Iterable[int] | str, items: str,
                   changed_since: int | None) -> str | None:
    spec = uids if isinstance(uids, str) else uid_set(uids)
    if not spec:
        return None
    modifier = f" (CHANGEDSINCE {changed_since})" if changed_since is not None else ""
    return f"UID FETCH {spec} {items}{modifier}"


def _decode_flags(raw: bytes) -> tuple[str, ...]:
    return tuple(raw.decode("utf-8", "replace").split())


def _fill(item: FetchItem, head: bytes) -> None:
    """UID, FLAGS, MODSEQ and INTERNALDATE from the non-literal text of one FETCH response."""
    if m := _UID.search(head):
        item.uid = int(m.group(1))
    if m := _FLAGS.search(head):
        item.flags = _decode_flags(m.group(1))
    if m := _MODSEQ.search(head):
        item.modseq = int(m.group(1))
    if m := _INTERNALDATE.search(head):
        item.internal_date = _internal_date(m.group(1))


_MONTHS = {m: i for i, m in enumerate(
    (b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
     b"dec"), 1)}
_DATE = re.compile(rb"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)")


def _internal_date(value: bytes) -> int | None:
    """``17-Jul-1996 02:44:25 -0700`` → epoch seconds (strptime costs 30 µs a call)."""
    m = _DATE.fullmatch(value)
    month = _MONTHS.get(m.group(2).lower()) if m else None
    if m is None or month is None:
        return None
    day, year, hh, mm, ss = map(int, m.group(1, 3, 4, 5, 6))
    if not (1 <= day <= calendar.monthrange(year, month)[1] and hh < 24 and mm < 60
            and ss < 61):
        return None
    local = calendar.timegm((year, month, day, hh, mm, ss, 0, 0, 0))
    offset = (int(m.group(8)) * 60 + int(m.group(9))) * 60
    return local - offset if m.group(7) == b"+" else local + offset


def explain_network_error(exc: BaseException, endpoint: Endpoint) -> Exception:
    where = f"{endpoint.host}:{endpoint.port}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return PermanentError(f"the certificate of {where} is not trusted ({exc.verify_message})")
    if isinstance(exc, ssl.SSLError):
        return PermanentError(f"TLS with {where} failed ({exc.reason}); check the security"
                              " setting (ssl or starttls) and the port")
    if isinstance(exc, TimeoutError | socket.timeout):
        return TemporaryError(f"{where} did not answer in time")
    if isinstance(exc, socket.gaierror):
        return TemporaryError(f"the host {endpoint.host} cannot be found")
    if isinstance(exc, ConnectionRefusedError):
        return TemporaryError(f"{where} refused the connection (is the port right?)")
    if isinstance(exc, OSError):
        return TemporaryError(f"{where} cannot be reached ({exc.strerror or exc})")
    return TemporaryError(f"the connection to {where} broke ({exc})")


def connect(endpoint: Endpoint, username: str, password: str, *, timeout: float,
            ssl_context: ssl.SSLContext | None = None) -> ImapSession:
    """A logged-in session; raises the channel errors with plain-words messages."""
    # Loading the system's CA store costs ~70 ms: only for connections that use TLS.
    context = ssl_context or (ssl.create_default_context() if endpoint.security != "none"
                              else None)
    try:
        conn: imaplib.IMAP4
        if endpoint.security == "ssl":
            assert context is not None
            conn = imaplib.IMAP4_SSL(endpoint.host, endpoint.port, ssl_context=context,
                                     timeout=timeout)
        else:
            conn = imaplib.IMAP4(endpoint.host, endpoint.port, timeout=timeout)
            if endpoint.security == "starttls":
                assert context is not None
                conn.starttls(context)
    except (OSError, imaplib.IMAP4.error, EOFError) as exc:
        raise explain_network_error(exc, endpoint) from None
    session = ImapSession(conn, endpoint)
    try:
        conn.login(username, password)
    except imaplib.IMAP4.abort as exc:
        session.close()
        raise explain_network_error(exc, endpoint) from None
    except imaplib.IMAP4.error as exc:
        session.close()
        text = str(exc)
        if "UNAVAILABLE" in text or "INUSE" in text:
            raise TemporaryError(f"the mail server is busy, try later ({text})") from None
        raise AuthError("the mail server refused the user name or password") from None
    except OSError as exc:
        session.close()
        raise explain_network_error(exc, endpoint) from None
    session.load_capabilities()
    return session


class ImapSession:
    """One logged-in connection; not thread-safe (one per sync worker)."""

    def __init__(self, conn: imaplib.IMAP4, endpoint: Endpoint) -> None:
        self._conn = conn
        self._endpoint = endpoint
        self.capabilities: frozenset[str] = frozenset()
        self.selected: str | None = None
        self._readonly = True
        self._tags = count(1)
        self._ahead: tuple[bytes, str] | None = None  # (tag, command) of a FETCH sent ahead

    # -- plumbing ------------------------------------------------------------
    def _run(self, what: str, call: Callable[[], tuple[str, list[Any]]]) -> list[Any]:
        self._settle()
        try:
            typ, data = call()
        except imaplib.IMAP4.abort as exc:
            raise TemporaryError(f"the mail server dropped the connection ({exc})") from None
        except imaplib.IMAP4.error as exc:
            raise TemporaryError(f"the mail server refused {what} ({exc})") from None
        except (OSError, EOFError) as exc:
            raise explain_network_error(exc, self._endpoint) from None
        if typ != "OK":
            detail = b" ".join(d for d in data if isinstance(d, bytes)).decode(errors="replace")
            raise TemporaryError(f"the mail server refused {what} ({detail})")
        return data

    def _untagged(self, name: str) -> list[bytes]:
        _, data = self._conn._untagged_response("OK", [None], name)
        return [d for d in data if isinstance(d, bytes)]

    def load_capabilities(self) -> None:
        data = self._run("CAPABILITY", self._conn.capability)
        words = b" ".join(d for d in data if isinstance(d, bytes)).decode().upper().split()
        self.capabilities = frozenset(words)
        if "CONDSTORE" in self.capabilities:
            # Enabled once so every SELECT reports HIGHESTMODSEQ and FETCH MODSEQ.
            self._run("ENABLE", lambda: self._conn.enable("CONDSTORE"))

    @property
    def connection(self) -> imaplib.IMAP4:
        """The imaplib connection, for commands imaplib lacks (IDLE)."""
        return self._conn

    @property
    def readonly(self) -> bool:
        return self._readonly

    @property
    def condstore(self) -> bool:
        return "CONDSTORE" in self.capabilities

    # -- folders -------------------------------------------------------------
    def list_folders(self) -> list[tuple[str, frozenset[str]]]:
        """(name, attributes) of every folder; attributes carry \\Sent, \\Archive…"""
        folders = []
        for line in self._run("LIST", lambda: self._conn.list('""', "*")):
            if not isinstance(line, bytes) or not (m := _LIST.match(line)):
                continue
            name = m.group(2).decode("utf-8", "replace")
            if name.startswith('"') and name.endswith('"'):
                name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            attrs = frozenset(a.lower() for a in m.group(1).decode().split())
            folders.append((name, attrs))
        return folders

    def select(self, folder: str, *, readonly: bool) -> FolderState:
        if self.selected == folder and self._readonly == readonly:
            self._run("NOOP", self._conn.noop)  # refresh EXISTS and friends
        self._conn.untagged_responses.clear()
        data = self._run(f"SELECT {folder}",
                         lambda: self._conn.select(quote(folder), readonly=readonly))
        self.selected, self._readonly = folder, readonly
        codes: dict[bytes, bytes] = {}
        for line in self._untagged("OK"):
            if m := _CODE.search(line):
                codes[m.group(1)] = m.group(2)
        flags = codes.get(b"PERMANENTFLAGS", b"").strip(b"()")
        return FolderState(
            uidvalidity=int(codes.get(b"UIDVALIDITY", b"0") or 0),
            uidnext=int(codes.get(b"UIDNEXT", b"0") or 0),
            exists=int(data[0] or 0) if data and isinstance(data[0], bytes) else 0,
            highestmodseq=int(codes.get(b"HIGHESTMODSEQ", b"0") or 0),
            permanent_flags=_decode_flags(flags),
        )

    def state(self, folder: str) -> FolderState:
        """A fresh view of ``folder`` (re-selected read-only)."""
        self.selected = None
        return self.select(folder, readonly=True)

    # -- reading -------------------------------------------------------------
    def search(self, *criteria: str) -> list[int]:
        data = self._run("SEARCH", lambda: self._conn.uid("SEARCH", *criteria))
        words = b" ".join(d for d in data if isinstance(d, bytes)).split()
        return [int(w) for w in words if w.isdigit()]

    def fetch(self, uids: Iterable[int] | str, items: str,
              changed_since: int | None = None) -> list[FetchItem]:
        command = _fetch_command(uids, items, changed_since)
        if command is None:
            return []
        if self._ahead is not None and self._ahead[1] == command:
            tag, _ = self._ahead
            self._ahead = None
        else:
            self._settle()
            tag = self._send(command)
        return self._read_fetch(tag)

    def fetch_ahead(self, uids: Iterable[int], items: str) -> None:
        """Send this FETCH now; a later ``fetch`` of the very same reads its answer.

        Meanwhile the server reads the mail and fills the socket buffers, so the
        time we spend parsing and storing the current batch hides its work.
        """
        command = _fetch_command(uids, items, None)
        self._settle()
        if command is not None:
            self._ahead = (self._send(command), command)

    def _settle(self) -> None:
        """Read and drop the answer of a FETCH sent ahead that nobody asked for."""
        if self._ahead is not None:
            tag, _ = self._ahead
            self._ahead = None
            self._read_fetch(tag)

    def _send(self, command: str) -> bytes:
        tag = _TAG + str(next(self._tags)).encode()
        try:
            self._conn.send(tag + b" " + command.encode() + b"\r\n")
        except OSError as exc:
            raise explain_network_error(exc, self._endpoint) from None
        return tag

    def _read_fetch(self, tag: bytes) -> list[FetchItem]:
        """The FETCH responses up to ``tag``'s completion, each literal taken in one read.

        Other untagged responses (EXISTS, EXPUNGE, …) are skipped: nothing here
        uses them, and every SELECT asks afresh.
        """
        readline, read = self._conn.readline, self._conn.read
        done = tag + b" "
        items: list[FetchItem] = []
        try:
            while True:
                line = readline()
                if not line:
                    raise EOFError("the server closed the connection")
                if line.startswith(done):
                    status = line[len(done):].strip()
                    if not status.startswith(b"OK"):
                        raise TemporaryError("the mail server refused FETCH"
                                             f" ({status.decode(errors='replace')})")
                    return items
                if not line.startswith(b"* "):
                    raise TemporaryError("the mail server sent something unexpected"
                                         f" ({line[:80].decode(errors='replace')!r})")
                if line.startswith(b"* BYE"):
                    raise TemporaryError("the mail server dropped the connection"
                                         f" ({line.decode(errors='replace').strip()})")
                item = FetchItem() if _FETCH_RESPONSE.match(line) else None
                head = line
                while m := _LITERAL.search(line):
                    size = int(m.group(1))
                    literal = read(size)
                    if len(literal) != size:
                        raise EOFError("the server closed the connection")
                    if item is not None:
                        item.body = literal
                    line = readline()
                    head += line
                if item is not None:
                    _fill(item, head)
                    if item.uid:
                        items.append(item)
        except (OSError, EOFError, imaplib.IMAP4.error) as exc:
            raise explain_network_error(exc, self._endpoint) from None

    # -- writing -------------------------------------------------------------
    def append(self, folder: str, flags: Sequence[str], raw: bytes) -> None:
        flag_list = "(" + " ".join(flags) + ")"
        self._run(f"APPEND to {folder}",
                  lambda: self._conn.append(quote(folder), flag_list, None, raw))

    def store(self, uids: Iterable[int], op: str, flags: Sequence[str]) -> None:
        spec = uid_set(uids)
        if spec:
            self._run("STORE", lambda: self._conn.uid("STORE", spec, op,
                                                      "(" + " ".join(flags) + ")"))

    def move(self, uids: Iterable[int], folder: str) -> None:
        wanted = sorted(set(uids))
        if not wanted:
            return
        spec = uid_set(wanted)
        if "MOVE" in self.capabilities:
            self._run("MOVE", lambda: self._conn.uid("MOVE", spec, quote(folder)))
            return
        self._run("COPY", lambda: self._conn.uid("COPY", spec, quote(folder)))
        self.store(wanted, "+FLAGS", ["\\Deleted"])
        self.expunge_uids(spec)

    def expunge_uids(self, spec: str) -> None:
        if "UIDPLUS" in self.capabilities:
            self._run("EXPUNGE", lambda: self._conn.uid("EXPUNGE", spec))
        else:
            self._run("EXPUNGE", self._conn.expunge)

    def abort(self) -> None:
        """Drop a broken connection without the LOGOUT a hung server would not answer."""
        with contextlib.suppress(Exception):
            self._conn.shutdown()

    def close(self) -> None:
        try:
            self._settle()
            self._conn.logout()
        except Exception:  # closing a broken connection must not raise
            with contextlib.suppress(Exception):
                self._conn.shutdown()
