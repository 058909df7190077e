"""Secrets live in keyring only; without a keyring the app says so plainly."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from app.settings import Settings, save_settings
from app.store import ops
from app.store.database import Store
from services.registry import channel_factory
from services.secrets import SERVICE, KeyringUnavailable, SecretStore
from services.sync import SyncEngine

SECRET = "Sonnen$chein-Passw0rt-äöü-4711"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps entries in a dict: the OS keychain of a test."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise keyring.errors.PasswordDeleteError("not found")
        del self.entries[(service, username)]


class LockedKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked(f"cannot store {password}")


Install = Callable[[KeyringBackend], KeyringBackend]


@pytest.fixture
def use_keyring() -> Iterator[Install]:
    """Sets the process-wide keyring for one test and puts the old one back."""
    previous = keyring.get_keyring()

    def install(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


def test_a_secret_round_trips_through_keyring_per_account(use_keyring: Install) -> None:
    backend = use_keyring(MemoryKeyring())
    assert isinstance(backend, MemoryKeyring)
    secrets = SecretStore()
    secrets.set(1, SECRET)
    secrets.set(2, "anders")

    assert secrets.get(1) == SECRET
    assert backend.entries[(SERVICE, "account:1")] == SECRET
    secrets.delete(1)
    secrets.delete(1)  # deleting twice is fine
    assert secrets.get(1) is None
    assert backend.entries == {(SERVICE, "account:2"): "anders"}


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()],
                         ids=["no backend", "null backend"])
def test_without_a_usable_keyring_it_says_so_and_session_only_works(
        use_keyring: Install, backend: KeyringBackend) -> None:
    use_keyring(backend)
    secrets = SecretStore()

    with pytest.raises(KeyringUnavailable, match="session-only mode"):
        secrets.set(1, SECRET)
    with pytest.raises(KeyringUnavailable):
        secrets.get(1)
    with pytest.raises(KeyringUnavailable):
        secrets.check()

    secrets.use_session_only()
    secrets.set(1, SECRET)
    assert secrets.get(1) == SECRET
    assert SecretStore(session_only=True).get(1) is None  # memory is per run
    assert SECRET not in repr(secrets)


def test_a_backend_error_never_carries_the_secret(use_keyring: Install) -> None:
    use_keyring(LockedKeyring())

    with pytest.raises(KeyringUnavailable, match="locked") as info:
        SecretStore().set(1, SECRET)

    assert SECRET not in str(info.value)
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_the_secret_appears_in_no_file_and_no_log(
        use_keyring: Install, store: Store, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    backend = use_keyring(MemoryKeyring())
    assert isinstance(backend, MemoryKeyring)
    caplog.set_level(logging.DEBUG)
    secrets = SecretStore()
    ws = ops.create_workspace(store, "Bäckerei")
    acc = ops.create_account(store, ws, "email", "Bäckerei", "hallo@baeckerei.example",
                             {"imap_host": "127.0.0.1", "username": "hallo"})
    demo = ops.create_account(store, ws, "demo", "Demo", "demo@baeckerei.example")
    settings_path = tmp_path / "settings.json"
    save_settings(settings_path, Settings())

    secrets.set(acc, SECRET)
    SyncEngine(store, channel_factory(store, secrets)).run_once(account_ids=[demo])

    assert backend.entries[(SERVICE, f"account:{acc}")] == SECRET
    files = [store.path, store.path.with_name(store.path.name + "-wal"), settings_path]
    assert files[1].exists()  # the WAL holds the latest writes; it must be clean too
    for path in files:
        data = path.read_bytes()
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert SECRET.encode(encoding) not in data, path
    assert SECRET not in caplog.text
