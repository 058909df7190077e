"""An email account's connection settings: the account's ``settings`` JSON.

Flat keys, so the CLI and the dialog map one field to one key, and no secret:
the password lives in keyring and is handed to the adapter separately::

    {"imap_host": "imap.example.org", "imap_port": 993, "imap_security": "ssl",
     "smtp_host": "smtp.example.org", "smtp_port": 465, "smtp_security": "ssl",
     "username": "hallo@example.org", "first_sync_days": 90, "timeout": 30,
     "batch_size": 500, "save_sent": true, "aliases": [], "history_since": 1735689600}

``batch_size`` is the number of new messages per stored batch: each batch is one
transaction with a disk sync, so larger batches make a first sync faster, while a
crash repeats at most one batch. It is a tuning knob, written only when set, so
an account follows the default as it improves.

``history_since`` (epoch seconds, 0 = everything; absent = no request) asks
for mail older than the first sync's ``first_sync_days``: the next syncs
fetch what is missing (see ``history``). It stays set as a standing wish, so
a folder that must start over (UIDVALIDITY) fetches that much again.

``security`` is ``ssl`` (TLS from the first byte), ``starttls`` or ``none``;
``none`` is refused for any host but the local machine, so a typo never sends
a password in clear text over a network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["BATCH_SIZE", "LOCAL_HOSTS", "SECURITY_MODES", "EmailSettings", "Endpoint",
           "SettingsError", "default_port"]

SECURITY_MODES = ("ssl", "starttls", "none")
BATCH_SIZE = 500
LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
_DEFAULT_PORTS = {("imap", "ssl"): 993, ("imap", "starttls"): 143, ("imap", "none"): 143,
                  ("smtp", "ssl"): 465, ("smtp", "starttls"): 587, ("smtp", "none"): 25}


_N = TypeVar("_N", int, float)


def default_port(protocol: str, security: str) -> int:
    """The usual port of ``protocol`` ("imap"/"smtp") with ``security`` (993, 587, …)."""
    return _DEFAULT_PORTS[(protocol, security)]


class SettingsError(ValueError):
    """The settings JSON is incomplete or unsafe; the message says which key."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    host: str
    port: int
    security: str


@dataclass(frozen=True, slots=True)
class EmailSettings:
    imap: Endpoint
    smtp: Endpoint
    username: str
    first_sync_days: int = 90
    timeout: float = 30.0
    batch_size: int = BATCH_SIZE
    save_sent: bool = True
    aliases: tuple[str, ...] = ()
    history_since: int | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> EmailSettings:
        imap = _endpoint(data, "imap")
        smtp = _endpoint(data, "smtp")
        username = str(data.get("username") or "").strip()
        if not username:
            raise SettingsError("username is missing")
        aliases = data.get("aliases") or []
        if not isinstance(aliases, list | tuple):
            raise SettingsError("aliases must be a list of addresses")
        return cls(
            imap=imap, smtp=smtp, username=username,
            first_sync_days=_number(data, "first_sync_days", 90, int),
            timeout=_number(data, "timeout", 30.0, float),
            batch_size=max(1, _number(data, "batch_size", BATCH_SIZE, int)),
            save_sent=bool(data.get("save_sent", True)),
            aliases=tuple(str(a).strip().lower() for a in aliases if str(a).strip()),
            history_since=(None if data.get("history_since") is None
                           else _number(data, "history_since", 0, int)),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "imap_host": self.imap.host, "imap_port": self.imap.port,
            "imap_security": self.imap.security,
            "smtp_host": self.smtp.host, "smtp_port": self.smtp.port,
            "smtp_security": self.smtp.security,
            "username": self.username, "first_sync_days": self.first_sync_days,
            "timeout": self.timeout, "save_sent": self.save_sent,
            "aliases": list(self.aliases),
            **({} if self.batch_size == BATCH_SIZE else {"batch_size": self.batch_size}),
            **({} if self.history_since is None else {"history_since": self.history_since}),
        }


def _number(data: Mapping[str, object], key: str, default: _N, kind: type[_N]) -> _N:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise SettingsError(f"{key} must be a number, not {value!r}")
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{key} must be a number, not {value!r}") from None
    if number < 0:
        raise SettingsError(f"{key} must not be negative")
    return number


def _endpoint(data: Mapping[str, object], prefix: str) -> Endpoint:
    host = str(data.get(f"{prefix}_host") or "").strip()
    if not host:
        raise SettingsError(f"{prefix}_host is missing")
    security = str(data.get(f"{prefix}_security") or "ssl").strip().lower()
    if security not in SECURITY_MODES:
        raise SettingsError(f"{prefix}_security must be one of {', '.join(SECURITY_MODES)}")
    if security == "none" and host.lower() not in LOCAL_HOSTS:
        raise SettingsError(f"{prefix}_security 'none' is only allowed for 127.0.0.1; "
                            "use ssl or starttls")
    port = _number(data, f"{prefix}_port", _DEFAULT_PORTS[(prefix, security)], int)
    if not 0 < port < 65536:
        raise SettingsError(f"{prefix}_port must be between 1 and 65535")
    return Endpoint(host, port, security)
