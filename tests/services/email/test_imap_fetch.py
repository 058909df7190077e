"""The FETCH reader and FETCH sent ahead: against Dovecot, and a scripted server for
answers Dovecot never gives (odd item order, NO, BYE, a connection cut mid-message)."""

from __future__ import annotations

import imaplib
import socket
import threading
from collections.abc import Callable, Iterator, Mapping

import pytest

from app.records import Batch
from app.store.database import Store
from app.store.queries import AccountInfo
from services.channel import TemporaryError
from services.email.imap import ImapSession, connect
from services.email.settings import Endpoint
from tests.servers.dovecot import Dovecot, MailUser
from tests.services.email.conftest import ChannelFactory
from tests.services.email.helpers import mail, sync

ITEMS = "(UID FLAGS INTERNALDATE BODY.PEEK[])"


@pytest.fixture
def session(dovecot: Dovecot, mail_user: MailUser) -> Iterator[ImapSession]:
    dovecot.append_many(mail_user, "INBOX", [mail(n) for n in range(6)], flags="\\Seen")
    session = connect(Endpoint(dovecot.host, dovecot.port, "none"), mail_user.username,
                      mail_user.password, timeout=5)
    session.select("INBOX", readonly=True)
    yield session
    session.close()


def test_a_fetch_sent_ahead_answers_the_same_fetch_later(session: ImapSession) -> None:
    plain = session.fetch([1, 2, 3], ITEMS)
    session.fetch_ahead([1, 2, 3], ITEMS)
    ahead = session.fetch([1, 2, 3], ITEMS)
    assert [i.uid for i in ahead] == [1, 2, 3]
    assert ahead == plain
    assert ahead[0].body == mail(0) and "\\Seen" in ahead[0].flags
    assert ahead[0].internal_date is not None


def test_a_fetch_sent_ahead_and_never_asked_for_is_dropped_in_step(
        session: ImapSession) -> None:
    session.fetch_ahead([1, 2], ITEMS)
    assert [i.uid for i in session.fetch([4, 5], ITEMS)] == [4, 5]
    session.fetch_ahead([3], ITEMS)
    assert session.search("ALL") == [1, 2, 3, 4, 5, 6]  # an imaplib command after it
    session.fetch_ahead([6], ITEMS)
    session.fetch_ahead([1], ITEMS)  # replaces the one before
    assert [i.uid for i in session.fetch([1], ITEMS)] == [1]
    session.fetch_ahead([2], ITEMS)
    assert session.state("INBOX").exists == 6


def test_a_first_sync_sends_every_fetch_once_each_next_one_ahead(
        store: Store, account: AccountInfo, make_channel: ChannelFactory, dovecot: Dovecot,
        mail_user: MailUser, monkeypatch: pytest.MonkeyPatch) -> None:
    dovecot.append_many(mail_user, "INBOX", [mail(n) for n in range(700)])
    events: list[str] = []
    send = ImapSession._send

    def record(self: ImapSession, command: str) -> bytes:
        if command.endswith("BODY.PEEK[])"):
            events.append(command.split()[2])
        return send(self, command)

    monkeypatch.setattr(ImapSession, "_send", record)
    channel = make_channel(batch_size=300)
    pull = channel.pull

    def pull_and_mark(cursors: Mapping[str, str]) -> Batch:
        batch = pull(cursors)
        events.append("|")
        return batch

    monkeypatch.setattr(channel, "pull", pull_and_mark)
    result, rounds = sync(channel, store, account.id)
    assert (result.inserted, rounds) == (700, 3)
    # Batches of 300 = 250 + 50 per FETCH; each pull sends the next one's first FETCH
    # before it returns ("|"), and nothing is dropped and sent again.
    assert events == ["1:250", "251:300", "301:550", "|", "551:600", "601:700", "|", "|"]


def test_each_batch_of_a_long_import_reuses_the_plan_instead_of_copying_it(
        make_channel: ChannelFactory, dovecot: Dovecot, mail_user: MailUser) -> None:
    dovecot.append_many(mail_user, "INBOX", [mail(n) for n in range(30)])
    channel = make_channel(batch_size=10)
    first = channel.pull({})
    plan = channel._plans["INBOX"]
    second = channel.pull(first.cursors)
    assert [m.remote_id for m in second.messages] == [f"<m{n}@example.org>"
                                                      for n in range(10, 20)]
    # The same UID list serves every batch: no pass over the whole folder per batch.
    assert channel._plans["INBOX"].wanted is plan.wanted
    assert channel.expected_total() == 30


# -- a scripted server -------------------------------------------------------------
Script = Callable[[bytes], bytes]


@pytest.fixture
def scripted() -> Iterator[Callable[[Script], ImapSession]]:
    """A one-connection IMAP server; ``script(tag)`` answers our FETCH."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    threads: list[threading.Thread] = []
    sessions: list[ImapSession] = []

    def serve(script: Script) -> None:
        conn, _ = listener.accept()
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"* PREAUTH ready\r\n")
            for line in lines:
                tag, _, command = line.partition(b" ")
                if command.startswith(b"CAPABILITY"):
                    conn.sendall(b"* CAPABILITY IMAP4rev1\r\n" + tag + b" OK done\r\n")
                elif command.startswith(b"UID FETCH"):
                    conn.sendall(script(tag))
                    if b"BYE" in script(tag) or b"OK" not in script(tag):
                        return
                else:
                    conn.sendall(b"* BYE bye\r\n" + tag + b" OK done\r\n")
                    return

    def start(script: Script) -> ImapSession:
        thread = threading.Thread(target=serve, args=(script,))
        thread.start()
        threads.append(thread)
        port = listener.getsockname()[1]
        session = ImapSession(imaplib.IMAP4("127.0.0.1", port, timeout=5),
                              Endpoint("127.0.0.1", port, "none"))
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.abort()
    for thread in threads:
        thread.join(timeout=5)
    listener.close()


def test_items_in_any_order_between_untagged_noise(
        scripted: Callable[[Script], ImapSession]) -> None:
    session = scripted(lambda tag: (
        b"* 3 EXISTS\r\n"
        b"* 1 FETCH (BODY[] {5}\r\nHallo UID 7 FLAGS (\\Seen $Label)"
        b' INTERNALDATE "17-Jul-1996 02:44:25 -0700")\r\n'
        b"* 2 FETCH (FLAGS (\\Deleted))\r\n"  # unsolicited, no UID: not ours
        b"* 1 EXPUNGE\r\n"
        b"* 3 FETCH (UID 9 BODY[] {0}\r\n)\r\n"
        + tag + b" OK done\r\n"))
    items = session.fetch([7, 9], ITEMS)
    assert [(i.uid, i.flags, i.body) for i in items] == [
        (7, ("\\Seen", "$Label"), b"Hallo"), (9, (), b"")]
    assert items[0].internal_date == 837596665


@pytest.mark.parametrize(("answer", "error"), [
    (b"TAG NO [SERVERBUG] oops\r\n", "refused FETCH"),
    (b"* 1 FETCH (UID 1 BODY[] {10}\r\nHal", "broke"),
    (b"* BYE shutting down\r\n", "dropped the connection"),
    (b"", "broke"),
])
def test_a_broken_answer_is_a_temporary_error(
        scripted: Callable[[Script], ImapSession], answer: bytes, error: str) -> None:
    session = scripted(lambda tag: answer.replace(b"TAG", tag))
    with pytest.raises(TemporaryError, match=error):
        session.fetch([1], ITEMS)
