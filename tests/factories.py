"""Small builders for realistic test data through the real write path."""

from __future__ import annotations

import itertools

from app.records import Batch, Direction, IncomingMessage, Stream
from app.store import ops
from app.store.database import Store
from app.store.ingest import IngestResult, apply_batch

_ids = itertools.count(1)


HOSTILE_HTML = ('<p onclick="x()">Frische <b>Brezeln</b><img src="http://127.0.0.1/px.gif">'
                '<script>steal()</script></p>')
"""Markup a sanitizer must strip: an event handler, a tracking pixel, a script."""


def incoming(thread: str, text: str, *, sent_at: int, author: str = "Anna Becker",
             handle: str = "anna@example.org", subject: str = "Bestellung",
             direction: Direction = Direction.IN, stream: Stream = Stream.DIRECT,
             remote_id: str | None = None, parents: tuple[str, ...] = (),
             read: bool = False, html: str | None = None) -> IncomingMessage:
    return IncomingMessage(
        remote_id=remote_id or f"<m{next(_ids)}@example.org>", thread_key=thread,
        stream=stream, direction=direction, author_name=author, author_handle=handle,
        sent_at=sent_at, subject=subject, text=text, html=html, parent_ids=parents, read=read,
        contact_handle=handle, contact_name=author,
    )


def workspace_with_account(store: Store, name: str = "Bäckerei Sonnenschein",
                           kind: str = "demo", identity: str = "hallo@sonnenschein.example"
                           ) -> tuple[int, int]:
    ws = ops.create_workspace(store, name, "de")
    acc = ops.create_account(store, ws, kind, name, identity)
    return ws, acc


def ingest(store: Store, account_id: int, *messages: IncomingMessage,
           cursors: dict[str, str] | None = None) -> IngestResult:
    return apply_batch(store, account_id, Batch(messages=messages, cursors=cursors or {}))
