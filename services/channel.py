"""The one protocol every channel adapter implements.

The sync engine knows channels only through ``Channel``: pull the next batch
since the stored cursors, push one outbox item, and answer "did this item
already arrive?" after a crash. Everything channel-specific (IMAP UIDs,
Mastodon ids, feed ETags) hides behind the opaque cursor strings.

Errors form one hierarchy so the engine can decide without knowing the
channel::

    ChannelError                 anything that went wrong talking to a channel
    ├── TemporaryError           try again later (network down, SMTP 4xx, HTTP 429/503);
    │                            ``retry_after`` is the server's wish in seconds, if any
    └── PermanentError           retrying will not help (SMTP 5xx, a refused request)
        └── AuthError            the credentials are wrong or revoked: "sign in again"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from app.records import Batch
from app.store.outbox import OutboxEntry


class ChannelError(Exception):
    """Base of channel failures; the message is fit to show to the owner."""


class TemporaryError(ChannelError):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(ChannelError):
    pass


class AuthError(PermanentError):
    pass


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a channel can mirror; the UI says "local only" for the rest."""

    replies: bool = True
    remote_labels: bool = False
    read_state: bool = False
    archive: bool = False
    away_notice: bool = False


@dataclass(frozen=True, slots=True)
class SendResult:
    """``remote_id`` is the id the channel gave our message, when it assigns one."""

    remote_id: str | None = None


@runtime_checkable
class Channel(Protocol):
    """One connected account.

    ``pull`` returns the next batch after ``cursors`` (the values the previous
    batch stored, per folder/stream); the engine applies it together with its
    new cursors in one transaction and calls again while ``batch.more``.
    ``send`` carries ``item.idempotency_key`` to the channel (email
    Message-ID, Mastodon Idempotency-Key). ``was_delivered`` is asked only for
    items a crash left in flight: True/False when the channel can tell, None
    when it cannot — then the owner decides, nothing is resent on a guess.
    """

    @property
    def capabilities(self) -> Capabilities: ...

    def pull(self, cursors: Mapping[str, str]) -> Batch: ...

    def send(self, item: OutboxEntry) -> SendResult: ...

    def was_delivered(self, item: OutboxEntry) -> bool | None: ...

    def close(self) -> None: ...
