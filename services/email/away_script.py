"""The server-side away notice: a Sieve vacation script Tresen keeps on the mail server.

So customers are answered while the laptop is shut. The account's
``settings.server_away_notice`` is true exactly while the owner wants the
server to answer; the local ``AwayResponder`` then stays quiet, so a message
never gets two notices. The flag is set *before* the script goes up and
cleared only *after* it is gone: a crash in between can cost a notice, never
send one twice, and the next ``ensure_server_notice`` repairs the state.

Where the server has the ``date`` extension, one script answers only while
closed and is exact until the zone's next offset change (or a few weeks);
without it, a plain vacation script is installed while closed and removed at
opening, each time ``ensure_server_notice`` runs after a transition. The
owner's own active script is kept: ours ``include``s it first and it is
active again after switching off. Refused, with a clear message, when that
cannot work (no ``include``, or the owner's script sends vacations itself).

Settings keys: ``sieve_host``/``sieve_port``/``sieve_security`` (default: the
IMAP host, 4190, STARTTLS unless IMAP is plain on this machine), and the
state Tresen keeps: ``server_away_until`` (epoch: upload again then),
``server_away_digest`` (what the script was made from), ``server_away_mode``
(``date``/``plain``), ``server_away_previous`` (the owner's script).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from app.availability import Schedule, schedule_to_json
from app.availability.sieve import (
    DATE_EXTENSIONS,
    Vacation,
    date_script,
    plain_script,
)
from app.store.account_settings import update_account_settings
from app.store.away import account_schedule
from app.store.database import Store
from app.store.queries import AccountInfo, accounts
from services.channel import AuthError, PermanentError
from services.email.managesieve import (
    DEFAULT_PORT,
    ManageSieve,
    ScriptInfo,
    SieveRefusedError,
    connect,
)
from services.email.settings import LOCAL_HOSTS, Endpoint, SettingsError

__all__ = [
    "FLAG",
    "SCRIPT_NAME",
    "Connector",
    "ServerNoticeError",
    "ServerNoticeStatus",
    "disable_server_notice",
    "enable_server_notice",
    "ensure_server_notice",
    "server_notice_status",
    "sieve_endpoint",
]

SCRIPT_NAME: Final = "tresen-away"
FLAG: Final = "server_away_notice"
_STATE_KEYS: Final = ("server_away_until", "server_away_digest", "server_away_mode",
                      "server_away_previous")
_FORMAT: Final = 1
"""Bump when the generated script changes shape, so every server gets the new one."""

_NEVER: Final = datetime(9999, 1, 1, tzinfo=UTC)

Connector = Callable[[Endpoint, float], ManageSieve]
"""Opens a session; ``managesieve.connect`` unless a test or the app wraps it."""


class ServerNoticeError(PermanentError):
    """Tresen will not install the notice on this server; the message says why."""


@dataclass(frozen=True, slots=True)
class ServerNoticeStatus:
    """What the account records and what the server says."""

    enabled: bool
    mode: str | None
    valid_until: datetime | None
    scripts: tuple[ScriptInfo, ...]

    @property
    def active_on_server(self) -> bool:
        return any(s.name == SCRIPT_NAME and s.active for s in self.scripts)


def sieve_endpoint(settings: Mapping[str, object]) -> Endpoint:
    """Where the account's ManageSieve service is (see the module docstring)."""
    host = str(settings.get("sieve_host") or settings.get("imap_host") or "").strip()
    if not host:
        raise SettingsError("sieve_host is missing (and there is no imap_host)")
    imap_security = str(settings.get("imap_security") or "ssl")
    default = "none" if imap_security == "none" and host in LOCAL_HOSTS else "starttls"
    security = str(settings.get("sieve_security") or default).lower()
    if security not in {"ssl", "starttls", "none"}:
        raise SettingsError("sieve_security must be one of ssl, starttls, none")
    if security == "none" and host.lower() not in LOCAL_HOSTS:
        raise SettingsError("sieve_security 'none' is only allowed for 127.0.0.1")
    port = settings.get("sieve_port") or DEFAULT_PORT
    if isinstance(port, bool) or not isinstance(port, int | str) or not str(port).isdigit():
        raise SettingsError(f"sieve_port must be a number, not {port!r}")
    return Endpoint(host, int(port), security)


