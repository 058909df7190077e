"""A real feed server per test, and a feed account in a real store to poll into."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from app.records import Batch
from app.store import ops, queries
from app.store.database import Store
from app.store.ingest import IngestResult, apply_batch
from app.store.queries import ConversationFilter, View
from services.feeds.adapter import FeedChannel
from tests.conftest import FakeClock
from tests.services.feeds.server import FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    server.start()
    yield server
    server.close()


@dataclass
class FeedAccount:
    """A feed account and the loop the sync engine runs: pull, then apply with cursors."""

    store: Store
    clock: FakeClock
    account_id: int
    workspace_id: int
    settings: dict[str, Any]

    def channel(self, **kwargs: Any) -> FeedChannel:
        return FeedChannel.from_settings(self.settings, clock=self.clock,
                                         reader=self.store.reader, **kwargs)

    def pull(self, **kwargs: Any) -> Batch:
        channel = self.channel(**kwargs)
        try:
            return channel.pull(queries.cursors(self.store.reader(), self.account_id))
        finally:
            channel.close()

    def poll(self, **kwargs: Any) -> IngestResult:
        return apply_batch(self.store, self.account_id, self.pull(**kwargs))

    def listening(self) -> list[queries.ConversationRow]:
        conn = self.store.reader()
        ids = queries.conversation_ids(conn, ConversationFilter(
            workspace_id=self.workspace_id, stream="listening", view=View.ALL))
        rows = queries.conversation_rows(conn, ids)
        return sorted(rows.values(), key=lambda r: r.id)

    def messages(self) -> list[tuple[str, str, str, int, str]]:
        """(remote_id, subject, text, sent_at, link) of every stored message, by id."""
        return [(r[0], r[1], r[2], r[3], r[4] or "") for r in self.store.reader().execute(
            "SELECT remote_id, subject, text, sent_at, json_extract(meta, '$.link')"
            " FROM message WHERE account_id = ? ORDER BY id", (self.account_id,))]


@pytest.fixture
def make_account(store: Store, clock: FakeClock) -> Any:
    def make(url: str, **settings: Any) -> FeedAccount:
        ws = ops.create_workspace(store, "Bäckerei Sonnenschein")
        full = {"url": url, **settings}
        acc = ops.create_account(store, ws, "feed", "Forum", url, full)
        return FeedAccount(store, clock, acc, ws, full)

    return make
