"""The feed channel behind the ``Channel`` protocol: sending, settings, and a real engine run."""

from __future__ import annotations

from typing import Any

import pytest

from app.store import ops, outbox
from app.store.queries import AccountInfo
from services.channel import Channel, PermanentError
from services.feeds.adapter import FeedChannel
from services.sync import SyncEngine
from tests.services.feeds.samples import RSS
from tests.services.feeds.server import FeedServer, Route

pytestmark = pytest.mark.integration


def test_it_is_a_channel_that_cannot_reply(feed_server: FeedServer, make_account: Any) -> None:
    channel = make_account(feed_server.url("/f")).channel()
    assert isinstance(channel, Channel)
    assert channel.capabilities.replies is False
    channel.close()


def test_a_reply_is_refused_with_the_link_to_answer_at(feed_server: FeedServer,
                                                      make_account: Any) -> None:
    acc = make_account(feed_server.serve("/f.rss", Route(RSS.encode())))
    acc.poll()
    conv = acc.listening()[0].id
    ops.reply(acc.store, conv, "Danke für das Lob!")
    item = next(i for i in outbox.list_outbox(acc.store.reader()) if i.kind == "reply")
    channel = acc.channel()

    with pytest.raises(PermanentError, match=r"Open the entry in the browser.*"
                                             r"https://forum\.example/t/42"):
        channel.send(item)

    assert channel.was_delivered(item) is False
    channel.close()


def test_labels_done_and_read_state_are_local_and_succeed(feed_server: FeedServer,
                                                          make_account: Any) -> None:
    acc = make_account(feed_server.serve("/f.rss", Route(RSS.encode())))
    acc.poll()
    conv = acc.listening()[0].id
    ops.set_label(acc.store, conv, "Lob")
    ops.mark_done(acc.store, conv)
    ops.set_read(acc.store, conv, True)
    items = outbox.list_outbox(acc.store.reader())
    channel = acc.channel()

    results = [channel.send(item) for item in items]

    assert {i.kind for i in items} >= {"label", "archive", "read"}
    assert all(r.remote_id is None for r in results)
    assert all(channel.was_delivered(i) for i in items)
    assert len(feed_server.requests) == 1  # only the poll: nothing was sent anywhere
    channel.close()


@pytest.mark.parametrize("settings, message", [
    ({}, "url is missing"),
    ({"url": "file:///etc/passwd"}, "http:// or https://"),
    ({"url": "https://x.example/f", "interval_minutes": 1}, "at least 15"),
    ({"url": "https://x.example/f", "keywords": "Sonnenschein"}, "list of words"),
    ({"url": "https://x.example/f", "timeout": "soon"}, "timeout must be a number"),
])
def test_wrong_settings_are_a_clear_permanent_error(settings: dict[str, object],
                                                    message: str) -> None:
    with pytest.raises(PermanentError, match=message):
        FeedChannel.from_settings(settings)


def test_the_sync_engine_drives_it(feed_server: FeedServer, make_account: Any) -> None:
    url = feed_server.serve("/f.rss", Route(RSS.encode(), etag='"e"'))
    acc = make_account(url)

    def factory(account: AccountInfo) -> Channel:
        return FeedChannel.from_settings(account.settings, clock=acc.clock,
                                         reader=acc.store.reader)

    engine = SyncEngine(acc.store, factory, clock=acc.clock)
    first = engine.run_once().accounts[0]
    acc.clock.advance(60)
    soon = engine.run_once().accounts[0]
    acc.clock.advance(15 * 60)
    later = engine.run_once().accounts[0]

    assert (first.error, first.inserted) == ("", 2)
    assert (soon.error, soon.inserted) == ("", 0)
    assert (later.error, later.inserted, later.updated) == ("", 0, 0)
    assert [h.headers.get("if-none-match") for h in feed_server.hits("/f.rss")] == [None, '"e"']
    assert len(acc.listening()) == 2
