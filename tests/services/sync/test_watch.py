"""``watch``: keeps syncing until stopped, woken early by channels that can wait."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

import pytest

from app.records import Batch
from app.store.database import Store
from services.sync import SyncBusyError, SyncEngine, SyncLock, SyncReport
from tests.factories import incoming
from tests.services.sync.conftest import Channels
from tests.services.sync.fakes import FakeChannel, Remote


class Idle(FakeChannel):
    """Blocks in ``wait_for_changes`` until the remote gets new mail (IMAP IDLE)."""

    def __init__(self, remote: Remote, news: threading.Event) -> None:
        super().__init__(remote)
        self.news = news
        self.waits = 0

    def wait_for_changes(self, timeout: float) -> bool:
        self.waits += 1
        changed = self.news.wait(timeout)
        self.news.clear()
        return changed


def _last_sync(store: Store, account_id: int) -> int | None:
    row = store.reader().execute("SELECT last_sync_at FROM account WHERE id = ?",
                                 (account_id,)).fetchone()
    return None if row[0] is None else int(row[0])


def _count(store: Store) -> int:
    return int(store.reader().execute("SELECT count(*) FROM message").fetchone()[0])


def test_watch_syncs_new_mail_as_soon_as_the_channel_reports_it(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    remote = Remote(messages=[incoming("t", "erste", sent_at=1_780_000_000)])
    news = threading.Event()
    channels.by_account[acc] = Idle(remote, news)
    stop = threading.Event()
    runs: list[SyncReport] = []
    watcher = threading.Thread(
        target=make_engine().watch, args=(stop, 60.0, runs.append),
        kwargs={"account_ids": [acc]})
    watcher.start()
    try:
        deadline = time.monotonic() + 5
        while len(runs) < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        remote.messages.append(incoming("t", "zweite", sent_at=1_780_000_100))
        news.set()
        while len(runs) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        # Woken by the channel, not by the 60-second poll.
        assert len(runs) == 2
        assert [r.accounts[0].inserted for r in runs] == [1, 1]
    finally:
        stop.set()
        watcher.join(5)
    assert not watcher.is_alive()
    assert _count(store) == 2


def test_watch_polls_channels_that_cannot_wait_and_stops_promptly(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    remote = Remote()
    channels.by_account[acc] = FakeChannel(remote)
    stop = threading.Event()
    runs: list[SyncReport] = []
    watcher = threading.Thread(target=make_engine().watch, args=(stop, 0.1, runs.append),
                               kwargs={"account_ids": [acc]})
    watcher.start()
    time.sleep(0.5)
    remote.messages.append(incoming("t", "neu", sent_at=1_780_000_000))
    time.sleep(0.5)
    started = time.monotonic()
    stop.set()
    watcher.join(5)

    assert time.monotonic() - started < 1.0
    assert len(runs) >= 3
    assert _count(store) == 1


def test_a_second_sync_of_the_same_store_is_refused_while_one_runs(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    channels.by_account[accounts[0]] = FakeChannel(Remote())
    channels.by_account[accounts[1]] = FakeChannel(Remote())
    with SyncLock(store.path), pytest.raises(SyncBusyError, match="another Tresen"):
        make_engine().run_once()
    assert channels.opened == []

    assert make_engine().run_once().ok  # the lock is free again


class StopsAfter(FakeChannel):
    """Has the stop request arrive while its n-th pull is on the wire."""

    def __init__(self, remote: Remote, stop: threading.Event, at_pull: int) -> None:
        super().__init__(remote)
        self.stop, self.at_pull = stop, at_pull

    def pull(self, cursors: Mapping[str, str]) -> Batch:
        batch = super().pull(cursors)
        if self.remote.pulls == self.at_pull:
            self.stop.set()
        return batch


def test_a_stop_ends_the_run_after_the_current_batch_and_sends_nothing_more(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    first, second = accounts
    remote = Remote(messages=[incoming(f"t{i}", f"Nachricht {i}", sent_at=1_780_000_000 + i)
                              for i in range(50)], page=10)
    stop = threading.Event()
    channels.by_account[first] = StopsAfter(remote, stop, at_pull=2)
    other = Remote(messages=[incoming("o", "andere", sent_at=1_780_000_000)])
    channels.by_account[second] = FakeChannel(other)
    runs: list[SyncReport] = []

    make_engine().watch(stop, 60.0, runs.append)  # returns: the stop came during the run

    assert [a.batches for a in runs[0].accounts] == [2]  # the second batch was committed
    assert remote.pulls == 2 and other.pulls == 0  # nothing after the stop
    assert _count(store) == 20
    assert _last_sync(store, first) is None  # half an import is not "synced"
    assert make_engine().run_once().ok  # the next run carries on from the cursor
    assert _count(store) == 51
    assert _last_sync(store, first) is not None
