"""Plain words, in the UI language, for why an account could not be added.

``services.accounts`` says *which field* and *what problem* (its own message
is English, for the command line); this module turns that into the sentence
shown under the field, and says what to do about it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from services.accounts import AccountSetupError, Problem
from services.channel import ChannelError, PermanentError, TemporaryError
from services.mastodon.entities import UnexpectedResponse
from services.mastodon.oauth import OAuthError
from services.mastodon.settings import SettingsError as MastodonSettingsError

__all__ = ["explain", "explain_sign_in"]

TR_CONTEXT = "AddAccount"


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


def _missing(field: str) -> str:
    if field == "address":
        return _tr("Enter the email address.")
    if field == "display_name":
        return _tr("Enter the name customers see as the sender.")
    if field.endswith("_host"):
        return _tr("Enter the server name; your provider's help pages list it.")
    if field == "password":
        return _tr("Enter the password.")
    if field == "workspace":
        return _tr("Give the new workspace a name.")
    return _tr("This is needed.")


def _invalid(field: str) -> str:
    if field == "address":
        return _tr("This is not an email address (like hallo@example.org).")
    if field.endswith("_host"):
        return _tr("This is not a server name (like mail.example.org).")
    if field.endswith("_port"):
        return _tr("A port is a number from 1 to 65535.")
    return _tr("This value is not valid.")


def explain(error: AccountSetupError) -> str:
    """The sentence to show next to ``error.field``."""
    problem, field = error.problem, error.field
    if problem is Problem.MISSING:
        return _missing(field)
    if problem is Problem.INVALID:
        return _invalid(field)
    if problem is Problem.INSECURE:
        return _tr("Without encryption the password would cross the network readable by "
                   "anyone. “None” is only allowed for a server on this computer (127.0.0.1 "
                   "or localhost); choose SSL/TLS or STARTTLS.")
    if problem is Problem.DUPLICATE:
        if field == "workspace":
            return _tr("A workspace with this name exists already; choose it in the list "
                       "or pick another name.")
        return _tr("This workspace has this account already.")
    if problem is Problem.PASSWORD:
        if error.server == "smtp":
            return _tr("The outgoing mail server (SMTP) refused the user name or password. "
                       "Check both; some providers need an app password.")
        return _tr("The incoming mail server (IMAP) refused the user name or password. "
                   "Check both; some providers need an app password.")
    if problem is Problem.CERTIFICATE:
        return _tr("The server's certificate is not trusted, so the password was not sent. "
                   "Check the server name; if it is right, ask your provider about the "
                   "certificate.")
    if problem is Problem.TLS:
        return _tr("The encrypted connection failed. Check that security and port match "
                   "(SSL/TLS: usually 993 and 465, STARTTLS: 143 and 587).")
    if problem is Problem.NOT_FOUND:
        return _tr("No server by this name can be found. Check the spelling and your "
                   "internet connection.")
    if problem is Problem.REFUSED:
        return _tr("The server refused the connection on this port. Check the port and the "
                   "security setting.")
    if problem is Problem.TIMEOUT:
        return _tr("The server did not answer in time. Check the server name and port, then "
                   "try again.")
    if problem is Problem.UNREACHABLE:
        return _tr("The server cannot be reached. Check your internet connection.")
    return _tr("The connection test failed: %1").replace("%1", str(error))


def explain_sign_in(exc: BaseException) -> str:
    """Plain words for a failed Mastodon sign-in (unknown instance, refused, timeout)."""
    message = str(exc)
    if isinstance(exc, MastodonSettingsError):
        if "only https" in message:
            return _tr("Only https:// addresses are allowed for a server on the network.")
        if "missing" in message:
            return _tr("Enter the address of your Mastodon server, like mastodon.social.")
        return _tr("This is not a server address (like mastodon.social).")
    if isinstance(exc, OAuthError):
        if "in time" in message:
            return _tr("No answer from the browser in time. Sign in again and click "
                       "“Authorize” on the page that opens.")
        if "did not grant" in message:
            return _tr("Access was not granted in the browser. Nothing was saved.")
        if "refused" in message:
            return _tr("The server refused the sign-in. Try again; if it keeps failing, "
                       "the server may not allow new apps.")
        return _tr("This server does not answer like a Mastodon server. Check the address.")
    if isinstance(exc, UnexpectedResponse):
        return _tr("This server does not answer like a Mastodon server. Check the address.")
    if isinstance(exc, TemporaryError):
        if "did not answer" in message:
            return _tr("The server did not answer in time. Check the address and your "
                       "internet connection, then try again.")
        if "could not reach" in message:
            return _tr("No Mastodon server answers at this address. Check the spelling and "
                       "your internet connection.")
        return _tr("The server has a problem right now; try again later.")
    if isinstance(exc, PermanentError | ChannelError):
        return _tr("This server does not answer like a Mastodon server. Check the address.")
    return _tr("The sign-in failed: %1").replace("%1", message)
