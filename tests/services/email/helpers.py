"""Mail builders and a minimal sync loop (what the engine does) for the email tests."""

from __future__ import annotations

import imaplib
from datetime import UTC, datetime
from email.utils import format_datetime

from app.records import Batch
from app.store.database import Store
from app.store.ingest import IngestResult, apply_batch
from services.email.adapter import EmailChannel

CUSTOMER = "anna@example.org"


def mail(n: int, *, subject: str | None = None, sender: str = CUSTOMER,
         to: str = "hallo@baeckerei.example", refs: str = "", when: int = 1_780_000_000,
         body: str | None = None, message_id: str | None = None) -> bytes:
    headers = [
        f"From: Anna Becker <{sender}>",
        f"To: {to}",
        f"Subject: {subject or f'Bestellung {n}'}",
        f"Date: {format_datetime(datetime.fromtimestamp(when + n, UTC))}",
        f"Message-ID: {message_id or f'<m{n}@example.org>'}",
    ]
    if refs:
        headers += [f"References: {refs}", f"In-Reply-To: {refs.rsplit(maxsplit=1)[-1]}"]
    headers += ["Content-Type: text/plain; charset=utf-8", "", body or f"Nachricht Nummer {n}"]
    return "\r\n".join(headers).encode() + b"\r\n"


def append(client: imaplib.IMAP4, folder: str, *raws: bytes, flags: str = "") -> None:
    """APPEND as another client would; a single MULTIAPPEND-free loop is fast enough."""
    for raw in raws:
        typ, data = client.append(folder, f"({flags})" if flags else None, None, raw)
        assert typ == "OK", data


def sync(channel: EmailChannel, store: Store, account_id: int,
         max_rounds: int = 1000) -> tuple[IngestResult, int]:
    """Pull and apply until the channel says there is no more; returns totals and rounds."""
    total = IngestResult()
    for rounds in range(1, max_rounds + 1):
        cursors = dict(store.reader().execute(
            "SELECT folder, value FROM sync_cursor WHERE account_id = ?", (account_id,)))
        batch: Batch = channel.pull(cursors)
        result = apply_batch(store, account_id, batch)
        total.inserted += result.inserted
        total.updated += result.updated
        total.unchanged += result.unchanged
        total.deleted += result.deleted
        total.flags_changed += result.flags_changed
        if not batch.more:
            return total, rounds
    raise AssertionError("sync did not finish")


def uids_of(client: imaplib.IMAP4, folder: str, message_id: str) -> list[bytes]:
    client.select(folder)
    typ, data = client.uid("SEARCH", "HEADER", "Message-ID", f'"{message_id}"')
    assert typ == "OK"
    return data[0].split()
