"""Pulling: batch and cursor land together; re-syncs rewrite nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app.records import Batch, IncomingMessage
from app.store import queries
from app.store.database import Store
from services.channel import AuthError, TemporaryError
from services.sync import SyncEngine
from tests.conftest import FakeClock
from tests.factories import incoming
from tests.services.sync.conftest import Channels, conversation, fake
from tests.services.sync.fakes import FakeChannel, Remote


def _mail(n: int, start: int = 1_780_000_000) -> list[IncomingMessage]:
    return [incoming(f"t{i % 7}", f"Nachricht {i}", sent_at=start + i,
                     remote_id=f"<msg{i}@kunde.example>") for i in range(n)]


def _message_count(store: Store, account_id: int) -> int:
    return int(store.reader().execute(
        "SELECT count(*) FROM message WHERE account_id = ?", (account_id,)).fetchone()[0])


def test_a_failure_mid_way_keeps_the_complete_batches_and_the_rerun_finishes(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    remote = Remote(messages=_mail(45), page=10)
    fake(channels, acc, remote, pull_errors={3: TemporaryError("connection reset")})

    report = make_engine().run_once(account_ids=[acc])

    assert _message_count(store, acc) == 30
    assert queries.cursors(store.reader(), acc) == {"inbox": "30"}
    assert "connection reset" in report.accounts[0].error
    assert queries.accounts(store.reader())[0].last_error == report.accounts[0].error

    fake(channels, acc, remote)
    report = make_engine().run_once(account_ids=[acc])

    assert report.ok
    assert report.accounts[0].inserted == 15
    assert _message_count(store, acc) == 45
    remote_ids = [r[0] for r in store.reader().execute(
        "SELECT remote_id FROM message WHERE account_id = ?", (acc,))]
    assert len(remote_ids) == len(set(remote_ids)) == 45
    assert queries.accounts(store.reader())[0].last_error == ""


def test_resync_of_unchanged_messages_rewrites_no_row(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    remote = Remote(messages=_mail(25), page=10)
    fake(channels, acc, remote)
    make_engine().run_once(account_ids=[acc])
    # A test-only trigger counts every write to the message table from here on.
    with store.write() as conn:
        conn.exec_driver_sql("CREATE TABLE audit (n INTEGER)")
        conn.exec_driver_sql("CREATE TRIGGER audit_u AFTER UPDATE ON message"
                             " BEGIN INSERT INTO audit VALUES (1); END")
        conn.exec_driver_sql("CREATE TRIGGER audit_i AFTER INSERT ON message"
                             " BEGIN INSERT INTO audit VALUES (1); END")
        conn.exec_driver_sql("DELETE FROM sync_cursor")  # forget where we were: a full re-sync
    before = store.reader().execute(
        "SELECT id, remote_id, content_hash FROM message ORDER BY id").fetchall()

    fake(channels, acc, remote)
    report = make_engine().run_once(account_ids=[acc])

    assert report.accounts[0].unchanged == 25
    assert report.accounts[0].inserted == report.accounts[0].updated == 0
    assert store.reader().execute("SELECT count(*) FROM audit").fetchone()[0] == 0
    assert store.reader().execute(
        "SELECT id, remote_id, content_hash FROM message ORDER BY id").fetchall() == before


def test_progress_is_reported_as_each_batch_arrives(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    fake(channels, acc, Remote(messages=_mail(25), page=10))
    seen: list[tuple[int, int, str]] = []
    # The store already holds each batch when its progress line is shown.
    counts: list[int] = []

    def progress(done: int, total: int, text: str) -> None:
        seen.append((done, total, text))
        counts.append(_message_count(store, acc))

    make_engine().run_once(progress, account_ids=[acc])

    batches = [(done, text) for done, _total, text in seen if "messages" in text]
    assert batches == [(10, "Bäckerei: 10 messages"), (20, "Bäckerei: 20 messages"),
                       (25, "Bäckerei: 25 messages")]
    assert counts[-1] == 25
    assert [c for (_d, _t, text), c in zip(seen, counts, strict=True) if "messages" in text] \
        == [10, 20, 25]


def test_an_auth_failure_in_one_account_leaves_the_other_synced(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    bad, good = accounts
    fake(channels, bad, pull_errors={0: AuthError("password rejected")})
    fake(channels, good, Remote(messages=_mail(3)))

    report = make_engine().run_once()

    assert [a.ok for a in report.accounts] == [False, True]
    assert report.accounts[0].error == "Sign in again: password rejected"
    info = {a.id: a for a in queries.accounts(store.reader())}
    assert info[bad].last_error == "Sign in again: password rejected"
    assert info[bad].last_sync_at is None
    assert info[good].last_error == ""
    assert info[good].last_sync_at == store.clock()
    assert _message_count(store, good) == 3


def test_a_broken_adapter_is_one_failed_account_not_a_crash(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    bad, good = accounts
    fake(channels, bad, pull_errors={0: KeyError("uid")})
    fake(channels, good, Remote(messages=_mail(2)))

    report = make_engine().run_once()

    assert report.accounts[0].error == "unexpected error: KeyError: 'uid'"
    assert report.accounts[1].ok
    assert all(c.closed for c in channels.by_account.values())  # type: ignore[attr-defined]


def test_more_without_moving_the_cursor_does_not_loop_forever(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]

    class Stuck(FakeChannel):
        def pull(self, cursors: Mapping[str, str]) -> Batch:
            return Batch(more=True)

    channels.by_account[acc] = Stuck(Remote())

    report = make_engine().run_once(account_ids=[acc])

    assert report.ok
    assert report.accounts[0].batches == 1


def test_each_run_reopens_snoozed_conversations_whose_time_has_come(
        store: Store, accounts: tuple[int, int], channels: Channels, clock: FakeClock,
        make_engine: Callable[[], SyncEngine]) -> None:
    from app.store import ops

    conv = conversation(store, accounts[0], "frage", clock.now - 60)
    fake(channels, accounts[0])
    fake(channels, accounts[1])
    ops.snooze(store, conv, clock.now + 3600)
    assert make_engine().run_once().woken == []
    clock.advance(3600)
    report = make_engine().run_once()
    assert report.woken == [conv] and conv in report.conversation_ids
    assert queries.conversation_row(store.reader(), conv).status == "open"
