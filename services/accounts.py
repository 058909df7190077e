"""Adding an account: check the input, test the connection, then save — or nothing.

Shared by ``tresen account add`` and the window's "Add account" dialog, so
both refuse the same input, run the same connection test and leave nothing
half-saved. A failure is an ``AccountSetupError`` that names the *field* the
person has to change and the *problem* (wrong password, certificate, host
not found, …): the CLI prints its plain-words message, the dialog shows its
own translated text next to that field. The secret is handed to
``SecretStore`` and to the server, never to the store, a log or a message.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from app.store import ops
from app.store.database import Store
from app.store.queries import accounts
from services.channel import AuthError, ChannelError
from services.email.imap import connect
from services.email.settings import (
    LOCAL_HOSTS,
    SECURITY_MODES,
    EmailSettings,
    SettingsError,
    default_port,
)
from services.email.smtp import check_login
from services.secrets import SecretStore

if TYPE_CHECKING:  # the Mastodon and feed modules load only when such an account is added
    import httpx

    from services.mastodon.oauth import SignIn

__all__ = ["AccountSetupError", "EmailDraft", "Problem", "check_new", "email_settings",
           "probe_email", "probe_feed", "save_account", "save_email_account",
           "save_feed_account", "verify_mastodon_token"]


class Problem(StrEnum):
    """Why a field is not right yet; the UI picks its words from this."""

    MISSING = "missing"
    INVALID = "invalid"
    INSECURE = "insecure"          # no encryption towards another computer
    DUPLICATE = "duplicate"        # this workspace has the account already
    PASSWORD = "password"          # the server refused user name or password
    CERTIFICATE = "certificate"    # the server's certificate is not trusted
    TLS = "tls"                    # encryption failed: wrong security mode or port
    NOT_FOUND = "not_found"        # no such host name
    REFUSED = "refused"            # nothing listens on that port
    TIMEOUT = "timeout"            # the server did not answer in time
    UNREACHABLE = "unreachable"    # the network cannot reach the host
    OTHER = "other"


class AccountSetupError(Exception):
    """Nothing was saved; ``field`` is the input to change, the message says why."""

    def __init__(self, message: str, *, field: str, problem: Problem, server: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.problem = problem
        self.server = server  # "imap" or "smtp" when a server said no


@dataclass(frozen=True, slots=True)
class EmailDraft:
    """What the person typed. A port of ``None`` means the usual one for the security."""

    address: str
    display_name: str
    imap_host: str
    smtp_host: str
    password: str = field(repr=False)
    imap_port: int | None = None
    imap_security: str = "ssl"
    smtp_port: int | None = None
    smtp_security: str = "ssl"
    username: str = ""
    first_sync_days: int = 90
    timeout: float = 30.0

    @property
    def identity(self) -> str:
        return self.address.strip().lower()

    @property
    def login(self) -> str:
        return self.username.strip() or self.address.strip()


def _check_endpoint(draft: EmailDraft, proto: str) -> None:
    host = str(getattr(draft, f"{proto}_host")).strip()
    security = str(getattr(draft, f"{proto}_security"))
    port = getattr(draft, f"{proto}_port")
    name = proto.upper()
    if not host:
        raise AccountSetupError(f"the {name} server is missing", field=f"{proto}_host",
                                problem=Problem.MISSING)
    if any(c.isspace() for c in host) or "/" in host:
        raise AccountSetupError(f"{host!r} is not a server name", field=f"{proto}_host",
                                problem=Problem.INVALID)
    if security not in SECURITY_MODES:
        raise AccountSetupError(f"{proto}_security must be one of {', '.join(SECURITY_MODES)}",
                                field=f"{proto}_security", problem=Problem.INVALID)
    if security == "none" and host.lower() not in LOCAL_HOSTS:
        raise AccountSetupError(
            f"{proto}_security 'none' is only allowed for 127.0.0.1; use ssl or starttls",
            field=f"{proto}_security", problem=Problem.INSECURE)
    if port is not None and not 0 < port < 65536:
        raise AccountSetupError(f"{proto}_port must be between 1 and 65535",
                                field=f"{proto}_port", problem=Problem.INVALID)


def email_settings(draft: EmailDraft) -> dict[str, Any]:
    """The account's settings JSON (no secret), or ``AccountSetupError`` for bad input."""
    local, _, domain = draft.address.strip().partition("@")
    if not draft.address.strip():
        raise AccountSetupError("the email address is missing", field="address",
                                problem=Problem.MISSING)
    if not local or "." not in domain or any(c.isspace() for c in draft.address.strip()):
        raise AccountSetupError(f"{draft.address.strip()!r} is not an email address",
                                field="address", problem=Problem.INVALID)
    if not draft.display_name.strip():
        raise AccountSetupError("the sender name is missing", field="display_name",
                                problem=Problem.MISSING)
    _check_endpoint(draft, "imap")
    _check_endpoint(draft, "smtp")
    if not draft.password:
        raise AccountSetupError("the password is missing", field="password",
                                problem=Problem.MISSING)
    raw = {"imap_host": draft.imap_host.strip(),
           "imap_port": draft.imap_port or default_port("imap", draft.imap_security),
           "imap_security": draft.imap_security, "smtp_host": draft.smtp_host.strip(),
           "smtp_port": draft.smtp_port or default_port("smtp", draft.smtp_security),
           "smtp_security": draft.smtp_security, "username": draft.login,
           "first_sync_days": draft.first_sync_days, "timeout": draft.timeout}
    try:
        return EmailSettings.from_json(raw).to_json()
    except SettingsError as exc:  # the checks above should have caught it first
        raise AccountSetupError(str(exc), field=str(exc).split(" ")[0],
                                problem=Problem.INVALID) from None


