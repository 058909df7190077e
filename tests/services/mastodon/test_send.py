"""Replies and read state through the real sync engine, outbox and store."""

from __future__ import annotations

import time
from typing import Any

import pytest

from app.store import ops, outbox
from app.store.database import Store
from app.store.queries import AccountInfo
from services.mastodon.adapter import MastodonChannel
from services.sync import SyncEngine
from tests.conftest import FakeClock
from tests.services.mastodon.conftest import ChannelFactory
from tests.services.mastodon.helpers import conversations, messages, sync
from tests.services.mastodon.server import FakeMastodon


@pytest.fixture(autouse=True)
def real_time(clock: FakeClock) -> None:
    clock.now = int(time.time())  # the server stamps statuses with the real time


def _engine(store: Store, make_channel: ChannelFactory) -> SyncEngine:
    return SyncEngine(store, lambda _account: make_channel())


def _customer_post(mastodon: FakeMastodon, store: Store, account: AccountInfo,
                   make_channel: ChannelFactory, visibility: str = "public"
                   ) -> tuple[dict[str, Any], dict[str, Any], int]:
    anna = mastodon.add_account("anna", "Anna Becker", domain="social.example")
    post = mastodon.add_status(anna, "Habt ihr glutenfreies Brot?", visibility=visibility)
    sync(store, account.id, make_channel())
    return anna, post, conversations(store)[0]["id"]


@pytest.mark.parametrize("visibility", ["public", "unlisted", "private", "direct"])
def test_reply_keeps_visibility_mentions_and_carries_the_key(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory, visibility: str) -> None:
    _, post, conv = _customer_post(mastodon, store, account, make_channel, visibility)
    message_id, _ = ops.reply(store, conv, "Ja, jeden Freitag!")
    key = outbox.list_outbox(store.reader())[0].idempotency_key

    report = _engine(store, make_channel).run_once()

    assert report.accounts[0].error == "" and report.accounts[0].sent == 1
    [request] = mastodon.posted()
    assert request.headers["idempotency-key"] == key
    assert request.form["status"] == ["@anna@social.example Ja, jeden Freitag!"]
    assert request.form["in_reply_to_id"] == [post["id"]]
    assert request.form["visibility"] == [visibility]  # never wider than the customer's
    [ours] = mastodon.our_statuses()
    sent = next(m for m in messages(store, conv) if m["direction"] == "out")
    assert (sent["remote_id"], sent["state"]) == (ours["id"], "sent")
    assert outbox.list_outbox(store.reader()) == []
    assert message_id


def test_crash_after_send_before_mark_is_not_sent_twice(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory) -> None:
    _, _, conv = _customer_post(mastodon, store, account, make_channel)
    ops.reply(store, conv, "Ja, jeden Freitag!")
    item = outbox.list_outbox(store.reader())[0]
    outbox.mark_sending(store, item.id)
    make_channel().send(item)  # arrives; then Tresen dies before mark_sent
    mastodon.idempotency.clear()  # hours later: the server forgot the key

    report = _engine(store, make_channel).run_once()

    assert report.accounts[0].recovered == 1
    assert len(mastodon.our_statuses()) == 1 and len(mastodon.posted()) == 1
    assert outbox.get_item(store.reader(), item.id).state == "sent"


def test_crash_before_the_request_left_sends_once(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory) -> None:
    _, _, conv = _customer_post(mastodon, store, account, make_channel)
    ops.reply(store, conv, "Ja, jeden Freitag!")
    item = outbox.list_outbox(store.reader())[0]
    outbox.mark_sending(store, item.id)  # and then the crash

    assert make_channel().was_delivered(item) is False
    _engine(store, make_channel).run_once()
    assert len(mastodon.our_statuses()) == 1
    assert outbox.get_item(store.reader(), item.id).state == "sent"


