"""Each feed format, served by a real HTTP server, ends up as Listening conversations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.store import queries
from services.channel import PermanentError
from tests.services.feeds.samples import ATOM_COMMENTS, JSON_ITEMS, RSS, item, json_feed, rss
from tests.services.feeds.server import FeedServer, Route

pytestmark = pytest.mark.integration


def _ts(text: str) -> int:
    return int(datetime.fromisoformat(text).astimezone(UTC).timestamp())


def test_rss_entries_become_listening_conversations(feed_server: FeedServer,
                                                    make_account: Any) -> None:
    url = feed_server.serve("/search.rss", Route(RSS.encode()))
    acc = make_account(url)

    result = acc.poll()

    assert result.inserted == 2
    rows = acc.listening()
    assert [r.subject for r in rows] == ["Beste Brötchen bei Sonnenschein?",
                                         "Öffnungszeiten am Sonntag"]
    assert all(r.stream == "listening" and r.status == "open" and r.unread for r in rows)
    assert rows[0].contact == "Anna Becker"
    assert rows[0].snippet == "Hat jemand die Dinkelbrötchen probiert?"
    assert acc.messages()[0] == ("forum-post-42", "Beste Brötchen bei Sonnenschein?",
                                 "Hat jemand die Dinkelbrötchen probiert?",
                                 _ts("2025-01-06T09:30:00+01:00"), "https://forum.example/t/42")
    detail = queries.conversation_detail(acc.store.reader(), rows[0].id)
    assert detail.messages[0].direction == "in"
    assert "<b>Dinkelbrötchen</b>" in (detail.messages[0].html or "")


def test_atom_comments_are_grouped_under_their_post(feed_server: FeedServer,
                                                   make_account: Any) -> None:
    url = feed_server.serve("/comments.atom", Route(ATOM_COMMENTS.encode(),
                                                    "application/atom+xml"))
    acc = make_account(url)

    acc.poll()

    rows = acc.listening()
    assert len(rows) == 1
    assert rows[0].subject == "Unser Sonnenschein-Brot"
    assert rows[0].message_count == 3
    messages = acc.messages()
    assert [m[0] for m in messages] == ["urn:uuid:post-1", "urn:uuid:comment-1",
                                        "urn:uuid:comment-2"]
    # Relative links resolve against xml:base, in the entry link and in the body.
    assert messages[0][4] == "https://blog.example/2025/sonnenschein-brot.html"
    assert messages[1][4] == "https://blog.example/2025/sonnenschein-brot.html#c1"
    detail = queries.conversation_detail(acc.store.reader(), rows[0].id)
    assert 'href="https://blog.example/rezepte/1"' in (detail.messages[0].html or "")
    assert [m.author_name for m in detail.messages] == ["Clara", "Dora", "Emil"]


def test_comment_arriving_before_its_post_still_joins_it(feed_server: FeedServer,
                                                         make_account: Any) -> None:
    comment_only = ATOM_COMMENTS.replace("<id>urn:uuid:post-1</id>", "<id>urn:uuid:hidden</id>")
    url = feed_server.serve("/c.atom", Route(comment_only.encode(), "application/atom+xml"))
    acc = make_account(url, keywords=["salzig"])
    acc.poll()
    assert [r.subject for r in acc.listening()] == ["Kommentar von Emil"]

    feed_server.routes["/c.atom"] = Route(ATOM_COMMENTS.encode(), "application/atom+xml")
    acc.settings["keywords"] = []
    acc.poll(force=True)

    rows = acc.listening()
    assert len(rows) == 1 and rows[0].message_count == 3


def test_wordpress_comment_feed_groups_by_post(feed_server: FeedServer,
                                               make_account: Any) -> None:
    body = rss(item("Kommentar zu Brot von Ida", "Lecker", guid="https://b.example/?p=7#comment-1",
                    link="https://b.example/brot/#comment-1",
                    date="Mon, 06 Jan 2025 10:00:00 GMT")
               + item("Kommentar zu Brot von Jan", "Auch lecker",
                      guid="https://b.example/?p=7#comment-2",
                      link="https://b.example/brot/#comment-2",
                      date="Mon, 06 Jan 2025 11:00:00 GMT"))
    acc = make_account(feed_server.serve("/comments/feed", Route(body.encode())))

    acc.poll()

    rows = acc.listening()
    assert len(rows) == 1 and rows[0].message_count == 2


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_json_feed(feed_server: FeedServer, make_account: Any, version: str) -> None:
    url = feed_server.serve("/feed.json", Route(json_feed(JSON_ITEMS, version),
                                                "application/feed+json"))
    acc = make_account(url)

    acc.poll()

    rows = acc.listening()
    assert [r.subject for r in rows] == ["5 Sterne für Sonnenschein", "Zu teuer"]
    assert [r.contact for r in rows] == ["Frieda", "Gustav"]
    assert acc.messages() == [
        ("r-1", "5 Sterne für Sonnenschein", "Sehr freundlich",
         _ts("2025-03-01T12:00:00+01:00"), feed_server.url("/bewertung/1")),
        ("r-2", "Zu teuer", "Die Brezeln kosten zu viel.", _ts("2025-03-02T08:00:00+00:00"),
         "https://reviews.example/bewertung/2"),
    ]


def test_json_feed_with_wrong_types_keeps_the_good_parts(feed_server: FeedServer,
                                                         make_account: Any) -> None:
    items: list[Any] = [
        "not an object",
        {"id": 17, "title": ["no"], "content_text": "Nummer als id", "url": 5,
         "date_published": "gestern", "authors": "Hanna"},
        {"id": "ok", "title": "Gut", "content_text": "Alles gut"},
    ]
    acc = make_account(feed_server.serve("/f.json", Route(json_feed(items), "application/json")))

    acc.poll()

    assert [(m[0], m[1], m[2], m[4]) for m in acc.messages()] == [
        ("17", "Nummer als id", "Nummer als id", ""), ("ok", "Gut", "Alles gut", "")]
    assert all(m[3] == acc.clock.now for m in acc.messages())  # undated: first seen


@pytest.mark.parametrize("body, expected", [
    (b"<html><body><h1>Willkommen</h1></body></html>", "does not serve an RSS, Atom or JSON"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "no list of items"),
    (b'{"hello": "world"}', "not a JSON Feed"),
    (b'{"version": ', "not valid JSON"),
])
def test_a_document_that_is_no_feed_is_refused_clearly(feed_server: FeedServer,
                                                       make_account: Any, body: bytes,
                                                       expected: str) -> None:
    ctype = "application/json" if body.startswith(b"{") else "text/html"
    acc = make_account(feed_server.serve("/x", Route(body, ctype)))

    with pytest.raises(PermanentError, match=expected):
        acc.pull()


def test_feed_without_ids_is_deduplicated_by_link_and_title(feed_server: FeedServer,
                                                            make_account: Any) -> None:
    body = rss(item("Erster", "eins", link="https://forum.example/1")
               + item("Zweiter", "zwei", link="https://forum.example/2")
               + item("Ohne Link", "drei"))
    acc = make_account(feed_server.serve("/noid.rss", Route(body.encode())))

    first = acc.poll()
    acc.clock.advance(3600)
    second = acc.poll()
    with acc.store.write() as conn:  # even with the adapter's memory gone, ids are stable
        conn.exec_driver_sql("DELETE FROM sync_cursor")
    third = acc.poll()

    assert first.inserted == 3
    assert (second.inserted, second.updated) == (0, 0)
    assert (third.inserted, third.unchanged) == (0, 3)
    ids = [m[0] for m in acc.messages()]
    assert len(set(ids)) == 3 and all(i.startswith("tresen-feed:") for i in ids)
    assert len(acc.listening()) == 3


def test_relative_links_resolve_against_the_feed_address(feed_server: FeedServer,
                                                         make_account: Any) -> None:
    body = rss(item("Relativ", "x", link="/t/9", guid="a")
               + item("Ohne Slash", "y", link="t/10", guid="b")
               + item("Gefährlich", "z", link="javascript:alert(1)", guid="c"))
    url = feed_server.serve("/feeds/forum.rss", Route(body.encode()))
    acc = make_account(url)

    acc.poll()

    assert [m[4] for m in acc.messages()] == [feed_server.url("/t/9"),
                                              feed_server.url("/feeds/t/10"), ""]


def test_html_in_titles_is_stripped(feed_server: FeedServer, make_account: Any) -> None:
    body = rss(item("Neu: &lt;b&gt;Dinkel&lt;/b&gt; &amp;amp; Roggen", guid="a")
               + item("&amp;lt;i&amp;gt;Doppelt&amp;lt;/i&amp;gt; escaped", guid="b")
               + item("<![CDATA[<script>alert(1)</script>Sauber]]>", guid="c")
               + item("5 &lt; 6 Brötchen", guid="d"))
    acc = make_account(feed_server.serve("/t.rss", Route(body.encode())))

    acc.poll()

    assert [r.subject for r in acc.listening()] == [
        "Neu: Dinkel & Roggen", "Doppelt escaped", "Sauber", "5 < 6 Brötchen"]


@pytest.mark.parametrize("declared, sent, header", [
    ("ISO-8859-1", "utf-8", "application/rss+xml"),
    ("UTF-8", "latin-1", "application/rss+xml"),
    ("UTF-8", "utf-8", "text/xml; charset=ISO-8859-1"),
    ("windows-1252", "cp1252", "application/rss+xml"),
])
def test_wrong_declared_encoding_still_reads(feed_server: FeedServer, make_account: Any,
                                             declared: str, sent: str, header: str) -> None:
    body = rss(item("Brötchen für Jürgen", "Süße Grüße aus Köln", guid="g"), encoding=declared)
    acc = make_account(feed_server.serve("/enc.rss", Route(body.encode(sent), header)))

    acc.poll()

    assert acc.messages()[0][1:3] == ("Brötchen für Jürgen", "Süße Grüße aus Köln")
