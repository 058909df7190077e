"""Account kinds map to adapters; missing secrets are one account's error."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from app.store import ops, queries
from app.store.database import Store
from services.channel import AuthError
from services.channels.demo import DemoChannel
from services.email.adapter import EmailChannel
from services.registry import channel_factory, channel_for
from services.secrets import SecretStore
from services.sync import SyncEngine
from tests.services.test_secrets import MemoryKeyring


def _accounts(store: Store) -> tuple[int, int]:
    ws = ops.create_workspace(store, "Radladen")
    demo = ops.create_account(store, ws, "demo", "Demo", "demo@radladen.example")
    email = ops.create_account(store, ws, "email", "Radladen", "info@radladen.example",
                               {"imap_host": "127.0.0.1", "imap_port": 1, "imap_security": "none",
                                "smtp_host": "127.0.0.1", "smtp_port": 1,
                                "smtp_security": "none", "username": "info"})
    return demo, email


def _info(store: Store, account_id: int) -> queries.AccountInfo:
    return next(a for a in queries.accounts(store.reader()) if a.id == account_id)


def test_each_kind_gets_its_adapter(store: Store, memory_keyring: MemoryKeyring) -> None:
    demo, email = _accounts(store)
    secrets = SecretStore()
    secrets.set(email, "geheim")

    assert isinstance(channel_for(_info(store, demo), secrets, store), DemoChannel)
    assert isinstance(channel_for(_info(store, email), secrets, store), EmailChannel)


def test_an_email_account_without_password_asks_to_sign_in_again(
        store: Store, memory_keyring: MemoryKeyring) -> None:
    _accounts(store)

    report = SyncEngine(store, channel_factory(store, SecretStore())).run_once()

    assert [a.error for a in report.accounts] == [
        "", "Sign in again: no password for info@radladen.example in the keyring"]


def test_without_keyring_the_email_account_says_why_and_the_demo_still_syncs(
        store: Store) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        _accounts(store)
        report = SyncEngine(store, channel_factory(store, SecretStore())).run_once()
    finally:
        keyring.set_keyring(previous)

    assert report.accounts[0].ok
    assert "session-only mode" in report.accounts[1].error


def test_incomplete_email_settings_are_one_account_error(
        store: Store, memory_keyring: MemoryKeyring) -> None:
    ws = ops.create_workspace(store, "Halbfertig")
    acc = ops.create_account(store, ws, "email", "Halb", "halb@example.org", {})
    SecretStore().set(acc, "geheim")

    report = SyncEngine(store, channel_factory(store, SecretStore())).run_once()

    assert report.accounts[0].error == (
        "the account's settings are incomplete: imap_host is missing")


def test_a_mastodon_account_is_served_by_the_mastodon_adapter(
        store: Store, memory_keyring: MemoryKeyring) -> None:
    from services.mastodon.adapter import MastodonChannel

    ws = ops.create_workspace(store, "Social")
    acc = ops.create_account(store, ws, "mastodon", "Bäckerei", "@baeckerei@social.example",
                             {"instance": "https://social.example", "account_id": "1"})
    account = next(a for a in queries.accounts(store.reader()) if a.id == acc)
    secrets = SecretStore()
    with pytest.raises(AuthError, match="no access token"):
        channel_for(account, secrets, store)
    secrets.set(acc, "tok-123")
    channel = channel_for(account, secrets, store)
    assert isinstance(channel, MastodonChannel) and "tok-123" not in repr(channel)
