"""A fake Mastodon instance per test, a real store, and channels wired to both."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from app.store import ops
from app.store.database import Store
from app.store.queries import AccountInfo, accounts
from services.mastodon.adapter import MastodonChannel
from tests.services.mastodon.server import TOKEN, FakeMastodon


@pytest.fixture
def mastodon() -> Iterator[FakeMastodon]:
    server = FakeMastodon().start()
    yield server
    server.stop()


@pytest.fixture
def account(store: Store, mastodon: FakeMastodon) -> AccountInfo:
    ws = ops.create_workspace(store, "Bäckerei Sonnenschein", "de")
    acc = ops.create_account(store, ws, "mastodon", "Bäckerei Sonnenschein",
                             "@baeckerei@127.0.0.1",
                             {"instance": mastodon.base_url, "account_id": mastodon.me["id"],
                              "acct": "baeckerei", "timeout": 2})
    return next(a for a in accounts(store.reader()) if a.id == acc)


class Sleeps(list[float]):
    """An injected ``sleep`` that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


ChannelFactory = Callable[..., MastodonChannel]


@pytest.fixture
def make_channel(store: Store, account: AccountInfo,
                 sleeps: Sleeps) -> Iterator[ChannelFactory]:
    made: list[MastodonChannel] = []

    def make(token: str = TOKEN, **settings: object) -> MastodonChannel:
        info = account
        if settings:
            info = AccountInfo(account.id, account.workspace_id, account.kind,
                               account.display_name, account.identity,
                               {**account.settings, **settings}, None, "")
        channel = MastodonChannel(info, token, store.reader, sleep=sleeps)
        made.append(channel)
        return channel

    yield make
    for channel in made:
        channel.close()
