"""IMAP IDLE (RFC 2177): block until the selected folder changes, or a timeout.

The stdlib ``imaplib`` (before 3.14) has no IDLE, so this speaks it on the
session's connection: ``TAG IDLE``, wait for an untagged EXISTS, EXPUNGE,
FETCH or VANISHED, then ``DONE`` and the tagged answer. Waiting uses
``select`` plus a non-blocking look into imaplib's read buffer, never a
socket timeout: a timed-out socket file cannot be read again, and a line the
buffer already holds must not wait for the next packet. A server may end an
IDLE after 30 minutes, so callers re-issue it within ``RENEW`` seconds.

Errors are the connection's own (``OSError``, ``EOFError``, ``imaplib``'s):
the adapter decides that a broken IDLE means "go and look".
"""

from __future__ import annotations

import imaplib
import itertools
import re
import select
import ssl
import time
from typing import BinaryIO, cast

__all__ = ["RENEW", "idle"]

RENEW = 25 * 60.0  # re-issue well before the 29 minutes RFC 2177 allows
_CHANGE = re.compile(rb"^\* (?:\d+ (?:EXISTS|EXPUNGE|FETCH)|VANISHED)\b", re.IGNORECASE)
_tags = itertools.count(1)
_EMPTY_READS = 3  # "readable" yet nothing to read this often in a row: the peer closed


def _is_change(line: bytes) -> bool:
    return bool(_CHANGE.match(line))


def _buffered(conn: imaplib.IMAP4) -> bool:
    """Whether a line (or part of one) can be read without waiting."""
    sock = conn.sock
    timeout = sock.gettimeout()
    sock.settimeout(0)
    try:
        return bool(cast(BinaryIO, conn.file).peek(1))  # type: ignore[attr-defined]
    except (BlockingIOError, ssl.SSLWantReadError):
        return False
    finally:
        sock.settimeout(timeout)


def _wait_readable(conn: imaplib.IMAP4, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    empty = 0
    while True:
        if _buffered(conn):
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        ready, _, _ = select.select([conn.sock], [], [], remaining)
        if ready:
            # TLS housekeeping (session tickets) wakes select without a byte of IMAP.
            empty += 1
            if empty > _EMPTY_READS:
                raise EOFError("the mail server closed the connection")


def _readline(conn: imaplib.IMAP4) -> bytes:
    line = conn.readline()
    if not line:
        raise EOFError("the mail server closed the connection")
    return line


def idle(conn: imaplib.IMAP4, seconds: float) -> bool:
    """One IDLE of at most ``seconds``; True when the server reported a change."""
    tag = b"idle%d" % next(_tags)
    conn.send(tag + b" IDLE\r\n")
    changed = False
    while True:  # untagged news may come before the continuation
        line = _readline(conn)
        if line.startswith(b"+"):
            break
        if line.startswith(tag + b" "):
            raise imaplib.IMAP4.error(f"IDLE refused: {line.decode(errors='replace')}")
        changed |= _is_change(line)
    deadline = time.monotonic() + seconds
    while not changed:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not _wait_readable(conn, remaining):
            break
        changed = _is_change(_readline(conn))
    conn.send(b"DONE\r\n")
    while True:
        line = _readline(conn)
        if line.startswith(tag + b" "):
            if not line[len(tag) + 1:].upper().startswith(b"OK"):
                raise imaplib.IMAP4.error(f"IDLE failed: {line.decode(errors='replace')}")
            return changed
        changed |= _is_change(line)
