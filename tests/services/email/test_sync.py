"""Incremental IMAP sync against a real Dovecot, changed by another real IMAP client."""

from __future__ import annotations

import imaplib
import time

from app.store.database import Store
from app.store.queries import AccountInfo
from services.email.adapter import EmailChannel
from tests.servers.dovecot import Dovecot, MailUser
from tests.services.email.conftest import ChannelFactory
from tests.services.email.helpers import append, mail, sync


def count(store: Store, where: str = "1", *args: object) -> int:
    return int(store.reader().execute(f"SELECT count(*) FROM message WHERE {where}",
                                      args).fetchone()[0])


def test_first_sync_of_1000_messages_in_bounded_batches(
        store: Store, account: AccountInfo, make_channel: ChannelFactory, dovecot: Dovecot,
        mail_user: MailUser) -> None:
    raws = [mail(n) for n in range(1000)]
    dovecot.append_many(mail_user, "INBOX", raws[:500], flags="\\Seen")
    dovecot.append_many(mail_user, "INBOX", raws[500:])
    channel = make_channel(batch_size=300)
    result, rounds = sync(channel, store, account.id)
    assert result.inserted == 1000
    assert rounds == 4  # 300 + 300 + 300 + 100: progress shows, a crash loses one batch
    assert count(store) == 1000
    assert count(store, "read = 1") == 500
    assert count(store, "folder = 'INBOX'") == 1000
    again, _ = sync(channel, store, account.id)
    assert (again.inserted, again.updated, again.flags_changed) == (0, 0, 0)


def test_incremental_sync_sees_new_mail_flags_and_expunges(
        store: Store, account: AccountInfo, channel: EmailChannel,
        other_client: imaplib.IMAP4) -> None:
    append(other_client, "INBOX", *(mail(n) for n in range(10)))
    sync(channel, store, account.id)
    assert count(store) == 10 and count(store, "read = 0") == 10

    append(other_client, "INBOX", mail(10), mail(11))
    other_client.select("INBOX")
    other_client.uid("STORE", "1:3", "+FLAGS", "(\\Seen)")
    other_client.uid("STORE", "5", "+FLAGS", "(\\Deleted)")
    other_client.expunge()
    result, _ = sync(channel, store, account.id)
    assert result.inserted == 2
    assert result.deleted == 1
    assert count(store) == 11
    assert count(store, "remote_id = '<m4@example.org>'") == 0
    assert count(store, "read = 1") == 3

    other_client.uid("STORE", "2", "-FLAGS", "(\\Seen)")
    result, _ = sync(channel, store, account.id)
    assert result.flags_changed == 1
    assert count(store, "read = 1") == 2


def test_move_to_archive_by_another_client_is_a_move_not_a_delete(
        store: Store, account: AccountInfo, channel: EmailChannel,
        other_client: imaplib.IMAP4) -> None:
    append(other_client, "INBOX", mail(1), mail(2))
    sync(channel, store, account.id)
    other_client.select("INBOX")
    other_client.uid("MOVE", "1", "Archive")
    result, _ = sync(channel, store, account.id)
    assert result.deleted == 0
    assert count(store) == 2
    assert count(store, "folder = 'Archive'") == 1


def test_first_sync_is_limited_by_age(store: Store, account: AccountInfo,
                                      make_channel: ChannelFactory,
                                      other_client: imaplib.IMAP4) -> None:
    now = store.clock()
    other_client.append("INBOX", None, imaplib.Time2Internaldate(now - 200 * 86_400),
                        mail(1, when=now - 200 * 86_400))
    other_client.append("INBOX", None, imaplib.Time2Internaldate(now - 86_400),
                        mail(2, when=now - 86_400))
    result, _ = sync(make_channel(first_sync_days=90), store, account.id)
    assert result.inserted == 1
    assert count(store, "remote_id = '<m2@example.org>'") == 1


