"""Exactly once: a reply survives a crash at every point and is never sent twice.

In-process cases raise ``Crash`` (a ``BaseException``) where the process
would die; the SIGKILL cases kill a real sync process between the channel
accepting the reply and the outbox marking it sent, with the "server"'s
record of accepted messages in a file that outlives the process.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from app.records import Batch
from app.store import ops, outbox
from app.store.database import Store, open_store
from app.store.outbox import OutboxEntry
from services.channel import Capabilities, SendResult
from services.sync import SyncEngine
from tests.conftest import FakeClock
from tests.services.sync.conftest import Channels, conversation, fake
from tests.services.sync.fakes import Crash, FakeChannel, Remote

T0 = 1_789_990_000


def _reply(store: Store, account_id: int) -> tuple[int, int]:
    msg_id, _undo = ops.reply(store, conversation(store, account_id, "a", T0), "Gerne!")
    return msg_id, outbox.list_outbox(store.reader())[0].id


def _state(store: Store, item_id: int) -> tuple[str, str]:
    item = outbox.get_item(store.reader(), item_id)
    msg = store.reader().execute("SELECT state FROM message WHERE id = ?",
                                 (item.message_id,)).fetchone()[0]
    return item.state, msg


class CrashBeforeSend(FakeChannel):
    def send(self, item: OutboxEntry) -> SendResult:
        raise Crash  # died after writing "sending", before the server saw anything


def test_crash_before_sending_sends_once_on_the_next_run(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    _msg, item_id = _reply(store, acc)
    remote = Remote()
    channels.by_account[acc] = CrashBeforeSend(remote)
    with pytest.raises(Crash):
        make_engine().run_once(account_ids=[acc])
    assert _state(store, item_id) == ("sending", "sending")

    fake(channels, acc, remote)
    make_engine().run_once(account_ids=[acc])

    assert _state(store, item_id) == ("sent", "sent")
    assert len(remote.delivered) == 1


def test_crash_after_the_channel_accepted_is_marked_sent_without_a_second_send(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    _msg, item_id = _reply(store, acc)
    remote = Remote()
    fake(channels, acc, remote, crash_after_accept=True)
    with pytest.raises(Crash):
        make_engine().run_once(account_ids=[acc])
    assert _state(store, item_id) == ("sending", "sending")

    fake(channels, acc, remote)
    report = make_engine().run_once(account_ids=[acc])

    assert report.accounts[0].recovered == 1
    assert _state(store, item_id) == ("sent", "sent")
    assert remote.send_calls == 1
    assert len(remote.delivered) == 1


def test_when_the_channel_cannot_tell_the_reply_is_unknown_and_never_resent(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine], clock: FakeClock) -> None:
    acc = accounts[0]
    conv = conversation(store, acc, "a", T0)
    ops.reply(store, conv, "Erste")
    ops.reply(store, conv, "Zweite")
    first, second = (i.id for i in outbox.list_outbox(store.reader()))
    remote = Remote(can_tell=False)
    fake(channels, acc, remote, crash_after_accept=True)
    with pytest.raises(Crash):
        make_engine().run_once(account_ids=[acc])

    for _ in range(3):
        fake(channels, acc, remote)
        report = make_engine().run_once(account_ids=[acc])
        clock.advance(86_400)

    assert _state(store, first) == ("unknown", "unknown")
    assert "cannot say whether it arrived" in outbox.get_item(store.reader(), first).last_error
    assert report.ok
    # The first reply went out exactly once; the owner now decides about it,
    # and the reply queued after it is no longer held back.
    assert [p["text"] for _k, _key, p in remote.delivered] == ["Erste", "Zweite"]
    assert _state(store, second) == ("sent", "sent")


def test_an_interrupted_label_is_simply_applied_again(
        store: Store, accounts: tuple[int, int], channels: Channels,
        make_engine: Callable[[], SyncEngine]) -> None:
    acc = accounts[0]
    ops.set_label(store, conversation(store, acc, "a", T0), "VIP")
    remote = Remote(can_tell=False)
    fake(channels, acc, remote, crash_after_accept=True)
    with pytest.raises(Crash):
        make_engine().run_once(account_ids=[acc])

    fake(channels, acc, remote)
    make_engine().run_once(account_ids=[acc])

    assert [i.state for i in outbox.list_outbox(store.reader(), include_sent=True)] == ["sent"]
    assert [kind for kind, _key, _p in remote.delivered] == ["label", "label"]


# -- a real process, really killed --------------------------------------------
class FileServer(FakeChannel):
    """The server's accepted-message log is a file: it survives the SIGKILL."""

    def __init__(self, log: Path, *, kill_after_accept: bool = False,
                 kill_before_send: bool = False) -> None:
        super().__init__(Remote(), caps=Capabilities())
        self.log = log
        self.kill_after_accept = kill_after_accept
        self.kill_before_send = kill_before_send

    def pull(self, cursors: Mapping[str, str]) -> Batch:
        return Batch()

    def accepted(self) -> list[str]:
        if not self.log.exists():
            return []
        return [json.loads(line)["key"] for line in self.log.read_text().splitlines()]

    def send(self, item: OutboxEntry) -> SendResult:
        if self.kill_before_send:
            os.kill(os.getpid(), signal.SIGKILL)
        with self.log.open("a") as handle:
            handle.write(json.dumps({"key": item.idempotency_key}) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        if self.kill_after_accept:
            os.kill(os.getpid(), signal.SIGKILL)
        return SendResult()

    def was_delivered(self, item: OutboxEntry) -> bool | None:
        return item.idempotency_key in self.accepted()


def _sync_and_die(store_path: str, log: str, where: str) -> None:
    store = open_store(Path(store_path), FakeClock())
    server = FileServer(Path(log), kill_after_accept=where == "after_accept",
                        kill_before_send=where == "before_send")
    SyncEngine(store, lambda _account: server).run_once()


@pytest.mark.parametrize("where", ["before_send", "after_accept"])
def test_sigkill_during_send_never_gives_two_copies(
        store: Store, accounts: tuple[int, int], tmp_path: Path, where: str) -> None:
    acc = accounts[0]
    _msg_id, item_id = _reply(store, acc)
    log = tmp_path / "server.log"
    child = multiprocessing.get_context("spawn").Process(
        target=_sync_and_die, args=(str(store.path), str(log), where))
    child.start()
    child.join(60)

    assert child.exitcode == -signal.SIGKILL
    assert _state(store, item_id) == ("sending", "sending")

    server = FileServer(log)
    SyncEngine(store, lambda _account: server).run_once()

    assert _state(store, item_id) == ("sent", "sent")
    key = outbox.get_item(store.reader(), item_id).idempotency_key
    assert server.accepted() == [key]
    assert store.reader().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
