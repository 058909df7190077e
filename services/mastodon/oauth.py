"""Sign in to any Mastodon instance: app registration, then OAuth 2
authorization code with PKCE (S256) through the system browser.

Steps: register Tresen on the instance (``POST /api/v1/apps``) with the
loopback redirect of this very attempt (the port changes every time); open
the authorize page in the browser with ``state`` and ``code_challenge``; wait
for the one callback (see ``loopback``); exchange the code together with the
``code_verifier`` at ``POST /oauth/token``; read our own account with the new
token. The token is returned to the caller, which puts it in keyring — this
module neither logs nor stores it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from services.channel import ChannelError, PermanentError
from services.mastodon import entities
from services.mastodon.api import MastodonApi
from services.mastodon.convert import full_handle
from services.mastodon.loopback import LoopbackListener
from services.mastodon.settings import normalize_instance

__all__ = ["SCOPES", "AppRegistration", "OAuthError", "SignIn", "authorize_url",
           "pkce_pair", "register_app", "sign_in"]

SCOPES = "read write"
CLIENT_NAME = "Tresen"


class OAuthError(PermanentError):
    """Sign-in did not complete; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class AppRegistration:
    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str


@dataclass(frozen=True, slots=True)
class SignIn:
    """What the caller stores: ``token`` in keyring, ``settings`` on the account."""

    token: str = field(repr=False)
    instance: str
    account_id: str
    acct: str
    display_name: str

    @property
    def handle(self) -> str:
        return full_handle(self.acct, urlsplit(self.instance).hostname or "")

    @property
    def settings(self) -> dict[str, Any]:
        return {"instance": self.instance, "account_id": self.account_id, "acct": self.acct}


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge) as RFC 7636 defines them."""
    verifier = secrets.token_urlsafe(64)[:96]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def register_app(api: MastodonApi, redirect_uri: str, *, scopes: str = SCOPES,
                 client_name: str = CLIENT_NAME) -> AppRegistration:
    body = api.post("/api/v1/apps", {"client_name": client_name, "redirect_uris": redirect_uri,
                                     "scopes": scopes})
    if not isinstance(body, dict) or not isinstance(body.get("client_id"), str) \
            or not isinstance(body.get("client_secret"), str):
        raise OAuthError("the server did not register Tresen (no client id in its answer)")
    return AppRegistration(body["client_id"], body["client_secret"], redirect_uri)


def authorize_url(instance: str, app: AppRegistration, *, state: str, challenge: str,
                  scopes: str = SCOPES, lang: str | None = None) -> str:
    query = {"response_type": "code", "client_id": app.client_id,
             "redirect_uri": app.redirect_uri, "scope": scopes, "state": state,
             "code_challenge": challenge, "code_challenge_method": "S256"}
    if lang:
        query["lang"] = lang
    return f"{instance}/oauth/authorize?{urlencode(query)}"


def sign_in(instance: str, open_browser: Callable[[str], object], *, timeout: float = 300.0,
            transport: httpx.BaseTransport | None = None, scopes: str = SCOPES,
            lang: str | None = None, http_timeout: float = 20.0) -> SignIn:
    """Run the whole flow; raises ``OAuthError`` (or another channel error)."""
    base = normalize_instance(instance)
    api = MastodonApi(base, timeout=http_timeout, transport=transport)
    state = secrets.token_urlsafe(24)
    verifier, challenge = pkce_pair()
    try:
        with LoopbackListener(state) as listener:
            app = register_app(api, listener.redirect_uri, scopes=scopes)
            open_browser(authorize_url(base, app, state=state, challenge=challenge,
                                       scopes=scopes, lang=lang))
            callback = listener.wait(timeout)
        if callback is None:
            raise OAuthError("no answer from the browser in time; please try again")
        if callback.code is None:
            raise OAuthError(f"the server did not grant access ({callback.error})")
        token = _exchange(api, app, callback.code, verifier, scopes)
    finally:
        api.close()
    return _who(base, token, transport, http_timeout)


def _exchange(api: MastodonApi, app: AppRegistration, code: str, verifier: str,
              scopes: str) -> str:
    try:
        body = api.post("/oauth/token", {
            "grant_type": "authorization_code", "code": code, "client_id": app.client_id,
            "client_secret": app.client_secret, "redirect_uri": app.redirect_uri,
            "code_verifier": verifier, "scope": scopes})
    except ChannelError as exc:
        raise OAuthError(f"the server refused the sign-in: {exc}") from None
    token = body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token:
        raise OAuthError("the server's answer holds no access token")
    return token


def _who(base: str, token: str, transport: httpx.BaseTransport | None,
         http_timeout: float) -> SignIn:
    api = MastodonApi(base, token, timeout=http_timeout, transport=transport)
    try:
        me = entities.account(api.get("/api/v1/accounts/verify_credentials"))
    finally:
        api.close()
    return SignIn(token, base, me.id, me.acct, me.display_name or me.username)
