"""``EmailChannel.wait_for_changes``: IMAP IDLE against a real Dovecot."""

from __future__ import annotations

import imaplib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest

from app.store.database import Store
from app.store.queries import AccountInfo
from services.email import adapter
from services.email.adapter import EmailChannel
from tests.servers.dovecot import Dovecot, MailUser, own_dovecot
from tests.servers.smtp import SmtpServer
from tests.services.email.conftest import email_settings
from tests.services.email.helpers import append, mail, sync

pytestmark = pytest.mark.integration


@contextmanager
def later(seconds: float, action: Callable[[], object]) -> Iterator[None]:
    """Run ``action`` in another thread after ``seconds`` (another mail client)."""
    thread = threading.Thread(target=lambda: (time.sleep(seconds), action()), daemon=True)
    thread.start()
    yield
    thread.join(5)


def timed(channel: EmailChannel, timeout: float) -> tuple[bool, float]:
    started = time.monotonic()
    changed = channel.wait_for_changes(timeout)
    return changed, time.monotonic() - started


def test_nothing_new_waits_the_whole_timeout(channel: EmailChannel) -> None:
    changed, took = timed(channel, 0.6)
    assert changed is False
    assert 0.55 < took < 1.5


def test_new_mail_from_another_client_wakes_it_at_once(
        channel: EmailChannel, dovecot: Dovecot, mail_user: MailUser) -> None:
    assert channel.wait_for_changes(0.05) is False  # connected, as in watch mode
    with later(0.4, lambda: dovecot.append_many(mail_user, "INBOX", [mail(1)])):
        changed, took = timed(channel, 20)
    assert changed is True
    assert took < 3


def test_flag_changes_and_expunges_wake_it(channel: EmailChannel,
                                          other_client: imaplib.IMAP4) -> None:
    append(other_client, "INBOX", mail(1), mail(2))
    other_client.select("INBOX")
    assert channel.wait_for_changes(0.05) is False  # connected; both messages known

    with later(0.3, lambda: other_client.uid("STORE", "1", "+FLAGS", "(\\Seen)")):
        changed, took = timed(channel, 20)
    assert changed is True and took < 3

    def expunge() -> None:
        other_client.uid("STORE", "2", "+FLAGS", "(\\Deleted)")
        other_client.expunge()

    with later(0.3, expunge):
        changed, took = timed(channel, 20)
    assert changed is True and took < 3
    assert channel.wait_for_changes(0.3) is False  # and nothing else is pending


def test_idle_is_reissued_and_still_sees_mail(
        channel: EmailChannel, dovecot: Dovecot, mail_user: MailUser,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(adapter, "RENEW", 0.2)  # RFC 2177: re-issue before 29 minutes
    assert channel.wait_for_changes(0.05) is False
    with later(1.0, lambda: dovecot.append_many(mail_user, "INBOX", [mail(1)])):
        changed, took = timed(channel, 20)
    assert changed is True
    assert 0.9 < took < 3  # several IDLE/DONE rounds went by before the mail came
    assert timed(channel, 0.5)[0] is False  # and the renewals left the connection usable


def test_a_dropped_connection_returns_true_and_never_raises(
        store: Store, account: AccountInfo, smtp: SmtpServer) -> None:
    with own_dovecot() as server:
        user = server.add_user()
        info = replace(account, settings=email_settings(server, smtp, user))
        channel = EmailChannel(info, user.password, store.reader)
        assert channel.wait_for_changes(0.05) is False
        with later(0.3, server.stop):
            changed, took = timed(channel, 20)
    assert changed is True and took < 5
    # The server is gone: waiting again reports "go and look" after a short pause.
    changed, took = timed(channel, 1.5)
    assert changed is True and 1.0 < took < 3
    channel.close()


def test_mail_delivered_between_the_sync_and_the_wait_wakes_it_at_once(
        store: Store, account: AccountInfo, make_channel: Callable[..., EmailChannel],
        other_client: imaplib.IMAP4) -> None:
    append(other_client, "INBOX", mail(1))
    puller = make_channel()
    sync(puller, store, account.id)
    puller.close()
    append(other_client, "INBOX", mail(2))  # before anyone waits: IDLE will not report it

    waiter = make_channel()
    changed, took = timed(waiter, 20)
    assert changed is True and took < 3

    sync(waiter, store, account.id)  # seen now; a new waiting session stays calm
    waiter.close()
    calm = make_channel()
    assert calm.wait_for_changes(0.3) is False
    calm.close()
