"""A Mastodon account's settings: the account's ``settings`` JSON.

Flat keys, no secret (the access token lives in keyring)::

    {"instance": "https://mastodon.social", "account_id": "109384", "acct": "baeckerei",
     "timeout": 20, "batch_size": 40, "first_sync_limit": 200, "context_budget": 10}

``account_id`` is our own account's id on the instance (sign-in stores it;
without it the adapter asks ``verify_credentials`` once per session).
``first_sync_limit`` bounds how many older mentions the first sync fetches
beyond the newest page;
``context_budget`` bounds how many thread look-ups one pull may make.
Plain ``http://`` is refused for anything but the local machine, so a typo
never sends the token in clear text over a network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["LOCAL_HOSTS", "MastodonSettings", "SettingsError", "normalize_instance"]

LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
MAX_PAGE = 80  # the API's documented maximum for notifications and statuses


class SettingsError(ValueError):
    """The settings JSON is incomplete or unsafe; the message says which key."""


def normalize_instance(url: str) -> str:
    """``mastodon.social`` or ``https://mastodon.social/`` → ``https://mastodon.social``."""
    value = url.strip().rstrip("/")
    if not value:
        raise SettingsError("instance: the server address is missing")
    if "://" not in value:
        value = f"https://{value}"
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise SettingsError(f"instance: {url!r} is not a web address")
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise SettingsError("instance: only https:// is allowed for a server on the network")
    if parts.path or parts.query:
        raise SettingsError("instance: give the server only, e.g. https://mastodon.social")
    return f"{parts.scheme}://{parts.netloc}"


def _num(raw: Mapping[str, Any], key: str, default: float, low: float, high: float) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SettingsError(f"{key}: expected a number, got {value!r}")
    if not low <= value <= high:
        raise SettingsError(f"{key}: must be between {low:g} and {high:g}")
    return float(value)


@dataclass(frozen=True, slots=True)
class MastodonSettings:
    instance: str
    account_id: str = ""
    acct: str = ""
    timeout: float = 20.0
    batch_size: int = 40
    first_sync_limit: int = 200
    context_budget: int = 10

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> MastodonSettings:
        instance = raw.get("instance")
        if not isinstance(instance, str):
            raise SettingsError("instance: the server address is missing")
        account_id = raw.get("account_id", "")
        acct = raw.get("acct", "")
        if not isinstance(account_id, str | int) or not isinstance(acct, str):
            raise SettingsError("account_id and acct must be text")
        return cls(
            instance=normalize_instance(instance),
            account_id=str(account_id),
            acct=acct.lstrip("@"),
            timeout=_num(raw, "timeout", 20, 0.1, 300),
            batch_size=int(_num(raw, "batch_size", 40, 1, MAX_PAGE)),
            first_sync_limit=int(_num(raw, "first_sync_limit", 200, 0, 10_000)),
            context_budget=int(_num(raw, "context_budget", 10, 1, 100)),
        )
