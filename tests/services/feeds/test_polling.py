"""Polite polling: conditional GET, intervals, Retry-After, and re-polls that change nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app import __version__
from app.store import ops
from app.store.queries import cursors
from app.store.search import search
from services.channel import PermanentError, TemporaryError
from services.feeds.adapter import CURSOR
from tests.services.feeds.samples import RSS, item, rss
from tests.services.feeds.server import FeedServer, Route

pytestmark = pytest.mark.integration

LAST_MODIFIED = "Mon, 06 Jan 2025 10:00:00 GMT"
FAR_FUTURE = "Fri, 31 Dec 2100 23:59:59 GMT"


def test_etag_is_sent_back_and_304_brings_nothing(feed_server: FeedServer,
                                                  make_account: Any) -> None:
    url = feed_server.serve("/f.rss", Route(RSS.encode(), etag='"v1"'))
    acc = make_account(url)
    acc.poll()

    acc.clock.advance(15 * 60)
    batch = acc.pull()
    result = acc.poll(force=True)

    first, second, third = feed_server.hits("/f.rss")
    assert "if-none-match" not in first.headers
    assert second.headers["if-none-match"] == '"v1"'
    assert third.headers["if-none-match"] == '"v1"'
    assert batch.messages == () and json.loads(batch.cursors[CURSOR])["etag"] == '"v1"'
    assert (result.inserted, result.updated) == (0, 0)
    assert first.headers["user-agent"].startswith(f"Tresen/{__version__}")
    assert len(acc.listening()) == 2


def test_last_modified_is_sent_back(feed_server: FeedServer, make_account: Any) -> None:
    url = feed_server.serve("/f.rss", Route(RSS.encode(), last_modified=LAST_MODIFIED))
    acc = make_account(url)
    acc.poll()
    acc.clock.advance(15 * 60)

    batch = acc.pull()

    assert feed_server.hits("/f.rss")[1].headers["if-modified-since"] == LAST_MODIFIED
    assert batch.messages == ()


def test_interval_is_respected_unless_forced(feed_server: FeedServer,
                                             make_account: Any) -> None:
    url = feed_server.serve("/f.rss", Route(RSS.encode()))
    acc = make_account(url, interval_minutes=30)
    acc.poll()
    channel = acc.channel()
    stored = cursors(acc.store.reader(), acc.account_id)

    acc.clock.advance(29 * 60)
    assert not channel.due(stored, acc.clock.now)
    assert acc.pull().messages == () and len(feed_server.hits("/f.rss")) == 1
    acc.poll(force=True)  # tresen sync --once
    assert len(feed_server.hits("/f.rss")) == 2
    acc.clock.advance(60)
    assert channel.due(stored, acc.clock.now)
    channel.close()


def test_default_interval_is_fifteen_minutes(feed_server: FeedServer,
                                             make_account: Any) -> None:
    acc = make_account(feed_server.serve("/f.rss", Route(RSS.encode())))
    acc.poll()
    acc.clock.advance(14 * 60 + 59)
    acc.poll()
    acc.clock.advance(1)
    acc.poll()

    assert len(feed_server.hits("/f.rss")) == 2


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_handed_to_the_engine(feed_server: FeedServer, make_account: Any,
                                             status: int) -> None:
    url = feed_server.serve("/busy", Route(b"slow down", "text/plain", status=status,
                                           headers={"Retry-After": "120"}))
    acc = make_account(url)

    with pytest.raises(TemporaryError, match=f"HTTP {status}") as caught:
        acc.pull()

    assert caught.value.retry_after == 120
    assert acc.listening() == []


def test_retry_after_as_http_date(feed_server: FeedServer, make_account: Any) -> None:
    url = feed_server.serve("/busy", Route(b"", "text/plain", status=503,
                                           headers={"Retry-After": FAR_FUTURE}))
    with pytest.raises(TemporaryError) as caught:
        make_account(url).pull()
    assert caught.value.retry_after is not None and caught.value.retry_after > 365 * 86_400


def test_gone_feed_is_a_permanent_error(feed_server: FeedServer, make_account: Any) -> None:
    with pytest.raises(PermanentError, match="gone"):
        make_account(feed_server.url("/nothing-here")).pull()


def test_repoll_never_duplicates_and_edits_update_in_place(feed_server: FeedServer,
                                                          make_account: Any) -> None:
    v1 = rss(item("Frage zu Sonnenschein", "Wann habt ihr offen?", guid="p1",
                  date="Mon, 06 Jan 2025 10:00:00 GMT")
             + item("Lob", "Tolle Brezeln", guid="p2", date="Mon, 06 Jan 2025 11:00:00 GMT"))
    v2 = v1.replace("Wann habt ihr offen?", "Wann habt ihr sonntags offen? (bearbeitet)"
                    ).replace("Frage zu Sonnenschein", "Frage zu Sonnenschein (Sonntag)")
    url = feed_server.serve("/f.rss", Route(v1.encode(), etag='"1"'))
    acc = make_account(url)
    acc.poll()
    conv_ids = [r.id for r in acc.listening()]

    feed_server.routes["/f.rss"] = Route(v2.encode(), etag='"2"')
    acc.clock.advance(15 * 60)
    result = acc.poll()
    acc.clock.advance(15 * 60)
    again = acc.poll()

    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 0)
    assert (again.inserted, again.updated) == (0, 0)
    assert [r.id for r in acc.listening()] == conv_ids
    assert [m[2] for m in acc.messages()] == ["Wann habt ihr sonntags offen? (bearbeitet)",
                                              "Tolle Brezeln"]
    assert search(acc.store.reader(), "bearbeitet") == [conv_ids[0]]
    edited = acc.listening()[0]  # the list row follows the edit too
    assert edited.subject == "Frage zu Sonnenschein (Sonntag)"
    assert edited.snippet == "Wann habt ihr sonntags offen? (bearbeitet)"


def test_local_state_survives_repolls(feed_server: FeedServer, make_account: Any) -> None:
    acc = make_account(feed_server.serve("/f.rss", Route(RSS.encode())))
    acc.poll()
    first = acc.listening()[0].id
    ops.set_label(acc.store, first, "Lob")
    ops.mark_done(acc.store, first)
    ops.set_read(acc.store, first, True)

    acc.clock.advance(3600)
    acc.poll()

    row = next(r for r in acc.listening() if r.id == first)
    assert row.status == "done" and not row.unread
    assert [chip.name for chip in row.labels] == ["Lob"]


def test_keywords_filter_case_and_diacritic_insensitively(feed_server: FeedServer,
                                                          make_account: Any) -> None:
    body = rss(item("BÄCKEREI SONNENSCHEIN hat neu eröffnet", guid="a")
               + item("Frage", "War jemand bei Bäckerei Müller?", guid="b")
               + item("Andere Bäckerei", "Nichts Relevantes", guid="c")
               + item("Sonnenschéin mit Akzent", guid="d")
               + item("Mueller ohne Umlaut", guid="e")
               + item("Muller ohne Punkte", guid="f"))
    acc = make_account(feed_server.serve("/f.rss", Route(body.encode())),
                       keywords=["Sonnenschein", "Müller"])

    acc.poll()

    assert [m[0] for m in acc.messages()] == ["a", "b", "d", "e", "f"]


def test_feed_moved_permanently_is_fetched_at_its_new_address(feed_server: FeedServer,
                                                              make_account: Any) -> None:
    new = feed_server.serve("/new.rss", Route(RSS.encode(), etag='"n"'))
    old = feed_server.serve("/old.rss", Route(redirect_to=new, status=301))
    acc = make_account(old)
    acc.poll()
    acc.clock.advance(15 * 60)

    acc.poll()

    assert len(feed_server.hits("/old.rss")) == 1
    assert [h.headers.get("if-none-match") for h in feed_server.hits("/new.rss")] == [None,
                                                                                      '"n"']
    assert len(acc.listening()) == 2


def test_changing_the_address_starts_afresh(feed_server: FeedServer, make_account: Any) -> None:
    acc = make_account(feed_server.serve("/a.rss", Route(RSS.encode(), etag='"a"')))
    acc.poll()
    acc.settings["url"] = feed_server.serve("/b.rss", Route(RSS.encode(), etag='"a"'))

    acc.poll()  # due at once, and without the old address's ETag

    assert feed_server.hits("/b.rss")[0].headers.get("if-none-match") is None
    assert len(acc.listening()) == 2


def test_changing_the_keywords_fetches_in_full_at_once(feed_server: FeedServer,
                                                       make_account: Any) -> None:
    url = feed_server.serve("/f.rss", Route(RSS.encode(), etag='"e"'))
    acc = make_account(url, keywords=["Dinkel"])
    acc.poll()
    acc.settings["keywords"] = ["Dinkel", "sonntags"]

    acc.poll()

    assert [h.headers.get("if-none-match") for h in feed_server.hits("/f.rss")] == [None, None]
    assert [m[0] for m in acc.messages()] == ["forum-post-42", "forum-post-43"]
