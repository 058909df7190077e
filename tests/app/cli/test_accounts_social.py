"""``tresen account add mastodon|feed`` and ``account profile-notice``, against local servers."""

from __future__ import annotations

import io
import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from app.cli import main
from tests.services.feeds.samples import RSS
from tests.services.feeds.server import FeedServer, Route
from tests.services.mastodon.server import TOKEN, FakeMastodon
from tests.services.test_secrets import MemoryKeyring

WEEK = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


@pytest.fixture
def mastodon() -> Iterator[FakeMastodon]:
    server = FakeMastodon().start()
    yield server
    server.stop()


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    server = FeedServer()
    server.start()
    yield server
    server.close()


class Tresen:
    """``tresen --data-dir DIR …`` in-process, with stdin; returns (code, out, err)."""

    def __init__(self, data: Path, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> None:
        self.data, self._monkeypatch, self._capsys = data, monkeypatch, capsys

    def __call__(self, *args: str, stdin: str = "") -> tuple[int, str, str]:
        self._monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        self._capsys.readouterr()
        code = main(["--data-dir", str(self.data), *args])
        out, err = self._capsys.readouterr()
        return code, out, err

    def accounts(self) -> list[dict[str, object]]:
        code, out, _ = self("account", "list", "--json")
        assert code == 0
        return list(json.loads(out))


@pytest.fixture
def tresen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> Tresen:
    run = Tresen(tmp_path / "data", monkeypatch, capsys)
    assert run("workspace", "add", "Bäckerei", "--language", "de")[0] == 0
    return run


def add_mastodon(tresen: Tresen, instance: str, token: str, *extra: str
                 ) -> tuple[int, str, str]:
    return tresen("account", "add", "mastodon", "--workspace", "Bäckerei", "--instance",
                  instance, "--token-stdin", *extra, stdin=token + "\n")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- Mastodon ------------------------------------------------------------------------------
def test_mastodon_token_is_checked_and_kept_in_keyring_only(
        tresen: Tresen, mastodon: FakeMastodon, memory_keyring: MemoryKeyring) -> None:
    code, out, err = add_mastodon(tresen, mastodon.base_url + "/", TOKEN)
    assert code == 0, err
    assert "@baeckerei@127.0.0.1" in out
    [acc] = tresen.accounts()
    assert acc["kind"] == "mastodon" and acc["identity"] == "@baeckerei@127.0.0.1"
    assert acc["name"] == "Bäckerei Sonnenschein"
    assert acc["settings"] == {"instance": mastodon.base_url, "account_id": mastodon.me["id"],
                               "acct": "baeckerei"}
    assert list(memory_keyring.entries.values()) == [TOKEN]
    for path in tresen.data.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path
    assert [r.headers["authorization"] for r in mastodon.requests] == [f"Bearer {TOKEN}"]

    code, _, err = add_mastodon(tresen, mastodon.base_url, TOKEN, "--name", "Zweitkonto")
    assert code == 1 and "already has the account @baeckerei@127.0.0.1" in err
    assert len(tresen.accounts()) == 1


def test_refused_token_and_wrong_servers_are_explained_and_nothing_saved(
        tresen: Tresen, mastodon: FakeMastodon, feeds: FeedServer,
        memory_keyring: MemoryKeyring) -> None:
    code, _, err = add_mastodon(tresen, mastodon.base_url, "revoked-token")
    assert code == 1
    assert "the token was refused" in err and "nothing was saved" in err
    assert err.count("\n") == 1  # one line, no traceback

    code, _, err = add_mastodon(tresen, f"http://127.0.0.1:{closed_port()}", TOKEN)
    assert code == 1 and "could not reach 127.0.0.1" in err

    code, _, err = add_mastodon(tresen, feeds.base, TOKEN)  # a web server, 404 for the API
    assert code == 1 and "does not answer like a Mastodon server" in err
    feeds.serve("/api/v1/accounts/verify_credentials",
                Route(body=b"<html><body>Willkommen</body></html>", content_type="text/html"))
    code, _, err = add_mastodon(tresen, feeds.base, TOKEN)
    assert code == 1 and "does not answer like a Mastodon server" in err

    assert tresen.accounts() == []
    assert memory_keyring.entries == {}


def test_mastodon_input_errors_are_usage_errors(tresen: Tresen, mastodon: FakeMastodon,
                                                memory_keyring: MemoryKeyring) -> None:
    code, _, err = tresen("account", "add", "mastodon", "--workspace", "Bäckerei",
                          "--instance", mastodon.base_url)
    assert code == 2 and "--token-stdin" in err
    code, _, err = add_mastodon(tresen, "http://mastodon.example", TOKEN)
    assert code == 2 and "only https://" in err
    code, _, err = add_mastodon(tresen, mastodon.base_url, "")
    assert code == 2 and "no access token" in err
    assert mastodon.requests == []


def test_without_keyring_the_server_is_not_even_asked(
        tresen: Tresen, mastodon: FakeMastodon) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        code, _, err = add_mastodon(tresen, mastodon.base_url, TOKEN)
    finally:
        keyring.set_keyring(previous)
    assert code == 1 and "keyring" in err and "nothing was saved" in err
    assert mastodon.requests == []


# -- feeds ---------------------------------------------------------------------------------
def test_feed_is_read_once_then_saved_without_a_secret(
        tresen: Tresen, feeds: FeedServer, memory_keyring: MemoryKeyring) -> None:
    url = feeds.serve("/search.rss", Route(body=RSS.encode(), etag='"v1"'))
    code, out, err = tresen("account", "add", "feed", "--workspace", "Bäckerei", "--url", url,
                            "--keyword", "Sonnenschein", "--interval", "30")
    assert code == 0, err
    assert "1 entry now" in out  # one of the two entries mentions Sonnenschein
    [acc] = tresen.accounts()
    assert acc["kind"] == "feed" and acc["identity"] == url and acc["name"] == "127.0.0.1"
    settings = acc["settings"]
    assert isinstance(settings, dict)
    assert (settings["url"], settings["keywords"], settings["interval_minutes"]) == \
        (url, ["Sonnenschein"], 30)
    assert memory_keyring.entries == {}

    code, out, err = tresen("sync", "--once", "--quiet")  # the account really syncs
    assert code == 0, err
    assert "1 new" in out

    code, _, err = tresen("account", "add", "feed", "--workspace", "Bäckerei", "--url", url)
    assert code == 1 and "already has the account" in err


def test_feed_refusals_are_clear_and_save_nothing(tresen: Tresen, feeds: FeedServer) -> None:
    page = feeds.serve("/index.html", Route(body=b"<html><body>Forum</body></html>",
                                            content_type="text/html"))
    add = ("account", "add", "feed", "--workspace", "Bäckerei", "--url")
    code, _, err = tresen(*add, page)
    assert code == 1 and "does not serve an RSS, Atom or JSON feed" in err
    assert "nothing was saved" in err
    code, _, err = tresen(*add, feeds.url("/gone.rss"))
    assert code == 1 and "could not read a feed" in err
    code, _, err = tresen(*add, "ftp://forum.example/feed")
    assert code == 2 and "--url must be an http:// or https://" in err
    code, _, err = tresen(*add, feeds.url("/search.rss"), "--interval", "2")
    assert code == 2 and "--interval must be at least 15" in err
    assert tresen.accounts() == []
    assert [r.path for r in feeds.requests] == ["/index.html", "/gone.rss"]


# -- profile notice ------------------------------------------------------------------------
def test_profile_notice_on_shows_the_hours_and_off_removes_the_field(
        tresen: Tresen, mastodon: FakeMastodon, memory_keyring: MemoryKeyring,
        tmp_path: Path) -> None:
    mastodon.profile_fields = [{"name": "Website", "value": "https://baeckerei.example"}]
    assert add_mastodon(tresen, mastodon.base_url, TOKEN)[0] == 0
    code, _, err = tresen("account", "profile-notice", "@baeckerei@127.0.0.1", "on")
    assert code == 1 and "no opening hours" in err
    assert len(mastodon.profile_fields) == 1

    hours = tmp_path / "hours.json"
    hours.write_text(json.dumps({"timezone": "Europe/Berlin", "hours": WEEK}))
    assert tresen("availability", "set", "--workspace", "Bäckerei", "--from-file",
                  str(hours))[0] == 0
    code, out, err = tresen("account", "profile-notice", "@baeckerei@127.0.0.1", "on")
    assert code == 0, err
    assert "Erreichbarkeit: Mo–Fr 9:00–17:00 (Europe/Berlin)" in out
    assert mastodon.profile_fields[1] == {"name": "Erreichbarkeit",
                                          "value": "Mo–Fr 9:00–17:00 (Europe/Berlin)"}

    [acc] = tresen.accounts()
    code, out, err = tresen("account", "profile-notice", str(acc["id"]), "off")
    assert code == 0, err
    assert mastodon.profile_fields == [{"name": "Website", "value": "https://baeckerei.example"}]
    [acc] = tresen.accounts()
    settings = acc["settings"]
    assert isinstance(settings, dict) and "profile_notice" not in settings


def test_profile_notice_is_for_mastodon_accounts(tresen: Tresen, feeds: FeedServer) -> None:
    url = feeds.serve("/search.rss", Route(body=RSS.encode()))
    assert tresen("account", "add", "feed", "--workspace", "Bäckerei", "--url", url)[0] == 0
    code, _, err = tresen("account", "profile-notice", url, "on")
    assert code == 1 and "not a Mastodon account" in err