def _settings(store: Store, account_id: int) -> dict[str, object]:
    found = [a for a in accounts(store.reader()) if a.id == account_id]
    return found[0].settings if found else {}


def _open(account: AccountInfo, password: str, connector: Connector) -> ManageSieve:
    settings = account.settings
    timeout = float(str(settings.get("timeout") or 30))
    session = connector(sieve_endpoint(settings), timeout)
    try:
        session.authenticate(str(settings.get("username") or account.identity), password)
    except BaseException:
        session.close(logout=False)
        raise
    return session


@dataclass(frozen=True, slots=True)
class _Plan:
    schedule: Schedule | None
    language: str
    vacation: Vacation
    mode: str
    digest: str


def _plan(store: Store, account: AccountInfo, mode: str, previous: str | None) -> _Plan:
    """What the script is made from; ``digest`` changes whenever the script would."""
    conn = store.reader()
    schedule = account_schedule(conn, account.id)
    row = conn.execute("SELECT language FROM workspace WHERE id = ?",
                       (account.workspace_id,)).fetchone()
    language = str(row[0]) if row else "en"
    raw_aliases = account.settings.get("aliases") or []
    aliases = tuple(str(a) for a in raw_aliases) if isinstance(raw_aliases, list) else ()
    vacation = Vacation(account.identity, aliases, include=previous)
    basis = json.dumps([_FORMAT, None if schedule is None else schedule_to_json(schedule),
                        language, account.identity, aliases, previous, mode], sort_keys=True)
    return _Plan(schedule, language, vacation, mode, hashlib.sha256(basis.encode()).hexdigest())


def _mode(session: ManageSieve) -> str:
    return "date" if set(DATE_EXTENSIONS) <= session.capabilities.sieve else "plain"


def _owner_script(session: ManageSieve, scripts: list[ScriptInfo],
                  recorded: str | None) -> str | None:
    """The owner's script ours must keep running; refuses what cannot be kept."""
    names = {s.name for s in scripts}
    active = next((s.name for s in scripts if s.active and s.name != SCRIPT_NAME), None)
    previous = active or (recorded if recorded in names else None)
    if previous is None:
        return None
    if "include" not in session.capabilities.sieve:
        raise ServerNoticeError(
            f"your own Sieve script {previous!r} is active and this server cannot include it"
            " in Tresen's away notice; switch it off on the server first, or use Tresen's"
            " local away notice")
    if re.search(r"\bvacation\b", session.get_script(previous)):
        raise ServerNoticeError(
            f"your own Sieve script {previous!r} already sends vacation replies; switch that"
            " off first so customers do not get two notices")
    return previous


def _upload(store: Store, account: AccountInfo, session: ManageSieve, plan: _Plan,
            previous: str | None, now: datetime) -> datetime:
    """Put the right script in place now; returns when to look again."""
    if plan.schedule is None:
        text: str | None = None  # schedule removed: always open, nothing to answer
        until = _NEVER  # until the schedule (and so the digest) changes
    elif plan.mode == "date":
        script = date_script(plan.schedule, now, plan.vacation, language=plan.language)
        text, until = script.text, script.valid_until
    else:
        plain = plain_script(plan.schedule, now, plan.vacation, language=plan.language)
        text, until = plain.text, plain.transition
    if text is None:
        if any(s.name == SCRIPT_NAME and s.active for s in session.list_scripts()):
            session.set_active(previous)
    else:
        session.put_script(SCRIPT_NAME, text)
        session.set_active(SCRIPT_NAME)
    update_account_settings(store, account.id, {
        "server_away_until": int(until.timestamp()),
        "server_away_digest": plan.digest, "server_away_mode": plan.mode})
    return until


