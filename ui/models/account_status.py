"""What the sidebar says about one account: when it last synced and what went wrong.

The sync engine records each account's outcome (``last_sync_at``,
``last_error``); this module turns that into the short line under the
account's name, the tooltip with the whole error, and the decision whether a
click should ask for the password (or a new Mastodon sign-in) again.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.store.queries import AccountInfo
from ui.timefmt import synced_text

__all__ = ["SIGN_IN_KINDS", "needs_sign_in", "status_line", "tooltip"]

SIGN_IN_KINDS = frozenset({"email", "mastodon"})
# ``services.sync.engine.SIGN_IN_AGAIN`` prefixes every authentication failure,
# including "password needed" when a session-only secret ended with the last run.
_SIGN_IN_MARKERS = ("sign in again", "password needed", "access token needed",
                    "no password for", "no access token for")


TR_CONTEXT = "AccountStatus"


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


def needs_sign_in(account: AccountInfo) -> bool:
    """True when only the person can fix the error: a password or a new sign-in."""
    error = account.last_error.lower()
    return account.kind in SIGN_IN_KINDS and any(m in error for m in _SIGN_IN_MARKERS)


def status_line(account: AccountInfo, now: int) -> str:
    """The second line under the account's name: short, the sidebar is narrow (the
    tooltip has the whole error and what a click does)."""
    if needs_sign_in(account):
        if account.kind == "email":
            return _tr("Password needed")
        return _tr("Sign in again")
    if account.last_error:
        return _tr("Sync failed")
    return synced_text(account.last_sync_at, now)


def tooltip(account: AccountInfo, now: int) -> str:
    lines = [account.identity or account.display_name, synced_text(account.last_sync_at, now)]
    if account.last_error:
        lines.append(_tr("Last error: %1").replace("%1", account.last_error))
    if needs_sign_in(account):
        lines.append(_tr("Click to enter the password again.") if account.kind == "email"
                     else _tr("Click to sign in to Mastodon again."))
    return "\n".join(lines)
