"""The outbox crash matrix with real processes, Dovecot and SMTP: never two copies.

A forked ``tresen sync --once`` SIGKILLs itself at one step of sending a
reply (``crashpoints``); then a plain ``tresen sync --once`` runs twice. The
SMTP server must hold exactly one copy wherever it got one, and where the
adapter cannot tell whether SMTP took it, the reply is ``unknown`` and is
not sent again.
"""

from __future__ import annotations

import email
import imaplib
import signal
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest

from app.paths import DataPaths
from app.store import ops, outbox
from app.store.database import open_store
from tests.servers.dovecot import Dovecot, MailUser
from tests.servers.smtp import SmtpServer
from tests.services.email.conftest import ADDRESS, email_settings
from tests.services.email.forkserver import ForkServer
from tests.services.email.helpers import append, mail, uids_of

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def forks() -> Iterator[ForkServer]:
    server = ForkServer()
    yield server
    server.close()


def _sync(forks: ForkServer, data: Path, user: MailUser, crash_at: str | None = None) -> int:
    forks.start(["--data-dir", str(data), "sync", "--once", "--account", "1",
                 "--password-stdin", "--quiet"], user.password + "\n", crash_at)
    return forks.wait()


def _state(data: Path) -> tuple[str, str, int]:
    """(outbox state, reply message state, outgoing messages in the thread)."""
    store = open_store(DataPaths(data).store)
    try:
        [item] = outbox.list_outbox(store.reader(), include_sent=True)
        conn = store.reader()
        message = conn.execute("SELECT state FROM message WHERE id = ?",
                               (item.message_id,)).fetchone()[0]
        outgoing = conn.execute("SELECT count(*) FROM message WHERE direction = 'out'"
                                ).fetchone()[0]
        return item.state, message, outgoing
    finally:
        store.close()


@pytest.fixture
def queued(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer, mail_user: MailUser,
           other_client: imaplib.IMAP4, forks: ForkServer) -> Path:
    """A synced question from a customer and our reply to it in the outbox."""
    store = open_store(DataPaths(tmp_path).store)
    ws = ops.create_workspace(store, "Bäckerei")
    ops.create_account(store, ws, "email", "Bäckerei", ADDRESS,
                       email_settings(dovecot, smtp, mail_user))
    store.close()
    append(other_client, "INBOX", mail(1, subject="Torte für Samstag"))
    assert _sync(forks, tmp_path, mail_user) == 0
    store = open_store(DataPaths(tmp_path).store)
    conv = int(store.reader().execute("SELECT id FROM conversation").fetchone()[0])
    ops.reply(store, conv, "Sehr gern, bis Samstag!")
    store.close()
    return tmp_path


# point → (outbox state after the restarts, copies at the SMTP server, copies in Sent)
EXPECTED = {
    "before_connect": ("sent", 1, 1),  # nothing reached a server: sent on restart, once
    "before_smtp": ("unknown", 0, 0),  # only the pending copy: cannot tell, so never resent
    "after_accept": ("unknown", 1, 0),  # SMTP has it, Sent only pending: unknown, not resent
    "after_filing": ("sent", 1, 1),  # the final copy in Sent proves delivery
    "after_marking": ("sent", 1, 1),  # done before the crash; nothing more happens
}


@pytest.mark.parametrize("point", list(EXPECTED))
def test_a_reply_killed_at_any_step_reaches_smtp_at_most_once(
        queued: Path, mail_user: MailUser, smtp: SmtpServer, other_client: imaplib.IMAP4,
        forks: ForkServer, point: str) -> None:
    state, at_smtp, in_sent = EXPECTED[point]

    assert _sync(forks, queued, mail_user, crash_at=point) == -signal.SIGKILL
    assert _state(queued)[0] == ("sent" if point == "after_marking" else "sending")
    assert _sync(forks, queued, mail_user) == 0
    assert _sync(forks, queued, mail_user) == 0  # a second run changes nothing either

    got = smtp.messages
    assert len(got) == at_smtp
    assert _state(queued) == (state, state, 1)  # the thread shows the reply once
    store = open_store(DataPaths(queued).store)
    reply_id = store.reader().execute(
        "SELECT remote_id FROM message WHERE direction = 'out'").fetchone()[0]
    store.close()
    for sent in got:
        parsed = email.message_from_bytes(sent.data, policy=policy.default)
        assert parsed["Message-ID"] == reply_id
        assert parsed["In-Reply-To"] == "<m1@example.org>"
    final = [uid for uid in uids_of(other_client, "Sent", reply_id)
             if b"$SubmitPending" not in other_client.uid("FETCH", uid, "(FLAGS)")[1][0]]
    assert len(final) == in_sent
