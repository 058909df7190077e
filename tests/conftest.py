"""Shared fixtures: a real store file per test, a settable clock, keyrings, mail servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from app.store.database import Store, open_store
from tests.servers.dovecot import Dovecot
from tests.servers.smtp import SmtpServer, smtp_server
from tests.services.test_secrets import MemoryKeyring


class FakeClock:
    """A clock the test moves by hand (UTC epoch seconds)."""

    def __init__(self, now: int = 1_790_000_000) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    s = open_store(tmp_path / "store.sqlite3", clock)
    yield s
    s.close()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring backend for the test (the OS keychain stays untouched)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No usable keyring backend, as on a machine without a Secret Service."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that records every message."""
    with smtp_server() as server:
        yield server


@pytest.fixture(scope="module")
def mail_server() -> Iterator[Dovecot]:
    """A Dovecot of the module's own: its failed logins do not slow the shared one."""
    server = Dovecot()
    server.start()
    yield server
    server.stop()
