"""Which adapter serves which kind of account.

The engine asks for a channel per account through one callable; this module
is that callable's table. Adapters are built lazily and receive only what
they need (the store for the demo, the secret for real channels), so a demo
sync never touches keyring.
"""

from __future__ import annotations

from collections.abc import Callable

from app.store.database import Store
from app.store.queries import AccountInfo
from services.channel import AuthError, Channel, PermanentError
from services.channels.demo import DemoChannel
from services.secrets import KeyringUnavailable, SecretStore

__all__ = ["UnknownKindError", "channel_factory", "channel_for"]

Builder = Callable[[AccountInfo, SecretStore, Store, bool], Channel]
"""(account, secrets, store, poll_all) → channel; ``poll_all``: the owner asked for a
sync now, so channels that poll on an interval (feeds) poll whatever the interval."""


class UnknownKindError(PermanentError):
    """No adapter for this account kind in this version of Tresen."""


def _demo(account: AccountInfo, _secrets: SecretStore, store: Store, _all: bool) -> Channel:
    return DemoChannel(store, account.id)


def _secret(account: AccountInfo, secrets: SecretStore, what: str) -> str:
    try:
        secret = secrets.get(account.id)
    except KeyringUnavailable as exc:  # e.g. the secret was kept for a session that ended
        raise AuthError(f"{what} needed for {account.identity}: {exc}") from None
    if secret is None:
        if secrets.session_only:  # the window's add-account / password prompt reads this
            raise AuthError(f"{what} needed for {account.identity} (without a keyring it is"
                            " kept only until Tresen quits)")
        raise AuthError(f"no {what} for {account.identity} in the keyring")
    return secret


def _email(account: AccountInfo, secrets: SecretStore, store: Store, _all: bool) -> Channel:
    # Imported here: a demo or CLI start does not pay for imaplib/email, and a
    # fault in one adapter costs one account, not every command.
    from services.email.adapter import EmailChannel
    from services.email.settings import SettingsError

    password = _secret(account, secrets, "password")
    try:
        return EmailChannel(account, password, store.reader, clock=store.clock)
    except SettingsError as exc:
        raise PermanentError(f"the account's settings are incomplete: {exc}") from None


def _mastodon(account: AccountInfo, secrets: SecretStore, store: Store,
              _all: bool) -> Channel:
    from services.mastodon.adapter import MastodonChannel
    from services.mastodon.settings import SettingsError

    token = _secret(account, secrets, "access token")
    try:
        return MastodonChannel(account, token, store.reader)
    except SettingsError as exc:
        raise PermanentError(f"the account's settings are incomplete: {exc}") from None


def _feed(account: AccountInfo, _secrets: SecretStore, store: Store, poll_all: bool) -> Channel:
    from services.feeds.adapter import FeedChannel

    return FeedChannel.from_settings(account.settings, clock=store.clock, force=poll_all,
                                     reader=store.reader)


_BUILDERS: dict[str, Builder] = {
    "demo": _demo,
    "email": _email,
    "mastodon": _mastodon,
    "feed": _feed,
}


def channel_for(account: AccountInfo, secrets: SecretStore, store: Store, *,
                poll_all: bool = False) -> Channel:
    """A connected-on-demand channel for ``account``; raises ``UnknownKindError``."""
    builder = _BUILDERS.get(account.kind)
    if builder is None:
        raise UnknownKindError(f"Tresen cannot sync {account.kind!r} accounts yet")
    try:
        return builder(account, secrets, store, poll_all)
    except KeyringUnavailable as exc:
        # To the engine this is one account that cannot sync, not a crash.
        raise PermanentError(str(exc)) from None


def channel_factory(store: Store, secrets: SecretStore, *,
                    poll_all: bool = False) -> Callable[[AccountInfo], Channel]:
    """What ``SyncEngine`` takes: ``SyncEngine(store, channel_factory(store, secrets))``."""

    def make(account: AccountInfo) -> Channel:
        return channel_for(account, secrets, store, poll_all=poll_all)

    return make
