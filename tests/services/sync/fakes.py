"""A small in-test channel that obeys the ``Channel`` protocol.

``Remote`` is the far side (what the server holds and what reached it);
``FakeChannel`` talks to it the way an adapter talks to a server. Errors and
crashes are scripted per call, so each test states exactly what the network
does. ``Crash`` derives from ``BaseException`` so it passes through the
engine's per-account error handling like the death of the process would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.records import Batch, IncomingMessage
from app.store.outbox import OutboxEntry
from services.channel import Capabilities, SendResult

FULL = Capabilities(replies=True, remote_labels=True, read_state=True, archive=True)


class Crash(BaseException):
    """The process died here."""


@dataclass
class Remote:
    messages: list[IncomingMessage] = field(default_factory=list)
    page: int = 10
    delivered: list[tuple[str, str, dict[str, object]]] = field(default_factory=list)
    """(kind, idempotency key, payload) in the order they arrived."""
    can_tell: bool = True
    pulls: int = 0
    send_calls: int = 0

    def delivered_keys(self) -> list[str]:
        return [key for _kind, key, _payload in self.delivered]


@dataclass
class FakeChannel:
    remote: Remote
    caps: Capabilities = FULL
    pull_errors: dict[int, BaseException] = field(default_factory=dict)
    """Raise at the n-th pull call of this channel (0-based)."""
    send_errors: list[BaseException | None] = field(default_factory=list)
    """Consumed one per send call; None = accept."""
    crash_after_accept: bool = False
    closed: bool = False
    _pulls: int = 0

    @property
    def capabilities(self) -> Capabilities:
        return self.caps

    def pull(self, cursors: Mapping[str, str]) -> Batch:
        n = self._pulls
        self._pulls += 1
        self.remote.pulls += 1
        if n in self.pull_errors:
            raise self.pull_errors[n]
        start = int(cursors.get("inbox", "0"))
        chunk = self.remote.messages[start : start + self.remote.page]
        end = start + len(chunk)
        return Batch(messages=tuple(chunk), cursors={"inbox": str(end)},
                     more=end < len(self.remote.messages))

    def send(self, item: OutboxEntry) -> SendResult:
        self.remote.send_calls += 1
        error = self.send_errors.pop(0) if self.send_errors else None
        if error is not None:
            raise error
        self.remote.delivered.append((item.kind, item.idempotency_key, item.payload))
        if self.crash_after_accept:
            raise Crash
        return SendResult()

    def was_delivered(self, item: OutboxEntry) -> bool | None:
        if not self.remote.can_tell:
            return None
        return item.idempotency_key in self.remote.delivered_keys()

    def close(self) -> None:
        self.closed = True
