"""Account secrets (passwords, tokens) in the operating system's keyring.

A secret lives only in keyring under service ``Tresen`` and user
``account:<id>`` — never in SQLite, the settings file, a log line or an
exception message. Where no usable keyring exists (a bare Linux box, a
locked keychain) ``KeyringUnavailable`` says so in plain words, and the
caller may switch to session-only mode: the secret is kept in memory for
this run and asked for again next time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # keyring itself is imported at first use: ~65 ms of the window's start
    from keyring.backend import KeyringBackend

__all__ = ["SERVICE", "KeyringUnavailable", "SecretStore"]

SERVICE = "Tresen"

_UNAVAILABLE = (
    "No usable keyring (password store) was found on this computer, so Tresen cannot keep "
    "passwords safely between runs. Install or unlock one (GNOME Keyring, KWallet, macOS "
    "Keychain, Windows Credential Locker), or use session-only mode: the password is kept "
    "in memory until Tresen quits."
)


class KeyringUnavailable(Exception):  # noqa: N818 - the name other modules catch
    """The keyring cannot be used; the message is fit to show to a person."""


def _key(account_id: int) -> str:
    return f"account:{account_id}"


class SecretStore:
    """Secrets per account; pass one instance down from the composition root.

    ``backend`` defaults to whatever keyring has configured at the time of
    each call (so ``keyring.set_keyring`` in a test takes effect).
    """

    def __init__(self, *, session_only: bool = False,
                 backend: KeyringBackend | None = None) -> None:
        self._session_only = session_only
        self._backend = backend
        self._memory: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"SecretStore(session_only={self._session_only})"

    @property
    def session_only(self) -> bool:
        return self._session_only

    def use_session_only(self) -> None:
        """Switch to memory for the rest of this run (after ``KeyringUnavailable``)."""
        self._session_only = True

    def check(self) -> None:
        """Raise ``KeyringUnavailable`` unless secrets can be kept across runs."""
        if not self._session_only:
            self._usable_backend()

    def get(self, account_id: int) -> str | None:
        if self._session_only:
            return self._memory.get(_key(account_id))
        backend = self._usable_backend()
        try:
            return backend.get_password(SERVICE, _key(account_id))
        except Exception as exc:
            raise _unavailable(exc) from None

    def set(self, account_id: int, secret: str) -> None:
        if self._session_only:
            self._memory[_key(account_id)] = secret
            return
        backend = self._usable_backend()
        try:
            backend.set_password(SERVICE, _key(account_id), secret)
        except Exception as exc:
            # ``from None``: a backend's error must not drag the secret into a traceback.
            raise _unavailable(exc) from None

    def delete(self, account_id: int) -> None:
        """Forget the account's secret; deleting a missing one is fine."""
        self._memory.pop(_key(account_id), None)
        if self._session_only:
            return
        import keyring.errors

        backend = self._usable_backend()
        try:
            if backend.get_password(SERVICE, _key(account_id)) is not None:
                backend.delete_password(SERVICE, _key(account_id))
        except keyring.errors.PasswordDeleteError:
            pass
        except Exception as exc:
            raise _unavailable(exc) from None

    def _usable_backend(self) -> KeyringBackend:
        import keyring
        from keyring.backends import chainer, fail, null

        backend = self._backend or keyring.get_keyring()
        if isinstance(backend, fail.Keyring | null.Keyring):
            raise KeyringUnavailable(_UNAVAILABLE)
        # An empty chain silently drops every secret it is given.
        if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
            raise KeyringUnavailable(_UNAVAILABLE)
        return backend


def _unavailable(exc: Exception) -> KeyringUnavailable:
    import keyring.errors

    if isinstance(exc, keyring.errors.KeyringLocked):
        return KeyringUnavailable(
            "The keyring (password store) is locked. Unlock it and try again, or use "
            "session-only mode."
        )
    return KeyringUnavailable(f"{_UNAVAILABLE} (The keyring reported {type(exc).__name__}.)")
