"""The single write path: threading, summaries, idempotent re-sync, atomicity."""

from __future__ import annotations

import sqlite3

import pytest

from app.records import Attachment, Batch, Direction, FlagChange, IncomingMessage, Stream
from app.store import ops, queries
from app.store.database import Store
from app.store.ingest import apply_batch
from app.store.search import search
from tests.conftest import FakeClock
from tests.factories import HOSTILE_HTML, incoming, ingest, workspace_with_account


def _count(store: Store, table: str) -> int:
    return int(sqlite3.connect(store.path).execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_replies_join_their_parent_thread_even_across_batches(store: Store,
                                                             clock: FakeClock) -> None:
    _, acc = workspace_with_account(store)
    ingest(store, acc, incoming("root", "Frage", sent_at=clock.now - 100, remote_id="<r@x>"))
    ingest(store, acc, incoming("other-key", "Nachfrage", sent_at=clock.now - 50,
                                parents=("<r@x>",)))
    [conv] = queries.conversation_ids(store.reader(), queries.ConversationFilter())
    detail = queries.conversation_detail(store.reader(), conv)
    assert [m.text for m in detail.messages] == ["Frage", "Nachfrage"]
    assert detail.row.snippet == "Nachfrage"
    assert detail.row.waiting_since == clock.now - 100


def test_our_answer_clears_waiting_and_a_new_question_sets_it(store: Store,
                                                             clock: FakeClock) -> None:
    _, acc = workspace_with_account(store)
    ingest(store, acc,
           incoming("t", "Frage", sent_at=clock.now - 300),
           incoming("t", "Antwort", sent_at=clock.now - 200, direction=Direction.OUT))
    conv = queries.conversation_ids(store.reader(), queries.ConversationFilter())[0]
    assert queries.conversation_row(store.reader(), conv).waiting_since is None
    ingest(store, acc, incoming("t", "Danke, noch was", sent_at=clock.now - 100))
    assert queries.conversation_row(store.reader(), conv).waiting_since == clock.now - 100


def test_resync_of_unchanged_messages_rewrites_nothing(store: Store, clock: FakeClock) -> None:
    _, acc = workspace_with_account(store)
    batch = [incoming(f"t{i}", f"Nachricht {i}", sent_at=clock.now - i, remote_id=f"<{i}@x>")
             for i in range(50)]
    ingest(store, acc, *batch)
    conn = sqlite3.connect(store.path)
    before = conn.execute("SELECT sum(data_version) FROM pragma_data_version").fetchone()
    result = ingest(store, acc, *batch)
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, 50)
    assert _count(store, "message") == 50
    # data_version changes on another connection's commit only if a page changed.
    after = conn.execute("SELECT sum(data_version) FROM pragma_data_version").fetchone()
    assert before == after


def test_an_edited_message_updates_in_place_and_in_search(store: Store,
                                                         clock: FakeClock) -> None:
    _, acc = workspace_with_account(store)
    ingest(store, acc, incoming("t", "Der Kuchen war trocken", sent_at=clock.now,
                                remote_id="<e@x>", stream=Stream.LISTENING))
    result = ingest(store, acc, incoming("t", "Der Kuchen war köstlich", sent_at=clock.now,
                                         remote_id="<e@x>", stream=Stream.LISTENING))
    assert result.updated == 1 and _count(store, "message") == 1
    assert search(store.reader(), "trocken") == []
    assert len(search(store.reader(), "köstlich")) == 1


