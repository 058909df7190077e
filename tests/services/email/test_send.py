"""Replies and mirrored actions against real Dovecot + aiosmtpd: exactly once, in order."""

from __future__ import annotations

import email
import imaplib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from email import policy

import pytest

from app.store import ops
from app.store.database import Store
from app.store.outbox import OutboxEntry, list_outbox
from app.store.queries import AccountInfo
from services.channel import AuthError, PermanentError, TemporaryError
from services.email.adapter import EmailChannel
from services.email.folders import PENDING_KEYWORD
from tests.servers.dovecot import own_dovecot
from tests.servers.smtp import SmtpServer
from tests.services.email.conftest import ChannelFactory, email_settings
from tests.services.email.helpers import append, mail, sync, uids_of


def conversation_id(store: Store) -> int:
    return int(store.reader().execute("SELECT id FROM conversation").fetchone()[0])


def item_of(store: Store, kind: str) -> OutboxEntry:
    return next(i for i in list_outbox(store.reader()) if i.kind == kind)


@pytest.fixture
def thread(store: Store, account: AccountInfo, channel: EmailChannel,
           other_client: imaplib.IMAP4) -> int:
    append(other_client, "INBOX", mail(1, subject="Torte für Samstag"))
    append(other_client, "INBOX", mail(2, subject="Re: Torte für Samstag",
                                       refs="<m1@example.org>"))
    sync(channel, store, account.id)
    return conversation_id(store)


def test_reply_round_trip(store: Store, account: AccountInfo, channel: EmailChannel,
                          smtp: SmtpServer, other_client: imaplib.IMAP4, thread: int) -> None:
    message_id, _ = ops.reply(store, thread, "Sehr gern, bis Samstag!")
    item = item_of(store, "reply")
    result = channel.send(item)
    remote_id = store.reader().execute("SELECT remote_id FROM message WHERE id = ?",
                                       (message_id,)).fetchone()[0]
    assert result.remote_id == remote_id

    [got] = smtp.messages
    assert got.rcpt_tos == ("anna@example.org",)
    sent = email.message_from_bytes(got.data, policy=policy.default)
    assert sent["Message-ID"] == remote_id
    assert sent["From"] == "Bäckerei Sonnenschein <hallo@baeckerei.example>"
    assert sent["To"] == "Anna Becker <anna@example.org>"
    assert sent["Subject"] == "Re: Torte für Samstag"
    assert sent["In-Reply-To"] == "<m2@example.org>"
    assert sent["References"] == "<m1@example.org> <m2@example.org>"
    assert sent["Date"] is not None
    assert sent.get_content().strip() == "Sehr gern, bis Samstag!"

    # Exactly one copy in Sent, no pending copy left, the original flagged \Answered.
    [uid] = uids_of(other_client, "Sent", remote_id)
    _, data = other_client.uid("FETCH", uid, "(FLAGS)")
    assert b"\\Seen" in data[0] and PENDING_KEYWORD.encode() not in data[0]
    [orig] = uids_of(other_client, "INBOX", "<m2@example.org>")
    _, data = other_client.uid("FETCH", orig, "(FLAGS)")
    assert b"\\Answered" in data[0]

    assert channel.was_delivered(item) is True
    sync(channel, store, account.id)
    rows = store.reader().execute(
        "SELECT direction, state FROM message WHERE conversation_id = ? AND direction = 'out'",
        (thread,)).fetchall()
    assert rows == [("out", "sent")]  # one message in the thread after re-sync


def test_was_delivered_is_false_for_a_never_sent_reply(store: Store, channel: EmailChannel,
                                                        smtp: SmtpServer, thread: int) -> None:
    ops.reply(store, thread, "Noch nicht gesendet")
    assert channel.was_delivered(item_of(store, "reply")) is False
    assert smtp.messages == []


def test_crash_after_smtp_accepted_but_before_filing_is_unknown_not_resent(
        store: Store, channel: EmailChannel, smtp: SmtpServer, other_client: imaplib.IMAP4,
        thread: int) -> None:
    ops.reply(store, thread, "Kommt an")
    item = item_of(store, "reply")
    # Simulate the crash: our pending copy is in Sent and SMTP has the message,
    # but the final copy never got filed.
    channel.send(item)
    remote_id = store.reader().execute("SELECT remote_id FROM message WHERE direction = 'out'"
                                       ).fetchone()[0]
    [uid] = uids_of(other_client, "Sent", remote_id)
    other_client.uid("STORE", uid, "+FLAGS", f"({PENDING_KEYWORD})")
    assert channel.was_delivered(item) is None  # cannot tell: the owner decides
    assert len(smtp.messages) == 1


def test_smtp_4xx_is_temporary_and_5xx_permanent(store: Store, channel: EmailChannel,
                                                 smtp: SmtpServer, thread: int) -> None:
    ops.reply(store, thread, "Probe")
    item = item_of(store, "reply")
    smtp.recorder.reply_code = "451 Try again later"
    with pytest.raises(TemporaryError, match="451"):
        channel.send(item)
    smtp.recorder.reply_code = "554 Rejected"
    with pytest.raises(PermanentError, match="554"):
        channel.send(item)
    assert smtp.messages == []
    smtp.recorder.reply_code = None
    assert channel.was_delivered(item) is None  # pending copies exist, SMTP may have it


def test_wrong_password_is_an_auth_error(store: Store, account: AccountInfo,
                                         smtp: SmtpServer) -> None:
    # Its own Dovecot: a failed login makes Dovecot slow down every later login from
    # 127.0.0.1 for seconds (auth penalty), which would slow the shared server's tests.
    with own_dovecot() as server:
        user = server.add_user()
        info = replace(account, settings=email_settings(server, smtp, user))
        channel = EmailChannel(info, "wrong", store.reader)
        with pytest.raises(AuthError, match="password"):
            channel.pull({})
        channel.close()


@pytest.fixture
def hanging_server() -> Iterator[int]:
    """Accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


def test_hanging_server_is_a_temporary_error_within_the_timeout(
        store: Store, make_channel: ChannelFactory, hanging_server: int) -> None:
    channel = make_channel(imap_port=hanging_server, timeout=0.5)
    started = time.monotonic()
    with pytest.raises(TemporaryError, match="did not answer in time"):
        channel.pull({})
    assert time.monotonic() - started < 2
    assert store.reader().execute("SELECT count(*) FROM message").fetchone()[0] == 0


def test_read_state_labels_and_archive_reach_the_other_client(
        store: Store, account: AccountInfo, channel: EmailChannel,
        other_client: imaplib.IMAP4, thread: int) -> None:
    assert channel.capabilities.remote_labels and channel.capabilities.archive
    ops.set_read(store, thread, True)
    ops.set_label(store, thread, "Rückruf bitte")
    for kind in ("read", "label"):
        channel.send(item_of(store, kind))
    other_client.select("INBOX")
    _, data = other_client.uid("FETCH", "1:*", "(FLAGS)")
    flags = b" ".join(d for d in data if isinstance(d, bytes))
    assert flags.count(b"\\Seen") == 2
    assert flags.count(b"R=C3=BCckruf=20bitte") == 2  # a keyword any client can show

    ops.mark_done(store, thread)
    channel.send(item_of(store, "archive"))
    assert uids_of(other_client, "INBOX", "<m1@example.org>") == []
    assert len(uids_of(other_client, "Archive", "<m1@example.org>")) == 1
    result, _ = sync(channel, store, account.id)
    assert result.deleted == 0  # moved, not lost
    folders = {r[0] for r in store.reader().execute("SELECT folder FROM message")}
    assert folders == {"Archive"}