def _problem(exc: ChannelError) -> Problem:
    """Classify by the network error the channel error was raised from."""
    if isinstance(exc, AuthError):
        return Problem.PASSWORD
    cause = exc.__context__
    if isinstance(cause, ssl.SSLCertVerificationError):
        return Problem.CERTIFICATE
    if isinstance(cause, ssl.SSLError):
        return Problem.TLS
    if isinstance(cause, TimeoutError | socket.timeout):
        return Problem.TIMEOUT
    if isinstance(cause, socket.gaierror):
        return Problem.NOT_FOUND
    if isinstance(cause, ConnectionRefusedError):
        return Problem.REFUSED
    if isinstance(cause, OSError):
        return Problem.UNREACHABLE
    return Problem.OTHER


_FIELD = {Problem.PASSWORD: "password", Problem.CERTIFICATE: "security",
          Problem.TLS: "security", Problem.REFUSED: "port"}


def _failed(exc: ChannelError, proto: str) -> AccountSetupError:
    problem = _problem(exc)
    where = _FIELD.get(problem, "host")
    return AccountSetupError(str(exc), problem=problem, server=proto,
                             field=where if where == "password" else f"{proto}_{where}")


def probe_email(draft: EmailDraft, *, ssl_context: ssl.SSLContext | None = None) -> None:
    """Log in to IMAP (and open INBOX), then to SMTP; blocks, so never on the GUI thread."""
    settings = EmailSettings.from_json(email_settings(draft))
    try:
        session = connect(settings.imap, settings.username, draft.password,
                          timeout=settings.timeout, ssl_context=ssl_context)
        try:
            session.select("INBOX", readonly=True)
        finally:
            session.close()
    except ChannelError as exc:
        raise _failed(exc, "imap") from None
    try:
        check_login(settings.smtp, settings.username, draft.password,
                    timeout=settings.timeout, ssl_context=ssl_context)
    except ChannelError as exc:
        raise _failed(exc, "smtp") from None


def check_new(store: Store, workspace: int | str, kind: str, identity: str) -> None:
    """Refuse a taken workspace name or an account this workspace already has."""
    conn = store.reader()
    if isinstance(workspace, str):
        if not workspace.strip():
            raise AccountSetupError("the new workspace needs a name", field="workspace",
                                    problem=Problem.MISSING)
        taken = conn.execute("SELECT 1 FROM workspace WHERE name = ? COLLATE NOCASE",
                             (workspace.strip(),)).fetchone()
        if taken:
            raise AccountSetupError(f"a workspace named {workspace.strip()!r} already exists",
                                    field="workspace", problem=Problem.DUPLICATE)
        return
    if any(a.kind == kind and a.identity == identity for a in accounts(conn, workspace)):
        raise AccountSetupError(f"this workspace already has the account {identity}",
                                field="address", problem=Problem.DUPLICATE)