def test_flag_changes_and_deletions(store: Store, clock: FakeClock) -> None:
    _, acc = workspace_with_account(store)
    ingest(store, acc,
           incoming("t", "eins", sent_at=clock.now - 2, remote_id="<1@x>"),
           incoming("t", "zwei", sent_at=clock.now - 1, remote_id="<2@x>"),
           incoming("u", "allein", sent_at=clock.now, remote_id="<3@x>"))
    apply_batch(store, acc, Batch(flag_changes=(FlagChange("<1@x>", read=True),
                                                FlagChange("<2@x>", read=True))))
    ids = queries.conversation_ids(store.reader(), queries.ConversationFilter())
    rows = queries.conversation_rows(store.reader(), ids)
    assert {r.snippet: r.unread for r in rows.values()} == {"zwei": False, "allein": True}
    apply_batch(store, acc, Batch(deleted_remote_ids=("<2@x>", "<3@x>")))
    ids = queries.conversation_ids(store.reader(), queries.ConversationFilter())
    [row] = queries.conversation_rows(store.reader(), ids).values()
    assert (row.snippet, row.message_count) == ("eins", 1)
    assert search(store.reader(), "allein") == [] and search(store.reader(), "zwei") == []


def test_a_failing_batch_leaves_nothing_behind(store: Store, clock: FakeClock) -> None:
    _, acc = workspace_with_account(store)
    # Make SQLite itself fail half-way through the batch, after conversations,
    # contacts and the first messages were written.
    conn = sqlite3.connect(store.path)
    conn.execute("CREATE TRIGGER boom BEFORE INSERT ON message WHEN NEW.text = 'boom'"
                 " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
    conn.commit()
    batch = Batch(messages=(incoming("t", "gut", sent_at=clock.now - 1),
                            incoming("u", "boom", sent_at=clock.now)),
                  cursors={"INBOX": "42"})
    with pytest.raises(Exception, match="disk on fire"):
        apply_batch(store, acc, batch)
    for table in ("message", "conversation", "contact", "sync_cursor"):
        assert _count(store, table) == 0, table
    assert search(store.reader(), "gut") == []
    ingest(store, acc, incoming("t", "wieder gut", sent_at=clock.now))  # the writer is free
    assert search(store.reader(), "wieder") == [1]


def test_cursor_advances_with_the_batch(store: Store, clock: FakeClock) -> None:
    _, acc = workspace_with_account(store)
    ingest(store, acc, incoming("t", "a", sent_at=clock.now), cursors={"INBOX": "1:5"})
    ingest(store, acc, cursors={"INBOX": "1:9"})
    rows = sqlite3.connect(store.path).execute(
        "SELECT folder, value FROM sync_cursor").fetchall()
    assert rows == [("INBOX", "1:9")]


def test_html_is_kept_as_received_and_indexed_as_text(store: Store, clock: FakeClock) -> None:
    """The view sanitizes (tests/ui/test_thread_html.py); the store keeps the original."""
    _, acc = workspace_with_account(store)
    ingest(store, acc, incoming("t", "", sent_at=clock.now, html=HOSTILE_HTML))
    [msg] = queries.conversation_detail(store.reader(), 1).messages
    assert msg.html == HOSTILE_HTML
    assert msg.text == "Frische Brezeln"
    assert search(store.reader(), "brezeln") == [1]


def test_attachments_and_raw_source_are_kept(store: Store, clock: FakeClock) -> None:
    _, acc = workspace_with_account(store)
    msg = IncomingMessage(remote_id="<a@x>", thread_key="t", stream=Stream.DIRECT,
                          direction=Direction.IN, author_name="A", author_handle="a@x",
                          sent_at=clock.now, subject="Rechnung", text="anbei",
                          attachments=(Attachment("rechnung.pdf", "application/pdf", 1234),),
                          raw=b"\xff broken", parse_note="boundary missing")
    apply_batch(store, acc, Batch(messages=(msg,)))
    [view] = queries.conversation_detail(store.reader(), 1).messages
    assert [(a.name, a.size) for a in view.attachments] == [("rechnung.pdf", 1234)]
    raw = sqlite3.connect(store.path).execute("SELECT data, note FROM raw_source").fetchone()
    assert raw == (b"\xff broken", "boundary missing")


def test_contacts_are_per_workspace(store: Store, clock: FakeClock) -> None:
    _, acc1 = workspace_with_account(store, "A")
    _, acc2 = workspace_with_account(store, "B")
    ingest(store, acc1, incoming("t", "x", sent_at=clock.now, handle="Anna@Example.org"))
    ingest(store, acc2, incoming("t", "y", sent_at=clock.now, handle="anna@example.org"))
    ingest(store, acc1, incoming("t2", "z", sent_at=clock.now, handle="anna@example.org"))
    assert _count(store, "contact") == 2
    ws_a = ops.resolve_workspace(store, "A")
    flt = queries.ConversationFilter(workspace_id=ws_a)
    assert len(queries.conversation_ids(store.reader(), flt)) == 2


def test_a_known_contact_keeps_its_name_and_follows_its_bot_flag(
        store: Store, clock: FakeClock) -> None:
    from dataclasses import replace

    _, acc = workspace_with_account(store)
    ingest(store, acc, incoming("t1", "a", sent_at=clock.now, author=""))
    ingest(store, acc, replace(incoming("t2", "b", sent_at=clock.now, author="Anna Becker"),
                               contact_is_bot=True),
           incoming("t3", "c", sent_at=clock.now, handle="bernd@example.org", author="Bernd"))
    contacts = "SELECT handle, display_name, is_bot FROM contact ORDER BY id"
    assert sqlite3.connect(store.path).execute(contacts).fetchall() == [
        ("anna@example.org", "Anna Becker", 1), ("bernd@example.org", "Bernd", 0)]
    ingest(store, acc, incoming("t4", "d", sent_at=clock.now, author=""))
    assert sqlite3.connect(store.path).execute(contacts).fetchall() == [
        ("anna@example.org", "Anna Becker", 0), ("bernd@example.org", "Bernd", 0)]
    convs = sqlite3.connect(store.path).execute(
        "SELECT DISTINCT contact_id FROM conversation ORDER BY contact_id").fetchall()
    assert convs == [(1,), (2,)]


def test_labels_set_on_the_channel_follow_messages(store: Store, clock: FakeClock) -> None:
    from dataclasses import replace

    _, acc = workspace_with_account(store)
    first = replace(incoming("t", "eins", sent_at=clock.now - 2, remote_id="<1@x>"),
                    remote_labels=("Rückruf",))
    second = replace(incoming("t", "zwei", sent_at=clock.now - 1, remote_id="<2@x>"),
                     remote_labels=("Rückruf", "Wichtig"))
    apply_batch(store, acc, Batch(messages=(first, second)))
    names = lambda: [c.name for c in queries.conversation_row(store.reader(), 1).labels]  # noqa: E731
    assert names() == ["Rückruf", "Wichtig"]
    # Another mail client removes "Rückruf" from the second message only: the first
    # still carries it, so the conversation keeps it; "Wichtig" goes.
    apply_batch(store, acc, Batch(flag_changes=(FlagChange("<2@x>", remote_labels=()),)))
    assert names() == ["Rückruf"]
    apply_batch(store, acc, Batch(flag_changes=(FlagChange("<1@x>", remote_labels=()),)))
    assert names() == []
    # Local labels are not touched by a channel that reports no change.
    ops.set_label(store, 1, "Lokal")
    apply_batch(store, acc, Batch(flag_changes=(FlagChange("<1@x>", remote_labels=()),)))
    assert names() == ["Lokal"]


def test_listening_starts_no_waiting_clock(store: Store, clock: FakeClock) -> None:
    _, acc = workspace_with_account(store)
    ingest(store, acc, incoming("forum", "Beste Brezeln der Stadt", sent_at=clock.now,
                                stream=Stream.LISTENING))
    [conv] = queries.conversation_ids(store.reader(), queries.ConversationFilter())
    row = queries.conversation_row(store.reader(), conv)
    assert row.waiting_since is None and row.unread
    waiting = queries.ConversationFilter(view=queries.View.WAITING)
    assert queries.conversation_ids(store.reader(), waiting) == []
