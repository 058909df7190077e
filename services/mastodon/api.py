"""A thin typed client over the Mastodon REST API.

Every failure becomes one of the channel errors, so callers never see an
httpx exception::

    cannot connect, timeout, cut-off or non-JSON answer, 429, 5xx → TemporaryError
    401                                                           → AuthError ("sign in again")
    409 (a marker changed meanwhile)                              → TemporaryError
    other 4xx (with the server's ``error`` text), 3xx             → PermanentError
    JSON of the wrong shape                                       → UnexpectedResponse

Writes (``unsafe=True``) are different: once the request may have left, a
timeout, a broken connection, a 5xx or an unreadable answer does not say
whether the server acted on it, so they raise ``OutcomeUnknown`` and the sync
engine asks ``was_delivered`` later instead of sending again on a guess.

The token is sent only to the instance's own origin: pagination links that
point elsewhere are ignored and redirects are not followed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from services.channel import AuthError, ChannelError, PermanentError, TemporaryError
from services.mastodon.entities import UnexpectedResponse
from services.mastodon.ratelimit import RateLimiter

__all__ = ["USER_AGENT", "MastodonApi", "OutcomeUnknown", "Page", "Params"]

USER_AGENT = "Tresen (+https://tresen.invalid)"
Params = Mapping[str, str | int | Sequence[str]]


class OutcomeUnknown(ChannelError):  # noqa: N818 - a state, not a failure
    """A write may or may not have reached the server; ask before repeating it."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list; ``next_url`` leads to older items, ``prev_url`` to newer."""

    items: list[Any]
    next_url: str | None
    prev_url: str | None


def _error_text(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or f"HTTP {response.status_code}"
    if isinstance(body, Mapping):
        for key in ("error_description", "error"):
            if isinstance(body.get(key), str) and body[key]:
                return str(body[key])
    return response.reason_phrase or f"HTTP {response.status_code}"


class MastodonApi:
    """HTTP to one instance with one token (or none, for app registration).

    ``transport`` lets tests and the composition root plug in their own
    httpx transport; ``now``/``sleep`` drive the rate limiter.
    """

    def __init__(self, base_url: str, token: str | None = None, *, timeout: float = 20.0,
                 transport: httpx.BaseTransport | None = None,
                 now: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep,
                 max_rate_wait: float = 5.0) -> None:
        self._base = urlsplit(base_url)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._timeout = timeout
        self._client = httpx.Client(base_url=base_url, headers=headers, transport=transport,
                                    timeout=httpx.Timeout(timeout), follow_redirects=False)
        self.limiter = RateLimiter(now=now, sleep=sleep, max_wait=max_rate_wait)

    def __repr__(self) -> str:  # never show the token
        return f"MastodonApi({self._base.scheme}://{self._base.netloc})"

    @property
    def base_url(self) -> str:
        return f"{self._base.scheme}://{self._base.netloc}"

    def close(self) -> None:
        self._client.close()

    # -- calls ---------------------------------------------------------------
    def get(self, path: str, params: Params | None = None) -> Any:
        return self._json(self._request("GET", path, params=params), unsafe=False)

    def get_page(self, path_or_url: str, params: Params | None = None) -> Page:
        response = self._request("GET", path_or_url, params=params)
        body = self._json(response, unsafe=False)
        if not isinstance(body, list):
            raise UnexpectedResponse("the server sent something that is not a list")
        return Page(body, self._link(response, "next"), self._link(response, "prev"))

    def post(self, path: str, data: Mapping[str, Any] | None = None, *,
             idempotency_key: str | None = None, unsafe: bool = False) -> Any:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        response = self._request("POST", path, data=data, headers=headers, unsafe=unsafe)
        return self._json(response, unsafe=unsafe)

    def patch(self, path: str, data: Mapping[str, Any]) -> Any:
        return self._json(self._request("PATCH", path, data=data), unsafe=False)

    # -- plumbing ------------------------------------------------------------
    def _request(self, method: str, url: str, *, params: Params | None = None,
                 data: Mapping[str, Any] | None = None,
                 headers: Mapping[str, str] | None = None,
                 unsafe: bool = False) -> httpx.Response:
        self.limiter.before_request()
        host = self._base.netloc
        try:
            response = self._client.request(method, url, params=params, data=data,
                                            headers=headers)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise TemporaryError(f"could not reach {host}: {exc}") from None
        except httpx.TimeoutException:
            if unsafe:
                raise OutcomeUnknown(f"{host} did not answer within {self._timeout:g}"
                                     " seconds; it may or may not have taken this") from None
            raise TemporaryError(f"{host} did not answer within {self._timeout:g} seconds"
                                 ) from None
        except httpx.TransportError as exc:
            if unsafe:
                raise OutcomeUnknown(f"the connection to {host} broke off ({exc}); it may"
                                     " or may not have taken this") from None
            raise TemporaryError(f"the connection to {host} broke off: {exc}") from None
        self.limiter.after_response(response.headers)
        self._check_status(response, unsafe)
        return response

    def _check_status(self, response: httpx.Response, unsafe: bool) -> None:
        code = response.status_code
        if code < 300:
            return
        text = _error_text(response)
        host = self._base.netloc
        if code == 401:
            raise AuthError(f"{host} no longer accepts Tresen's access ({text}):"
                            " sign in again")
        if code == 409:  # markers: "Conflict during update, please try again"
            raise TemporaryError(f"{host} reports a conflict ({text}); trying again later")
        if code == 429:
            raise TemporaryError(f"{host} asks Tresen to slow down ({text})",
                                 retry_after=self.limiter.retry_after(response.headers))
        if code >= 500:
            if unsafe:
                raise OutcomeUnknown(f"{host} failed ({code} {text}); it may or may not"
                                     " have taken this")
            raise TemporaryError(f"{host} has a problem ({code} {text}); trying again later",
                                 retry_after=self.limiter.retry_after(response.headers))
        if code < 400:
            raise PermanentError(f"{host} answered with a redirect ({code}); check the"
                                 " server address")
        raise PermanentError(f"{host} refused this ({code}): {text}")

    def _json(self, response: httpx.Response, *, unsafe: bool) -> Any:
        try:
            return json.loads(response.content)
        except ValueError:
            message = f"{self._base.netloc} sent an answer that is cut off or not JSON"
            if unsafe:
                raise OutcomeUnknown(message + "; it may or may not have taken this") from None
            raise TemporaryError(message) from None

    def _link(self, response: httpx.Response, rel: str) -> str | None:
        url = response.links.get(rel, {}).get("url")
        if not url:
            return None
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != (self._base.scheme, self._base.netloc):
            return None  # never follow a link that would carry the token elsewhere
        return url