def save_account(store: Store, secrets: SecretStore, workspace: int | str, kind: str,
                 display_name: str, identity: str, settings: dict[str, Any], secret: str, *,
                 language: str = "en") -> int:
    """Create the account (and, given a name, its new workspace) and keep its secret.

    Call ``secrets.check()`` first. If keyring refuses the secret anyway, the
    new rows are removed again, so no account is left without its password.
    """
    check_new(store, workspace, kind, identity)
    new_workspace = isinstance(workspace, str)
    workspace_id = (ops.create_workspace(store, workspace, language)
                    if isinstance(workspace, str) else workspace)
    account_id = ops.create_account(store, workspace_id, kind, display_name, identity, settings)
    try:
        secrets.set(account_id, secret)
    except BaseException:
        with store.write() as conn:
            conn.execute(text("DELETE FROM account WHERE id = :id"), {"id": account_id})
            if new_workspace:
                conn.execute(text("DELETE FROM workspace WHERE id = :id"), {"id": workspace_id})
        raise
    return account_id


def save_email_account(store: Store, secrets: SecretStore, workspace: int | str,
                       draft: EmailDraft, *, language: str = "en") -> int:
    """``save_account`` for a draft that passed ``probe_email``."""
    return save_account(store, secrets, workspace, "email", draft.display_name.strip(),
                        draft.identity, email_settings(draft), draft.password,
                        language=language)


# -- feeds and Mastodon (shared by ``tresen account add feed|mastodon`` and the window) --
def probe_feed(settings: dict[str, Any]) -> int:
    """Fetch and parse the feed once; the number of entries (after keyword filters).

    Raises a ``ChannelError`` that says why no feed could be read there.
    """
    from services.feeds.adapter import FeedChannel

    channel = FeedChannel.from_settings(settings, force=True)
    try:
        return len(channel.pull({}).messages)
    finally:
        channel.close()


def save_feed_account(store: Store, workspace: int | str, name: str,
                      settings: dict[str, Any], language: str = "en") -> int:
    """Create the account (and, given a name, its workspace); a feed has no secret."""
    url = str(settings["url"])
    check_new(store, workspace, "feed", url)
    workspace_id = (ops.create_workspace(store, workspace.strip(), language)
                    if isinstance(workspace, str) else workspace)
    return ops.create_account(store, workspace_id, "feed", name, url, settings)


def verify_mastodon_token(instance: str, token: str, *, timeout: float = 20.0,
                          transport: httpx.BaseTransport | None = None) -> SignIn:
    """Ask the instance whose ``token`` this is; a ``SignIn`` to save, or ``AccountSetupError``.

    For a token made elsewhere (the instance's "Development" page, a script):
    the same check the browser sign-in ends with. ``transport`` is an httpx
    transport for tests.
    """
    import httpx

    from services.channel import PermanentError, TemporaryError
    from services.mastodon import entities
    from services.mastodon.api import MastodonApi
    from services.mastodon.oauth import SignIn
    from services.mastodon.settings import SettingsError, normalize_instance

    try:
        base = normalize_instance(instance)
    except SettingsError as exc:
        raise AccountSetupError(str(exc).removeprefix("instance: "), field="instance",
                                problem=Problem.INVALID) from None
    if not token.strip():
        raise AccountSetupError("the access token is missing", field="token",
                                problem=Problem.MISSING)
    api = MastodonApi(base, token.strip(), timeout=timeout, transport=transport)
    not_mastodon = f"{base} does not answer like a Mastodon server"
    try:
        me = entities.account(api.get("/api/v1/accounts/verify_credentials"))
    except AuthError:
        raise AccountSetupError("the token was refused (wrong, revoked or expired); create a"
                                " new one", field="token", problem=Problem.PASSWORD) from None
    except entities.UnexpectedResponse:
        raise AccountSetupError(not_mastodon, field="instance", problem=Problem.INVALID
                                ) from None
    except TemporaryError as exc:
        cause = exc.__context__
        if isinstance(cause, ValueError):  # an answer that is not JSON: a web page
            raise AccountSetupError(not_mastodon, field="instance",
                                    problem=Problem.INVALID) from None
        problem = (Problem.TIMEOUT if isinstance(cause, httpx.TimeoutException)
                   else Problem.UNREACHABLE if isinstance(cause, httpx.ConnectError)
                   else Problem.OTHER)
        raise AccountSetupError(str(exc), field="instance", problem=problem) from None
    except PermanentError as exc:  # 404 and the like: no Mastodon API at this address
        raise AccountSetupError(f"{not_mastodon} ({exc})", field="instance",
                                problem=Problem.INVALID) from None
    finally:
        api.close()
    return SignIn(token.strip(), base, me.id, me.acct, me.display_name or me.username)
