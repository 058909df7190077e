"""Polite HTTP fetching of one feed document.

A feed lives on somebody else's server, so every fetch is conditional
(``If-None-Match`` / ``If-Modified-Since`` from the last answer; 304 means
nothing new), names Tresen in its User-Agent, and gives up cleanly:

- 429/503 and other 5xx → ``TemporaryError`` carrying ``Retry-After``;
- no answer within ``timeout`` → ``TemporaryError`` (the deadline spans all
  redirects and the body; a server that stalls mid-body is cut off after at
  most one more read);
- a body over ``max_bytes`` → ``PermanentError``, checked on the
  *decompressed* bytes while streaming, so neither a 20 MB page nor a gzip
  bomb is ever held in memory;
- more than ``max_redirects`` hops or a loop → ``PermanentError``.

Redirects are followed here rather than by httpx so the limit and the loop
message hold for any injected client.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from app import __version__
from services.channel import PermanentError, TemporaryError

__all__ = ["USER_AGENT", "FetchLimits", "FetchResult", "Validators", "fetch_feed",
           "parse_retry_after"]

USER_AGENT = f"Tresen/{__version__} (feed reader; polls at most every few minutes)"
_ACCEPT = ("application/atom+xml, application/rss+xml, application/feed+json,"
           " application/xml;q=0.9, application/json;q=0.8, text/xml;q=0.8, */*;q=0.5")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_INFLATE_STEP = 64 * 1024


@dataclass(frozen=True, slots=True)
class FetchLimits:
    timeout: float = 30.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server said last time, sent back so it can answer 304."""

    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True, slots=True)
class FetchResult:
    """``body`` is None for 304; ``url`` is where the document really came from
    (after redirects), the base for its relative links."""

    body: bytes | None
    url: str
    content_type: str
    validators: Validators
    permanent_url: str | None = None


def fetch_feed(client: httpx.Client, url: str, validators: Validators,
               limits: FetchLimits) -> FetchResult:
    """GET ``url`` once, politely; raises ``TemporaryError`` or ``PermanentError``."""
    deadline = time.monotonic() + limits.timeout
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "gzip"}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    visited = [url]
    permanent: str | None = None
    only_permanent = True
    current = url
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _timed_out(current, limits)
            with client.stream("GET", current, headers=headers, follow_redirects=False,
                               timeout=httpx.Timeout(remaining)) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    target = str(response.url.join(response.headers["location"]))
                    only_permanent = only_permanent and response.status_code in (301, 308)
                    if only_permanent:
                        permanent = target
                    _check_hop(target, visited, limits)
                    visited.append(target)
                    current = target
                    continue
                return _finish(response, validators, permanent, deadline, limits)
    except httpx.TimeoutException:
        raise _timed_out(current, limits) from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise PermanentError(f"cannot fetch {current}: {exc}") from None
    except httpx.TransportError as exc:
        host = httpx.URL(current).host
        raise TemporaryError(f"could not reach {host}: {exc or type(exc).__name__}") from None


def _check_hop(target: str, visited: list[str], limits: FetchLimits) -> None:
    if httpx.URL(target).scheme not in ("http", "https"):
        raise PermanentError(f"the feed redirects to {target}, which is not a web address")
    if target in visited:
        chain = " → ".join([*visited[visited.index(target):], target])
        raise PermanentError(f"the feed redirects in a loop: {chain}")
    if len(visited) > limits.max_redirects:
        raise PermanentError(
            f"the feed redirects more than {limits.max_redirects} times (last to {target});"
            " check the address")


def _finish(response: httpx.Response, old: Validators, permanent: str | None,
            deadline: float, limits: FetchLimits) -> FetchResult:
    status = response.status_code
    final = str(response.url)
    content_type = response.headers.get("content-type", "")
    if status == 304:
        return FetchResult(None, final, content_type, _validators(response, old), permanent)
    if status in (429, 503) or status >= 500 or status == 408:
        wait = parse_retry_after(response.headers.get("retry-after"))
        hint = f"; it asks to wait {wait:.0f} s" if wait is not None else ""
        raise TemporaryError(f"{response.url.host} is busy (HTTP {status}){hint}",
                             retry_after=wait)
    if status in (404, 410):
        raise PermanentError(f"the feed is gone (HTTP {status} at {final})")
    if status in (401, 403):
        raise PermanentError(
            f"{response.url.host} refuses access to the feed (HTTP {status});"
            " Tresen can only read public feeds")
    if not 200 <= status < 300:
        raise PermanentError(f"{response.url.host} answered HTTP {status} for the feed")
    body = _read_body(response, deadline, limits)
    return FetchResult(body, final, content_type, _validators(response, Validators()),
                       permanent)


def _validators(response: httpx.Response, old: Validators) -> Validators:
    # A 304 may omit the validators; then the old ones stay valid.
    return Validators(etag=response.headers.get("etag", old.etag),
                      last_modified=response.headers.get("last-modified", old.last_modified))


def _read_body(response: httpx.Response, deadline: float, limits: FetchLimits) -> bytes:
    too_big = PermanentError(
        f"the feed is larger than {limits.max_bytes / 1_000_000:g} MB; Tresen does not"
        " download it (is this really a feed address?)")
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if declared.isdigit() and encoding == "identity" and int(declared) > limits.max_bytes:
        raise too_big
    if encoding in ("gzip", "x-gzip"):
        inflater: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding in ("identity", ""):
        inflater = None
    else:
        raise PermanentError(f"the server compressed the feed with {encoding!r}, which"
                             " Tresen did not ask for")
    parts: list[bytes] = []
    size = 0
    for raw in response.iter_raw():
        if time.monotonic() > deadline:
            raise _timed_out(str(response.url), limits)
        pending = raw
        while pending:
            if inflater is None:
                chunk, pending = pending, b""
            else:
                try:
                    chunk = inflater.decompress(
                        pending, min(_INFLATE_STEP, limits.max_bytes - size + 1))
                except zlib.error as exc:
                    raise PermanentError(f"the feed's gzip data is damaged: {exc}") from None
                pending = inflater.unconsumed_tail
            size += len(chunk)
            if size > limits.max_bytes:
                raise too_big
            parts.append(chunk)
            if inflater is not None and not chunk:
                break
    return b"".join(parts)


def _timed_out(url: str, limits: FetchLimits) -> TemporaryError:
    host = httpx.URL(url).host
    return TemporaryError(f"{host} did not deliver the feed within {limits.timeout:g} s")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = datetime.now(UTC).timestamp() if now is None else now
    return max(0.0, when.timestamp() - current)
