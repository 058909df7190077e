"""Sign-in driven end to end: app registration, browser, loopback, PKCE exchange."""

from __future__ import annotations

import base64
import hashlib
import socket
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from services.mastodon.api import MastodonApi
from services.mastodon.oauth import OAuthError, pkce_pair, sign_in
from tests.services.mastodon.server import FakeMastodon


class Browser:
    """Does what the system browser would: load the page, follow the redirect.

    ``tamper`` first sends a forged callback with a wrong ``state`` (another
    page trying to inject its own code), which must be refused.
    """

    def __init__(self, *, tamper: bool = False, deny: bool = False) -> None:
        self.tamper = tamper
        self.deny = deny
        self.pages: list[tuple[int, str]] = []
        self.redirect_uri = ""

    def __call__(self, url: str) -> None:
        query = parse_qs(urlsplit(url).query)
        self.redirect_uri = query["redirect_uri"][0]
        if self.tamper:
            forged = f"{self.redirect_uri}?{urlencode({'code': 'evil', 'state': 'forged'})}"
            self._load(forged)
        if self.deny:
            self._load(f"{self.redirect_uri}?"
                       f"{urlencode({'error': 'access_denied', 'state': query['state'][0]})}")
            return
        answer = httpx.get(url, follow_redirects=False, timeout=5)
        assert answer.status_code == 302
        self._load(answer.headers["location"])

    def _load(self, url: str) -> None:
        page = httpx.get(url, timeout=5)
        self.pages.append((page.status_code, page.text))


def _refuses_connections(url: str) -> bool:
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=0.5).close()
    except OSError:
        return True
    return False


def test_sign_in_end_to_end_with_pkce_and_a_forged_callback_refused(
        mastodon: FakeMastodon) -> None:
    browser = Browser(tamper=True)
    result = sign_in(mastodon.base_url, browser, timeout=10)

    assert result.token in mastodon.valid_tokens
    assert result.settings == {"instance": mastodon.base_url,
                               "account_id": mastodon.me["id"], "acct": "baeckerei"}
    assert result.handle == "@baeckerei@127.0.0.1"
    assert result.token not in repr(result)
    # The forged callback was refused, the real one welcomed, in both languages.
    assert [code for code, _ in browser.pages] == [400, 200]
    assert "Sign-in refused" in browser.pages[0][1]
    assert "Signed in" in browser.pages[1][1] and "Angemeldet" in browser.pages[1][1]
    # Registered for exactly this loopback address, on 127.0.0.1 only.
    [app] = mastodon.apps.values()
    assert app["redirect_uri"] == browser.redirect_uri
    assert urlsplit(browser.redirect_uri).hostname == "127.0.0.1"
    assert app["scopes"] == ["read", "write"]
    authorize = next(r for r in mastodon.requests if r.path == "/oauth/authorize")
    assert authorize.query["code_challenge_method"] == ["S256"]
    assert authorize.query["state"][0] and authorize.query["code_challenge"][0]
    token_request = next(r for r in mastodon.requests if r.path == "/oauth/token")
    assert token_request.form["code_verifier"][0]
    assert token_request.form["code"][0] != "evil"
    # One-shot: the listener is gone.
    assert _refuses_connections(browser.redirect_uri)
    # The token works.
    api = MastodonApi(mastodon.base_url, result.token)
    assert api.get("/api/v1/accounts/verify_credentials")["id"] == mastodon.me["id"]
    api.close()


def test_no_callback_times_out_and_closes_the_listener(mastodon: FakeMastodon) -> None:
    seen: list[str] = []
    with pytest.raises(OAuthError, match="no answer from the browser"):
        sign_in(mastodon.base_url, seen.append, timeout=0.3)
    redirect = parse_qs(urlsplit(seen[0]).query)["redirect_uri"][0]
    assert _refuses_connections(redirect)
    assert not any(r.path == "/oauth/token" for r in mastodon.requests)


def test_declined_access_is_reported(mastodon: FakeMastodon) -> None:
    browser = Browser(deny=True)
    with pytest.raises(OAuthError, match="did not grant access"):
        sign_in(mastodon.base_url, browser, timeout=5)
    assert "Sign-in cancelled" in browser.pages[0][1]


def test_pkce_challenge_is_s256_of_the_verifier() -> None:
    verifier, challenge = pkce_pair()
    assert 43 <= len(verifier) <= 128
    expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    assert challenge == expected.rstrip(b"=").decode()
