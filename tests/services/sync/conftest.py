"""Fixtures for engine tests: a real store, accounts, and channels per account."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.store import ops
from app.store.database import Store
from app.store.queries import AccountInfo
from services.channel import Channel
from services.sync import RetryPolicy, SyncEngine
from tests.conftest import FakeClock
from tests.factories import incoming, ingest
from tests.services.sync.fakes import FakeChannel, Remote


class Channels:
    """Which channel each account gets; a test swaps them between runs."""

    def __init__(self) -> None:
        self.by_account: dict[int, Channel] = {}
        self.opened: list[int] = []

    def __call__(self, account: AccountInfo) -> Channel:
        self.opened.append(account.id)
        return self.by_account[account.id]


@pytest.fixture
def accounts(store: Store) -> tuple[int, int]:
    """Two email-like accounts in two workspaces (a freelancer's clients)."""
    ws1 = ops.create_workspace(store, "Bäckerei Sonnenschein")
    ws2 = ops.create_workspace(store, "Radladen Kette")
    return (ops.create_account(store, ws1, "email", "Bäckerei", "hallo@baeckerei.example"),
            ops.create_account(store, ws2, "email", "Radladen", "info@radladen.example"))


@pytest.fixture
def channels() -> Channels:
    return Channels()


@pytest.fixture
def policy() -> RetryPolicy:
    return RetryPolicy(base=60, factor=2, cap=3600, jitter=0.5, rand=lambda: 0.5)


@pytest.fixture
def make_engine(store: Store, channels: Channels, clock: FakeClock,
                policy: RetryPolicy) -> Callable[[], SyncEngine]:
    return lambda: SyncEngine(store, channels, clock=clock, retry_policy=policy)


def conversation(store: Store, account_id: int, thread: str, at: int) -> int:
    """A customer's question in a new conversation; returns its id."""
    result = ingest(store, account_id, incoming(thread, f"Frage zu {thread}", sent_at=at))
    return result.conversation_ids.pop()


def fake(channels: Channels, account_id: int, remote: Remote | None = None,
         **kwargs: object) -> FakeChannel:
    channel = FakeChannel(remote or Remote(), **kwargs)  # type: ignore[arg-type]
    channels.by_account[account_id] = channel
    return channel