def test_thread_and_outgoing_mail_from_sent_form_one_conversation(
        store: Store, account: AccountInfo, channel: EmailChannel,
        other_client: imaplib.IMAP4) -> None:
    append(other_client, "INBOX", mail(1))
    append(other_client, "Sent", mail(2, sender="hallo@baeckerei.example",
                                      to="anna@example.org", refs="<m1@example.org>"))
    append(other_client, "INBOX", mail(3, refs="<m1@example.org> <m2@example.org>"))
    sync(channel, store, account.id)
    rows = store.reader().execute(
        "SELECT direction, conversation_id, folder FROM message ORDER BY sent_at").fetchall()
    assert [r[0] for r in rows] == ["in", "out", "in"]
    assert len({r[1] for r in rows}) == 1
    assert [r[2] for r in rows] == ["INBOX", "Sent", "INBOX"]


def test_uidvalidity_change_with_same_messages_loses_and_duplicates_nothing(
        store: Store, account: AccountInfo, channel: EmailChannel,
        other_client: imaplib.IMAP4) -> None:
    append(other_client, "INBOX", *(mail(n) for n in range(5)))
    sync(channel, store, account.id)
    ids_before = dict(store.reader().execute("SELECT remote_id, id FROM message"))
    cursor = store.reader().execute(
        "SELECT value FROM sync_cursor WHERE folder = 'INBOX'").fetchone()[0]
    # A spurious change: the server hands out a new UIDVALIDITY for the same mail.
    with store.write() as conn:
        conn.exec_driver_sql("UPDATE sync_cursor SET value = ? WHERE folder = 'INBOX'",
                             ("1:" + cursor.split(":", 1)[1],))
    result, _ = sync(channel, store, account.id)
    assert (result.inserted, result.deleted) == (0, 0)
    assert dict(store.reader().execute("SELECT remote_id, id FROM message")) == ids_before


def test_genuine_uidvalidity_change_refetches_by_message_id(
        store: Store, account: AccountInfo, channel: EmailChannel, dovecot: Dovecot,
        mail_user: MailUser, other_client: imaplib.IMAP4) -> None:
    append(other_client, "INBOX", *(mail(n) for n in range(4)))
    sync(channel, store, account.id)
    kept = dict(store.reader().execute("SELECT remote_id, id FROM message"))
    other_client.select("INBOX")
    other_client.uid("STORE", "1", "+FLAGS", "(\\Deleted)")
    other_client.expunge()
    append(other_client, "INBOX", mail(9))
    other_client.logout()
    channel.close()
    time.sleep(1.1)  # Dovecot's new UIDVALIDITY is the current second: make it differ
    # Dovecot forgets its UID list: the folder gets a new UIDVALIDITY and new UIDs.
    maildir = dovecot.root / "home" / mail_user.username / "Maildir"
    for path in maildir.glob("dovecot*"):
        if path.is_file():
            path.unlink()
    result, _ = sync(channel, store, account.id)
    assert result.inserted == 1 and result.deleted == 1
    after = dict(store.reader().execute("SELECT remote_id, id FROM message"))
    assert set(after) == {"<m1@example.org>", "<m2@example.org>", "<m3@example.org>",
                          "<m9@example.org>"}
    assert all(after[k] == kept[k] for k in after if k in kept)  # same rows, labels kept


def test_keywords_set_by_another_client_become_labels(
        store: Store, account: AccountInfo, channel: EmailChannel,
        other_client: imaplib.IMAP4) -> None:
    from app.store import queries
    from services.email.keywords import keyword_for

    append(other_client, "INBOX", mail(0), mail(1))
    sync(channel, store, account.id)
    if not channel.capabilities.remote_labels:
        raise AssertionError("the test Dovecot must allow keywords (PERMANENTFLAGS \\*)")
    other_client.select("INBOX")
    other_client.uid("STORE", "1", "+FLAGS", f"({keyword_for('Rückruf bitte')})")
    sync(channel, store, account.id)
    conv = store.reader().execute(
        "SELECT conversation_id FROM message WHERE remote_id = '<m0@example.org>'").fetchone()[0]
    labels = lambda: [c.name for c in queries.conversation_row(store.reader(), conv).labels]  # noqa: E731
    assert labels() == ["Rückruf bitte"]
    other_client.uid("STORE", "1", "-FLAGS", f"({keyword_for('Rückruf bitte')})")
    sync(channel, store, account.id)
    assert labels() == []
