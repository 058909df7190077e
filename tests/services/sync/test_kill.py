"""SIGKILL a real ``tresen sync --once`` 50 times while it imports 5,000 messages.

Each process is forked from a warm server (``tests.services.email.forkserver``)
so that 50 runs cost seconds, not a minute of imports. Kill points are drawn
once (fixed seed) across the import's duration, measured on a throw-away
store first; every restart continues the same store, so each kill lands at a
later point of the same import. Afterwards one complete sync must leave
exactly the appended messages: none lost, none twice, the FTS index in step.
"""

from __future__ import annotations

import contextlib
import random
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.paths import DataPaths
from app.store import ops
from app.store.database import open_store
from app.store.search import search
from tests.servers.dovecot import Dovecot, MailUser, own_dovecot
from tests.services.email.forkserver import ForkServer
from tests.services.email.helpers import mail

COUNT = 5000
KILLS = 50
SEED = 20_240_501
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Dovecot, MailUser]]:
    with own_dovecot() as server:
        user = server.add_user()
        server.append_many(user, "INBOX", [mail(n, body=f"Nachricht w{n}x bitte " + "x" * 600)
                                           for n in range(COUNT)])
        yield server, user


@pytest.fixture
def forks() -> Iterator[ForkServer]:
    server = ForkServer()
    yield server
    server.close()


def _data_dir(root: Path, server: Dovecot, user: MailUser) -> tuple[Path, int]:
    store = open_store(DataPaths(root).store)
    ws = ops.create_workspace(store, "Bäckerei")
    acc = ops.create_account(store, ws, "email", "Bäckerei", "hallo@baeckerei.example", {
        "imap_host": server.host, "imap_port": server.port, "imap_security": "none",
        "smtp_host": "127.0.0.1", "smtp_port": 1, "smtp_security": "none",
        "username": user.username, "first_sync_days": 0, "timeout": 10})
    store.close()
    return root, acc


def _sync(data: Path, account: int) -> list[str]:
    return ["--data-dir", str(data), "sync", "--once", "--account", str(account),
            "--password-stdin"]


def _stored(data: Path) -> int:
    conn = sqlite3.connect(DataPaths(data).store)
    try:
        return int(conn.execute("SELECT count(*) FROM message").fetchone()[0])
    finally:
        conn.close()


def test_fifty_sigkills_during_a_first_sync_lose_and_duplicate_nothing(
        tmp_path: Path, mailbox: tuple[Dovecot, MailUser], forks: ForkServer) -> None:
    server, user = mailbox
    password = user.password + "\n"

    # The import's duration, from "connecting" to the end, measured once.
    scratch, acc = _data_dir(tmp_path / "scratch", server, user)
    forks.start(_sync(scratch, acc), password)
    forks.read_until(b"connecting")
    started = time.monotonic()
    assert forks.wait() == 0
    duration = time.monotonic() - started
    assert _stored(scratch) == COUNT

    data, acc = _data_dir(tmp_path / "data", server, user)
    rng = random.Random(SEED)
    points = sorted(rng.uniform(0, duration) for _ in range(KILLS))
    killed = 0
    for point in points:
        done = _stored(data) / COUNT * duration  # where a restart picks the import up
        forks.start(_sync(data, acc), password)
        forks.read_until(b"connecting")
        time.sleep(max(0.0, point - done) + rng.uniform(0, 0.01))
        with contextlib.suppress(ProcessLookupError):  # it may have finished already
            forks.kill(signal.SIGKILL)
        code = forks.wait()
        assert code in (0, -signal.SIGKILL)
        killed += code == -signal.SIGKILL
    assert killed >= KILLS * 0.8  # the kills really landed during the import

    forks.start(_sync(data, acc), password)
    assert forks.wait() == 0

    store = open_store(DataPaths(data).store)
    try:
        conn = store.reader()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [r[0] for r in conn.execute("SELECT remote_id FROM message")]
        assert len(ids) == COUNT  # nothing twice
        assert set(ids) == {f"<m{n}@example.org>" for n in range(COUNT)}  # nothing lost
        # The FTS index holds exactly one row per message, and only for live messages.
        hits = [r[0] for r in conn.execute(
            "SELECT rowid FROM message_fts WHERE message_fts MATCH 'nachricht'")]
        assert sorted(hits) == sorted(r[0] for r in conn.execute("SELECT id FROM message"))
        for n in random.Random(SEED).sample(range(COUNT), 25):
            [conv] = search(conn, f"w{n}x")
            assert conn.execute("SELECT remote_id FROM message WHERE conversation_id = ?",
                                (conv,)).fetchall() == [(f"<m{n}@example.org>",)]
        cursor = conn.execute("SELECT value FROM sync_cursor WHERE folder = 'INBOX'").fetchone()
        assert cursor is not None
    finally:
        store.close()
