"""The thread view sanitizes stored HTML: the store keeps what the channel sent."""

from __future__ import annotations

from app.store import queries
from app.store.database import Store
from tests.factories import HOSTILE_HTML, incoming, ingest, workspace_with_account
from ui.widgets.thread_html import render_thread


def test_hostile_html_is_rendered_sanitized(store: Store) -> None:
    _, acc = workspace_with_account(store)
    ingest(store, acc, incoming("t", "", sent_at=store.clock(), html=HOSTILE_HTML))
    document = render_thread(queries.conversation_detail(store.reader(), 1), {})
    assert "Frische <b>Brezeln</b>" in document
    for hostile in ("onclick", "<script", "steal()", "<img", "px.gif"):
        assert hostile not in document, hostile
