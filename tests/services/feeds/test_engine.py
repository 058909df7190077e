"""Feeds through the real sync engine and CLI: polled on 'sync --once', replies refused."""

from __future__ import annotations

from pathlib import Path

from app.cli import main
from app.paths import DataPaths
from app.store import ops, outbox, queries
from app.store.database import open_store
from tests.services.feeds.samples import item, rss
from tests.services.feeds.server import FeedServer, Route


def test_sync_once_polls_a_feed_and_a_reply_is_refused_with_its_link(
        tmp_path: Path, feed_server: FeedServer) -> None:
    url = feed_server.serve("/forum.rss", Route(body=rss(item(
        "Bäckerei Sonnenschein hat die besten Brezeln", "Stimmt!",
        link="https://forum.example/t/42", guid="t42")).encode(), etag='"v1"'))
    store = open_store(DataPaths(tmp_path).store)
    ws = ops.create_workspace(store, "Bäckerei")
    acc = ops.create_account(store, ws, "feed", "Forum", url,
                             {"url": url, "interval_minutes": 60})
    store.close()

    assert main(["--data-dir", str(tmp_path), "sync", "--once", "--quiet"]) == 0
    assert main(["--data-dir", str(tmp_path), "sync", "--once", "--quiet"]) == 0
    # The second 'sync now' polls again despite the hour's interval: a conditional GET.
    hits = feed_server.hits("/forum.rss")
    assert len(hits) == 2 and hits[1].headers.get("if-none-match") == '"v1"'

    store = open_store(DataPaths(tmp_path).store)
    [conv] = queries.conversation_ids(store.reader(), queries.ConversationFilter(
        stream="listening", view=queries.View.ALL))
    ops.reply(store, conv, "Danke!")
    store.close()
    assert main(["--data-dir", str(tmp_path), "sync", "--once", "--quiet"]) == 0
    store = open_store(DataPaths(tmp_path).store)
    [item_] = outbox.list_outbox(store.reader(), include_sent=True)
    assert item_.state == "failed" and "https://forum.example/t/42" in item_.last_error
    assert queries.accounts(store.reader())[0].id == acc
    store.close()
