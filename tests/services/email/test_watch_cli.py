"""``tresen sync --watch`` as a real process: new mail arrives through IDLE, signals stop it."""

from __future__ import annotations

import imaplib
import signal
import time
from pathlib import Path

import pytest

from app.paths import DataPaths
from app.store import ops
from app.store.database import open_store
from tests.child_process import CLI, Child
from tests.servers.dovecot import Dovecot, MailUser
from tests.servers.smtp import SmtpServer
from tests.services.email.conftest import ADDRESS, email_settings
from tests.services.email.helpers import append, mail

pytestmark = pytest.mark.integration


def _watch(data: Path, password: str) -> Child:
    """A running ``tresen sync --watch`` of account 1, the password given on stdin."""
    return Child([*CLI, "--data-dir", str(data), "sync", "--watch", "--interval", "300",
                  "--quiet", "--account", "1", "--password-stdin"], stdin=password + "\n")


def _data_dir(root: Path, dovecot: Dovecot, smtp: SmtpServer, user: MailUser) -> Path:
    store = open_store(DataPaths(root).store)
    ws = ops.create_workspace(store, "Bäckerei")
    ops.create_account(store, ws, "email", "Bäckerei", ADDRESS,
                       email_settings(dovecot, smtp, user))
    store.close()
    return root


def _subjects(data: Path) -> list[str]:
    store = open_store(DataPaths(data).store)
    try:
        return [r[0] for r in store.reader().execute("SELECT subject FROM message ORDER BY id")]
    finally:
        store.close()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_watch_picks_up_new_mail_within_seconds_and_stops_on_a_signal(
        tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer, mail_user: MailUser,
        other_client: imaplib.IMAP4, sig: int) -> None:
    data = _data_dir(tmp_path, dovecot, smtp, mail_user)
    append(other_client, "INBOX", mail(1, subject="Brötchen für Montag"))
    watch = _watch(data, mail_user.password)
    try:
        assert watch.next_line(60) == "1  Bäckerei (email): ok; 1 new, 0 changed, 0 sent\n"
        # At once: mail that lands before the waiting thread enters IDLE wakes it too.
        append(other_client, "INBOX", mail(2, subject="Torte für Samstag"))
        appended = time.monotonic()
        # Woken by IDLE: the next poll would only come in 300 seconds (the bound is
        # loose for a loaded machine, and still far below the poll).
        assert watch.next_line(30) == "1  Bäckerei (email): ok; 1 new, 0 changed, 0 sent\n"
        assert time.monotonic() - appended < 30
        code, took, err = watch.stop(sig)
    finally:
        watch.close()
    assert code == 0
    assert took < 10
    assert err.splitlines()[-1] == "sync: stopped"
    assert "Traceback" not in err
    assert _subjects(data) == ["Brötchen für Montag", "Torte für Samstag"]