def enable_server_notice(store: Store, account: AccountInfo, password: str, now: datetime,
                         connector: Connector = connect) -> datetime:
    """Switch the server-side notice on: install, activate, set the flag.

    Returns when the script must be refreshed (``ensure_server_notice`` does
    that). Raises ``ServerNoticeError`` when the server cannot carry the
    notice, ``AuthError`` for a wrong password, ``TemporaryError`` when the
    server cannot be reached; on a refusal nothing stays switched on.
    """
    with _open(account, password, connector) as session:
        if "vacation" not in session.capabilities.sieve:
            raise ServerNoticeError("this mail server's Sieve has no vacation extension, so"
                                    " it cannot answer by itself; use Tresen's local notice")
        recorded = account.settings.get("server_away_previous")
        previous = _owner_script(session, session.list_scripts(),
                                 recorded if isinstance(recorded, str) else None)
        plan = _plan(store, account, _mode(session), previous)
        if plan.schedule is None:
            raise ServerNoticeError("this account's workspace has no opening hours yet; set"
                                    " them first, so the server knows when to answer")
        update_account_settings(store, account.id, {FLAG: True, "server_away_previous": previous})
        try:
            return _upload(store, account, session, plan, previous, now)
        except SieveRefusedError as exc:
            _remove(session, previous)
            update_account_settings(store, account.id, dict.fromkeys((FLAG, *_STATE_KEYS)))
            raise ServerNoticeError(f"the server refused Tresen's away script: {exc}") from None


def ensure_server_notice(store: Store, account: AccountInfo, password: str, now: datetime,
                         connector: Connector = connect) -> bool:
    """Bring the server's script up to date if it needs it; True if it uploaded.

    Cheap when nothing changed: no connection at all unless the schedule (or
    anything else the script is made from) changed or the script's validity
    ended. For the sync engine to call on every run of an email account.
    """
    settings = _settings(store, account.id)
    if not settings.get(FLAG):
        return False
    current = AccountInfo(account.id, account.workspace_id, account.kind, account.display_name,
                          account.identity, settings, account.last_sync_at, account.last_error)
    recorded = settings.get("server_away_previous")
    previous = recorded if isinstance(recorded, str) else None
    until = settings.get("server_away_until")
    mode = str(settings.get("server_away_mode") or "")
    fresh = isinstance(until, int) and now.timestamp() < until
    if fresh and _plan(store, current, mode, previous).digest == settings.get(
            "server_away_digest"):
        return False
    with _open(current, password, connector) as session:
        _upload(store, current, session, _plan(store, current, _mode(session), previous),
                previous, now)
    return True


def _remove(session: ManageSieve, previous: str | None) -> None:
    scripts = session.list_scripts()
    names = {s.name for s in scripts}
    if any(s.name == SCRIPT_NAME and s.active for s in scripts):
        session.set_active(previous if previous in names else None)
    if SCRIPT_NAME in names:
        session.delete_script(SCRIPT_NAME)


def disable_server_notice(store: Store, account: AccountInfo, password: str,
                          connector: Connector = connect) -> None:
    """Switch off: our script deleted, the owner's active again, then the flag cleared."""
    settings = _settings(store, account.id)
    recorded = settings.get("server_away_previous")
    with _open(account, password, connector) as session:
        _remove(session, recorded if isinstance(recorded, str) else None)
    update_account_settings(store, account.id, dict.fromkeys((FLAG, *_STATE_KEYS)))


def server_notice_status(store: Store, account: AccountInfo, password: str,
                         connector: Connector = connect) -> ServerNoticeStatus:
    settings: Mapping[str, Any] = _settings(store, account.id)
    until = settings.get("server_away_until")
    with _open(account, password, connector) as session:
        scripts = tuple(session.list_scripts())
    mode = settings.get("server_away_mode")
    return ServerNoticeStatus(
        bool(settings.get(FLAG)), mode if isinstance(mode, str) else None,
        datetime.fromtimestamp(until, UTC) if isinstance(until, int) else None, scripts)


class ServerNoticeKeeper:
    """The sync engine's maintenance hook: keeps each email account's Sieve script current.

    Cheap on most runs (``ensure_server_notice`` connects only when the
    schedule changed or the script's validity ended).
    """

    def __init__(self, store: Store, password_for: Callable[[int], str | None],
                 clock: Callable[[], int] | None = None) -> None:
        self._store = store
        self._password_for = password_for
        self._clock = clock or store.clock

    def __call__(self, account: AccountInfo) -> None:
        if account.kind != "email" or not account.settings.get(FLAG):
            return
        password = self._password_for(account.id)
        if not password:
            raise AuthError(f"password needed to update the away notice of {account.identity}")
        ensure_server_notice(self._store, account, password,
                             datetime.fromtimestamp(self._clock(), UTC))
