"""The demo channel: replies travel the outbox like real ones and end up sent."""

from __future__ import annotations

import json
from pathlib import Path

from app.store import ops, outbox, queries
from app.store.database import Store, open_store
from services.channels.demo import DELIVERED_FOLDER, DemoChannel
from services.registry import channel_factory
from services.secrets import SecretStore
from services.sync import SyncEngine
from tests.conftest import FakeClock
from tests.factories import incoming, ingest, workspace_with_account


def _demo_conversation(store: Store) -> tuple[int, int]:
    _ws, acc = workspace_with_account(store)  # kind "demo"
    result = ingest(store, acc, incoming("t1", "Haben Sie Dinkelbrot?", sent_at=1_789_000_000))
    return acc, result.conversation_ids.pop()


def _engine(store: Store) -> SyncEngine:
    # No keyring on this machine: the demo must never need one.
    return SyncEngine(store, channel_factory(store, SecretStore()))


def test_a_demo_reply_goes_through_the_outbox_and_ends_up_sent(store: Store) -> None:
    acc, conv = _demo_conversation(store)
    msg_id, _undo = ops.reply(store, conv, "Ja, ab 7 Uhr frisch!")
    ops.set_label(store, conv, "Brot")
    ops.set_read(store, conv, True)
    ops.mark_done(store, conv)
    assert queries.pending_outbox_count(store.reader()) == 4

    report = _engine(store).run_once()

    assert report.ok
    assert report.accounts[0].sent == 4
    assert queries.pending_outbox_count(store.reader()) == 0
    detail = queries.conversation_detail(store.reader(), conv)
    assert [(m.direction, m.state) for m in detail.messages] == [("in", "received"),
                                                                 ("out", "sent")]
    assert detail.messages[-1].id == msg_id
    assert queries.accounts(store.reader())[0].last_sync_at == store.clock()
    key = outbox.list_outbox(store.reader(), include_sent=True)[0].idempotency_key
    assert json.loads(queries.cursors(store.reader(), acc)[DELIVERED_FOLDER]) == [key]


def test_after_a_crash_the_demo_knows_what_it_delivered(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "demo.sqlite3"
    store = open_store(path, clock)
    acc, conv = _demo_conversation(store)
    ops.reply(store, conv, "Erste")
    ops.reply(store, conv, "Zweite")
    delivered, queued = outbox.list_outbox(store.reader())
    # The run died after the channel took the first reply, before marking it sent.
    outbox.mark_sending(store, delivered.id)
    DemoChannel(store, acc).send(delivered)
    outbox.mark_sending(store, queued.id)
    store.close()

    store = open_store(path, clock)  # a restart
    report = _engine(store).run_once()

    assert report.accounts[0].recovered == 1
    assert report.accounts[0].sent == 1
    items = outbox.list_outbox(store.reader(), include_sent=True)
    assert [(i.state, i.attempts) for i in items] == [("sent", 1), ("sent", 2)]
    keys = json.loads(queries.cursors(store.reader(), acc)[DELIVERED_FOLDER])
    assert keys == [delivered.idempotency_key, queued.idempotency_key]
    store.close()


def test_an_account_kind_without_adapter_fails_alone(store: Store) -> None:
    _acc, conv = _demo_conversation(store)
    ws = ops.create_workspace(store, "Zukunft")
    ops.create_account(store, ws, "carrier-pigeon", "Tauben", "taube@example.org")
    ops.reply(store, conv, "Gerne")

    report = _engine(store).run_once()

    assert [a.error for a in report.accounts] == [
        "", "Tresen cannot sync 'carrier-pigeon' accounts yet"]
    assert queries.pending_outbox_count(store.reader()) == 0
