"""Hostile or broken servers: each is refused with a clear message, quickly, without
holding more than the size limit in memory, and without touching the store."""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc
from typing import Any

import pytest

from services.channel import PermanentError, TemporaryError
from tests.services.feeds.samples import RSS
from tests.services.feeds.server import FeedServer, Route

pytestmark = pytest.mark.integration

TWENTY_MB = 20 * 1024 * 1024


@pytest.mark.parametrize("announce", [True, False], ids=["content-length", "no-length"])
def test_twenty_megabytes_are_refused_without_reading_them(feed_server: FeedServer,
                                                           make_account: Any,
                                                           announce: bool) -> None:
    url = feed_server.serve("/huge", Route(generate_bytes=TWENTY_MB, announce_length=announce))
    acc = make_account(url)

    tracemalloc.start()
    try:
        with pytest.raises(PermanentError, match=r"larger than 5 MB"):
            acc.pull()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 8_000_000
    assert acc.listening() == []


def test_a_gzip_bomb_is_refused_by_its_unpacked_size(feed_server: FeedServer,
                                                     make_account: Any) -> None:
    bomb = gzip.compress(b"<rss>" + b" " * (50 * 1024 * 1024))
    url = feed_server.serve("/bomb", Route(bomb, headers={"Content-Encoding": "gzip"}))
    acc = make_account(url)

    tracemalloc.start()
    try:
        with pytest.raises(PermanentError, match="larger than"):
            acc.pull()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(bomb) < 100_000 and peak < 8_000_000


def test_a_gzipped_feed_is_read(feed_server: FeedServer, make_account: Any) -> None:
    acc = make_account(feed_server.serve("/z.rss", Route(RSS.encode(), gzip=True)))

    acc.poll()

    assert feed_server.hits("/z.rss")[0].headers["accept-encoding"] == "gzip"
    assert len(acc.listening()) == 2


def test_a_redirect_loop_is_refused(feed_server: FeedServer, make_account: Any) -> None:
    feed_server.serve("/a", Route(redirect_to=feed_server.url("/b")))
    url = feed_server.serve("/b", Route(redirect_to="/a", status=307))
    acc = make_account(url)

    with pytest.raises(PermanentError, match="redirects in a loop") as caught:
        acc.pull()

    assert feed_server.url("/a") in str(caught.value)
    assert len(feed_server.requests) == 2


def test_too_many_redirects_are_refused(feed_server: FeedServer, make_account: Any) -> None:
    for n in range(10):
        feed_server.serve(f"/r{n}", Route(redirect_to=f"/r{n + 1}"))
    acc = make_account(feed_server.url("/r0"))

    with pytest.raises(PermanentError, match="redirects more than 5 times"):
        acc.pull()

    assert len(feed_server.requests) == 6


def test_a_redirect_to_a_local_file_is_refused(feed_server: FeedServer,
                                               make_account: Any) -> None:
    url = feed_server.serve("/evil", Route(redirect_to="file:///etc/passwd"))
    with pytest.raises(PermanentError, match="not a web address"):
        make_account(url).pull()


def test_a_server_that_hangs_times_out_within_the_limit(feed_server: FeedServer,
                                                        make_account: Any) -> None:
    url = feed_server.serve("/hang", Route(RSS.encode(), stall=30))
    acc = make_account(url, timeout=0.5)

    started = time.monotonic()
    with pytest.raises(TemporaryError, match=r"did not deliver the feed within 0.5 s"):
        acc.pull()

    assert time.monotonic() - started < 1.5


def test_a_server_that_trickles_is_cut_off_at_the_deadline(feed_server: FeedServer,
                                                           make_account: Any) -> None:
    url = feed_server.serve("/slow", Route(RSS.encode(), trickle=0.05))
    acc = make_account(url, timeout=0.6)

    started = time.monotonic()
    with pytest.raises(TemporaryError, match="did not deliver"):
        acc.pull()

    assert time.monotonic() - started < 1.5
    assert acc.listening() == []


def test_nobody_listening_is_a_temporary_error(make_account: Any) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    acc = make_account(f"http://127.0.0.1:{port}/feed")

    with pytest.raises(TemporaryError, match=r"could not reach 127\.0\.0\.1"):
        acc.pull()


@pytest.mark.parametrize("status, kind, text", [
    (401, PermanentError, "refuses access"),
    (410, PermanentError, "gone"),
    (500, TemporaryError, "HTTP 500"),
    (418, PermanentError, "HTTP 418"),
])
def test_other_statuses(feed_server: FeedServer, make_account: Any, status: int,
                        kind: type[Exception], text: str) -> None:
    url = feed_server.serve("/s", Route(b"no", "text/plain", status=status))
    with pytest.raises(kind, match=text):
        make_account(url).pull()
