"""Real servers for the email tests: one Dovecot per session, a fresh mailbox and
SMTP server per test, and an ``EmailChannel`` wired to both and to a real store."""

from __future__ import annotations

import contextlib
import imaplib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.store import ops
from app.store.database import Store
from app.store.queries import AccountInfo, accounts
from services.email.adapter import EmailChannel
from tests.servers.dovecot import Dovecot, MailUser
from tests.servers.smtp import SmtpServer

ADDRESS = "hallo@baeckerei.example"


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_user(dovecot: Dovecot) -> MailUser:
    return dovecot.add_user()



@pytest.fixture
def other_client(dovecot: Dovecot, mail_user: MailUser) -> Iterator[imaplib.IMAP4]:
    """Another mail client (Thunderbird on the owner's phone, say) on the same mailbox."""
    client = imaplib.IMAP4(dovecot.host, dovecot.port, timeout=10)
    client.login(mail_user.username, mail_user.password)
    yield client
    with contextlib.suppress(imaplib.IMAP4.error, OSError):
        client.logout()


def email_settings(dovecot: Dovecot, smtp: SmtpServer, user: MailUser,
                   **extra: object) -> dict[str, object]:
    return {"imap_host": dovecot.host, "imap_port": dovecot.port, "imap_security": "none",
            "smtp_host": smtp.host, "smtp_port": smtp.port, "smtp_security": "none",
            "username": user.username, "timeout": 5, "first_sync_days": 0, **extra}


@pytest.fixture
def account(store: Store, dovecot: Dovecot, smtp: SmtpServer,
            mail_user: MailUser) -> AccountInfo:
    ws = ops.create_workspace(store, "Bäckerei Sonnenschein", "de")
    acc = ops.create_account(store, ws, "email", "Bäckerei Sonnenschein", ADDRESS,
                             email_settings(dovecot, smtp, mail_user))
    return next(a for a in accounts(store.reader()) if a.id == acc)


ChannelFactory = Callable[..., EmailChannel]


@pytest.fixture
def make_channel(store: Store, account: AccountInfo,
                 mail_user: MailUser) -> Iterator[ChannelFactory]:
    made: list[EmailChannel] = []

    def make(**settings: object) -> EmailChannel:
        info = account
        if settings:
            info = AccountInfo(account.id, account.workspace_id, account.kind,
                               account.display_name, account.identity,
                               {**account.settings, **settings}, None, "")
        channel = EmailChannel(info, mail_user.password, store.reader, clock=store.clock)
        made.append(channel)
        return channel

    yield make
    for channel in made:
        channel.close()


@pytest.fixture
def channel(make_channel: ChannelFactory) -> EmailChannel:
    return make_channel()


@pytest.fixture
def tmp_store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"
