"""A feed account's settings: the account's ``settings`` JSON.

Flat keys so the CLI (``--url``, ``--keyword``, ``--interval``) and the dialog
map one field to one key; a feed has no secret::

    {"url": "https://forum.example/search.rss?q=Sonnenschein",
     "keywords": ["Sonnenschein"], "interval_minutes": 15,
     "timeout": 30, "max_bytes": 5000000, "max_redirects": 5}

Only ``url`` is required. The interval has a floor so that no setting can
make Tresen hammer somebody else's forum.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["DEFAULT_INTERVAL_MINUTES", "MIN_INTERVAL_MINUTES", "FeedSettings",
           "FeedSettingsError"]

DEFAULT_INTERVAL_MINUTES = 15
MIN_INTERVAL_MINUTES = DEFAULT_INTERVAL_MINUTES  # polite: never more often than every 15 min
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_REDIRECTS = 5


class FeedSettingsError(ValueError):
    """The settings JSON is incomplete or out of range; the message names the key."""


@dataclass(frozen=True, slots=True)
class FeedSettings:
    url: str
    keywords: tuple[str, ...] = ()
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> FeedSettings:
        url = str(data.get("url") or "").strip()
        check_url(url)
        raw_keywords = data.get("keywords") or []
        if isinstance(raw_keywords, str) or not isinstance(raw_keywords, list | tuple):
            raise FeedSettingsError("keywords must be a list of words")
        keywords = tuple(dict.fromkeys(str(k).strip() for k in raw_keywords if str(k).strip()))
        interval = _int(data, "interval_minutes", DEFAULT_INTERVAL_MINUTES)
        if interval < MIN_INTERVAL_MINUTES:
            raise FeedSettingsError(
                f"interval_minutes must be at least {MIN_INTERVAL_MINUTES}: feeds are"
                " somebody else's server")
        timeout = _float(data, "timeout", DEFAULT_TIMEOUT)
        if not 0 < timeout <= 300:
            raise FeedSettingsError("timeout must be between 0 and 300 seconds")
        max_bytes = _int(data, "max_bytes", DEFAULT_MAX_BYTES)
        if max_bytes < 1024:
            raise FeedSettingsError("max_bytes must be at least 1024")
        redirects = _int(data, "max_redirects", DEFAULT_MAX_REDIRECTS)
        if not 0 <= redirects <= 20:
            raise FeedSettingsError("max_redirects must be between 0 and 20")
        return cls(url, keywords, interval, timeout, max_bytes, redirects)

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "keywords": list(self.keywords),
                "interval_minutes": self.interval_minutes, "timeout": self.timeout,
                "max_bytes": self.max_bytes, "max_redirects": self.max_redirects}


def check_url(url: str) -> None:
    """Only http(s) with a host: ``file:`` or ``javascript:`` must never be fetched."""
    if not url:
        raise FeedSettingsError("url is missing")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FeedSettingsError(f"url must be an http:// or https:// address, not {url!r}")


def _int(data: Mapping[str, object], key: str, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise FeedSettingsError(f"{key} must be a whole number, not {value!r}")
    try:
        return int(value)
    except ValueError:
        raise FeedSettingsError(f"{key} must be a whole number, not {value!r}") from None


def _float(data: Mapping[str, object], key: str, default: float) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FeedSettingsError(f"{key} must be a number, not {value!r}")
    try:
        return float(value)
    except ValueError:
        raise FeedSettingsError(f"{key} must be a number, not {value!r}") from None