def test_lost_answer_is_settled_by_recovery_not_resent(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory) -> None:
    _, _, conv = _customer_post(mastodon, store, account, make_channel)
    ops.reply(store, conv, "Ja, jeden Freitag!")
    item = outbox.list_outbox(store.reader())[0]
    mastodon.fail_next("/api/v1/statuses", method="POST", status=502, after_handling=True)

    _engine(store, make_channel).run_once()
    assert outbox.get_item(store.reader(), item.id).state == "sending"  # cannot tell yet

    mastodon.idempotency.clear()
    _engine(store, make_channel).run_once()
    assert outbox.get_item(store.reader(), item.id).state == "sent"
    assert len(mastodon.our_statuses()) == 1


def test_was_delivered_is_none_when_the_server_cannot_be_reached(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory) -> None:
    _, _, conv = _customer_post(mastodon, store, account, make_channel)
    ops.reply(store, conv, "Ja")
    item = outbox.list_outbox(store.reader())[0]
    mastodon.fail_next("/api/v1/accounts/", status=503)
    assert make_channel().was_delivered(item) is None


def test_reply_to_a_deleted_post_fails_permanently(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory) -> None:
    _, post, conv = _customer_post(mastodon, store, account, make_channel)
    ops.reply(store, conv, "Ja")
    del mastodon.statuses[post["id"]]
    report = _engine(store, make_channel).run_once()
    assert report.accounts[0].failed == 1
    [item] = outbox.list_outbox(store.reader())
    assert item.state == "failed" and "gone or hidden" in item.last_error
    assert mastodon.posted() == []


def test_rate_limited_reply_waits_as_the_server_asks(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory, clock: FakeClock) -> None:
    _, _, conv = _customer_post(mastodon, store, account, make_channel)
    ops.reply(store, conv, "Ja")
    mastodon.fail_next("/api/v1/statuses", method="POST", status=429, headers={"Retry-After": "90"},
                       body=b'{"error": "Too many requests"}')
    report = _engine(store, make_channel).run_once()
    assert report.accounts[0].retrying == 1
    [item] = outbox.list_outbox(store.reader())
    assert item.state == "pending" and item.next_attempt_at >= clock.now + 90
    assert mastodon.our_statuses() == []


def test_revoked_token_keeps_the_reply_queued_and_says_sign_in_again(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory) -> None:
    _, _, conv = _customer_post(mastodon, store, account, make_channel)
    ops.reply(store, conv, "Ja")
    mastodon.valid_tokens.clear()
    report = _engine(store, make_channel).run_once()
    assert "sign in again" in report.accounts[0].error.lower()
    [item] = outbox.list_outbox(store.reader())
    assert item.state == "pending"
    assert len(messages(store, conv)) == 2


def test_reading_a_conversation_moves_the_marker_only_when_sensible(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory) -> None:
    anna = mastodon.add_account("anna", "Anna")
    bernd = mastodon.add_account("bernd", "Bernd")
    t = time.time() - 600
    mastodon.add_status(anna, "Zuerst", at=t)
    mastodon.add_status(bernd, "Danach", at=t + 60)
    sync(store, account.id, make_channel())
    first, second = (c["id"] for c in conversations(store))

    ops.set_read(store, second, True)  # would also mark Anna's older mention read: local only
    _engine(store, make_channel).run_once()
    assert mastodon.marker is None

    ops.set_read(store, first, True)
    _engine(store, make_channel).run_once()
    assert mastodon.marker == mastodon.notifications[0]["id"]
    ops.set_read(store, second, False)
    _engine(store, make_channel).run_once()  # "unread" cannot move the marker back
    assert mastodon.marker == mastodon.notifications[0]["id"]
    ops.set_read(store, second, True)  # now nothing older is unread: the marker moves
    _engine(store, make_channel).run_once()
    assert mastodon.marker == mastodon.notifications[1]["id"]
    assert outbox.list_outbox(store.reader()) == []


def test_capabilities_and_repr_hide_the_token(make_channel: ChannelFactory) -> None:
    channel: MastodonChannel = make_channel(token="s3cret-token")
    caps = channel.capabilities
    assert caps.replies and caps.read_state and not caps.remote_labels and not caps.archive
    assert "s3cret" not in repr(channel) and "s3cret" not in repr(channel.api)
