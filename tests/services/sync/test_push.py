"""Pushing the outbox: order per conversation, backoff, failures the owner sees."""

from __future__ import annotations

from collections.abc import Callable

from app.store import ops, outbox, queries
from app.store.database import Store
from services.channel import (
    AuthError,
    Capabilities,
    PermanentError,
    TemporaryError,
)
from services.sync import SyncEngine
from tests.conftest import FakeClock
from tests.services.sync.conftest import Channels, conversation, fake
from tests.services.sync.fakes import Remote

T0 = 1_789_990_000


def _states(store: Store) -> dict[int, tuple[str, int, str]]:
    return {i.id: (i.state, i.attempts, i.last_error)
            for i in outbox.list_outbox(store.reader(), include_sent=True)}


def _message_state(store: Store, message_id: int) -> str:
    return str(store.reader().execute("SELECT state FROM message WHERE id = ?",
                                      (message_id,)).fetchone()[0])


def test_items_go_out_in_order_per_conversation_and_a_stuck_one_holds_back_its_followers(
        store: Store, accounts: tuple[int, int], channels: Channels, clock: FakeClock,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    a = conversation(store, acc, "a", T0)
    b = conversation(store, acc, "b", T0 + 1)
    ops.reply(store, a, "Erste Antwort")
    ops.set_label(store, a, "Bestellung")
    ops.reply(store, a, "Zweite Antwort")
    ops.reply(store, b, "Antwort an B")
    remote = Remote()
    fake(channels, acc, remote, send_errors=[TemporaryError("451 try later")])

    make_engine().run_once(account_ids=[acc])

    # Conversation a is held behind its first reply; b is not.
    assert [(k, p.get("text")) for k, _key, p in remote.delivered] == [("reply", "Antwort an B")]

    clock.advance(3600)
    fake(channels, acc, remote)
    report = make_engine().run_once(account_ids=[acc])

    assert report.accounts[0].sent == 3
    assert [(k, p.get("text", p.get("label"))) for k, _key, p in remote.delivered[1:]] == [
        ("reply", "Erste Antwort"), ("label", "Bestellung"), ("reply", "Zweite Antwort")]
    assert {state for state, _n, _e in _states(store).values()} == {"sent"}


def test_temporary_errors_back_off_exponentially_with_jitter(
        store: Store, accounts: tuple[int, int], channels: Channels, clock: FakeClock,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    msg_id, _undo = ops.reply(store, conversation(store, acc, "a", T0), "Hallo")
    remote = Remote()
    item_id = outbox.list_outbox(store.reader())[0].id
    waits = []
    for _ in range(4):
        fake(channels, acc, remote, send_errors=[TemporaryError("network unreachable")])
        make_engine().run_once(account_ids=[acc])
        item = outbox.get_item(store.reader(), item_id)
        waits.append(item.next_attempt_at - clock.now)
        assert (item.state, item.last_error) == ("pending", "network unreachable")
        assert _message_state(store, msg_id) == "queued"
        # Not due yet: another run does not touch it.
        make_engine().run_once(account_ids=[acc])
        clock.advance(item.next_attempt_at - clock.now)

    # base 60 · 2^(n-1), plus jitter 0.5 · rand 0.5 = 25 %.
    assert waits == [75, 150, 300, 600]
    assert outbox.get_item(store.reader(), item_id).attempts == 4
    assert remote.send_calls == 4


def test_retry_after_is_honoured_and_capped(
        store: Store, accounts: tuple[int, int], channels: Channels, clock: FakeClock,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    ops.reply(store, conversation(store, acc, "a", T0), "Hallo")
    item_id = outbox.list_outbox(store.reader())[0].id
    remote = Remote()

    fake(channels, acc, remote, send_errors=[TemporaryError("429 slow down", retry_after=17)])
    make_engine().run_once(account_ids=[acc])
    assert outbox.get_item(store.reader(), item_id).next_attempt_at == clock.now + 17

    clock.advance(17)
    fake(channels, acc, remote,
         send_errors=[TemporaryError("503", retry_after=30 * 86_400)])
    make_engine().run_once(account_ids=[acc])
    assert outbox.get_item(store.reader(), item_id).next_attempt_at == clock.now + 6 * 3600


def test_a_permanent_error_fails_the_item_and_retry_sends_it(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    conv = conversation(store, acc, "a", T0)
    msg_id, _undo = ops.reply(store, conv, "Hallo")
    item_id = outbox.list_outbox(store.reader())[0].id
    remote = Remote()
    fake(channels, acc, remote,
         send_errors=[PermanentError("550 mailbox unavailable: kunde@example.org")])

    report = make_engine().run_once(account_ids=[acc])

    assert report.accounts[0].failed == 1
    assert report.ok  # the account itself is fine; the message shows its problem
    assert _states(store)[item_id][0] == "failed"
    view = queries.conversation_detail(store.reader(), conv).messages[-1]
    assert (view.state, view.last_error) == (
        "failed", "550 mailbox unavailable: kunde@example.org")
    fake(channels, acc, remote)
    make_engine().run_once(account_ids=[acc])
    assert remote.delivered == []  # failed items are not retried by themselves

    outbox.retry(store, item_id)
    make_engine().run_once(account_ids=[acc])

    assert _message_state(store, msg_id) == "sent"
    assert len(remote.delivered) == 1


def test_auth_error_fails_the_item_records_the_account_and_stops_its_other_items(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    bad, good = accounts
    for thread in ("a", "b", "c"):
        ops.reply(store, conversation(store, bad, thread, T0), f"Antwort {thread}")
    ops.reply(store, conversation(store, good, "x", T0), "Antwort x")
    bad_remote, good_remote = Remote(), Remote()
    fake(channels, bad, bad_remote, send_errors=[AuthError("535 authentication failed")])
    fake(channels, good, good_remote)

    report = make_engine().run_once()

    assert report.accounts[0].error == "Sign in again: 535 authentication failed"
    assert bad_remote.send_calls == 1
    states = sorted((i.state, i.attempts) for i in outbox.list_outbox(store.reader(),
                                                                      include_sent=True)
                    if i.account_id == bad)
    assert states == [("failed", 1), ("pending", 0), ("pending", 0)]
    assert [a.last_error for a in queries.accounts(store.reader())] == [
        "Sign in again: 535 authentication failed", ""]
    assert len(good_remote.delivered) == 1


def test_changes_the_channel_cannot_mirror_stay_local_and_are_not_sent(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    conv = conversation(store, acc, "a", T0)
    ops.set_label(store, conv, "Rechnung")
    ops.mark_done(store, conv)
    ops.reply(store, conv, "Danke!")
    remote = Remote()
    fake(channels, acc, remote, caps=Capabilities(replies=True))

    make_engine().run_once(account_ids=[acc])

    assert [kind for kind, _key, _payload in remote.delivered] == ["reply"]
    assert {state for state, _n, _e in _states(store).values()} == {"sent"}
