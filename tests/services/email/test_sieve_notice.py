"""The server-side away notice end to end: Tresen installs the script over
ManageSieve, Dovecot delivers through LMTP and runs it, Pigeonhole's vacation
replies arrive at a real aiosmtpd server.

Dovecot answers by its own clock, so "outside hours" and "inside hours" are
built around the real current time in Berlin.
"""

from __future__ import annotations

import argparse
import dataclasses
import email
import email.policy
import io
import json
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.availability import AutoReplySettings, Schedule, notice_at, weekly_hours
from app.availability.model import WEEKDAYS
from app.cli import server_notice
from app.cli.context import Context, DataError, Registry
from app.store import ops, queries
from app.store.account_settings import update_account_settings
from app.store.away import set_workspace_schedule
from app.store.database import Store
from app.store.queries import AccountInfo
from services.channel import AuthError
from services.email.away_script import (
    FLAG,
    SCRIPT_NAME,
    ServerNoticeError,
    disable_server_notice,
    enable_server_notice,
    ensure_server_notice,
    server_notice_status,
)
from services.email.managesieve import ManageSieve, ScriptInfo, connect
from services.email.settings import Endpoint
from services.sync.away import AwayResponder
from tests.factories import incoming, ingest
from tests.servers.dovecot import MailUser
from tests.servers.dovecot_sieve import SieveDovecot, sieve_dovecot
from tests.servers.smtp import SmtpServer, smtp_server

pytestmark = pytest.mark.integration

BERLIN = ZoneInfo("Europe/Berlin")
OWN_RULES = ('require "fileinto";\r\n'
             'if header :contains "subject" "Rechnung" { fileinto "INBOX"; }\r\n')


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    with smtp_server() as server:
        yield server


@pytest.fixture(scope="module")
def dovecot(smtp: SmtpServer) -> Iterator[SieveDovecot]:
    with sieve_dovecot(smtp.port) as server:
        yield server


@pytest.fixture(scope="module")
def dovecot_without_date(smtp: SmtpServer) -> Iterator[SieveDovecot]:
    with sieve_dovecot(smtp.port, extensions="-date") as server:
        yield server


def _hhmm(at: datetime, *, end: bool = False) -> str:
    minute = at.hour * 60 + at.minute
    if end and minute == 0:
        return "24:00"
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _schedule(*, open_now: bool) -> Schedule:
    """One shift today: around now (open) or starting in three hours (closed)."""
    local = datetime.now(BERLIN).replace(second=0, microsecond=0)
    start = local - timedelta(hours=2) if open_now else local + timedelta(hours=3)
    end = start + timedelta(hours=4 if open_now else 2)
    hours = weekly_hours({WEEKDAYS[start.weekday()]: [(_hhmm(start), _hhmm(end, end=True))]})
    return Schedule("Europe/Berlin", hours, business_name="Bäckerei Sonnenschein",
                    language="de")


def _account(store: Store, server: SieveDovecot, user: MailUser, schedule: Schedule
             ) -> AccountInfo:
    ws = ops.create_workspace(store, "Bäckerei Sonnenschein", "de")
    set_workspace_schedule(store, ws, schedule)
    acc = ops.create_account(store, ws, "email", "Bäckerei", user.address, {
        "imap_host": server.host, "imap_port": server.imap_port, "imap_security": "none",
        "sieve_port": server.sieve_port, "username": user.username, "timeout": 5})
    return next(a for a in queries.accounts(store.reader()) if a.id == acc)


def _settings(store: Store, account: AccountInfo) -> dict[str, object]:
    return next(a for a in queries.accounts(store.reader()) if a.id == account.id).settings


def _mail(server: SieveDovecot, user: MailUser, sender: str, subject: str = "Hallo") -> None:
    msg = EmailMessage()
    msg["From"] = f"Kundin <{sender}>"
    msg["To"] = user.address
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{subject.replace(' ', '-')}.{sender}>"
    msg.set_content("Haben Sie morgen Brezeln?")
    server.deliver(sender, user.address, msg.as_bytes())


def _replies(smtp: SmtpServer, to: str) -> list[EmailMessage]:
    found = []
    for received in smtp.messages:
        if to in received.rcpt_tos:
            parsed = email.message_from_bytes(received.data, policy=email.policy.default)
            assert isinstance(parsed, EmailMessage)
            found.append(parsed)
    return found


def _scripts(server: SieveDovecot, user: MailUser) -> list[ScriptInfo]:
    with connect(Endpoint(server.host, server.sieve_port, "none"), 5) as session:
        session.authenticate(user.username, user.password)
        return session.list_scripts()


def _owner_session(server: SieveDovecot, user: MailUser) -> ManageSieve:
    session = connect(Endpoint(server.host, server.sieve_port, "none"), 5)
    session.authenticate(user.username, user.password)
    return session


def test_outside_hours_the_server_answers_once_per_sender(
        store: Store, dovecot: SieveDovecot, smtp: SmtpServer) -> None:
    user = dovecot.add_user()
    schedule = _schedule(open_now=False)
    account = _account(store, dovecot, user, schedule)
    enable_server_notice(store, account, user.password, datetime.now(UTC))
    assert _scripts(dovecot, user) == [ScriptInfo(SCRIPT_NAME, True)]
    assert _settings(store, account)[FLAG] is True

    _mail(dovecot, user, "anna@kundschaft.example")
    expected = notice_at(schedule, datetime.now(UTC))
    _mail(dovecot, user, "anna@kundschaft.example", "Noch eine Frage")

    replies = _replies(smtp, "anna@kundschaft.example")
    assert len(replies) == 1
    reply = replies[0]
    assert reply["Subject"] == "Auto: Hallo"
    assert reply["From"] == user.address
    assert reply["To"].addresses[0].addr_spec == "anna@kundschaft.example"
    assert reply["Auto-Submitted"].startswith("auto-replied")
    assert reply["In-Reply-To"] == "<Hallo.anna@kundschaft.example>"
    assert expected is not None and "Wieder erreichbar" in expected
    assert reply.get_content().replace("\r\n", "\n").strip() == expected.strip()


def test_inside_hours_the_server_stays_silent(
        store: Store, dovecot: SieveDovecot, smtp: SmtpServer) -> None:
    user = dovecot.add_user()
    account = _account(store, dovecot, user, _schedule(open_now=True))
    enable_server_notice(store, account, user.password, datetime.now(UTC))
    assert _scripts(dovecot, user) == [ScriptInfo(SCRIPT_NAME, True)]
    _mail(dovecot, user, "bernd@kundschaft.example")
    assert _replies(smtp, "bernd@kundschaft.example") == []


def test_switching_off_restores_the_owners_script_and_the_silence(
        store: Store, dovecot: SieveDovecot, smtp: SmtpServer) -> None:
    user = dovecot.add_user()
    with _owner_session(dovecot, user) as owner:
        owner.put_script("eigene Regeln", OWN_RULES)
        owner.set_active("eigene Regeln")
    account = _account(store, dovecot, user, _schedule(open_now=False))
    enable_server_notice(store, account, user.password, datetime.now(UTC))
    assert sorted(_scripts(dovecot, user), key=lambda s: s.name) == [
        ScriptInfo("eigene Regeln", False), ScriptInfo(SCRIPT_NAME, True)]
    _mail(dovecot, user, "carla@kundschaft.example", "Rechnung")
    assert len(_replies(smtp, "carla@kundschaft.example")) == 1  # the include ran fine

    disable_server_notice(store, account, user.password)
    assert _scripts(dovecot, user) == [ScriptInfo("eigene Regeln", True)]
    settings = _settings(store, account)
    assert FLAG not in settings and "server_away_previous" not in settings
    _mail(dovecot, user, "dora@kundschaft.example")
    assert _replies(smtp, "dora@kundschaft.example") == []


def test_tresens_local_notice_stays_quiet_exactly_while_the_server_answers(
        store: Store, dovecot: SieveDovecot) -> None:
    user = dovecot.add_user()
    schedule = dataclasses.replace(_schedule(open_now=False),
                                   auto_reply=AutoReplySettings(enabled=True))
    account = _account(store, dovecot, user, schedule)
    local = AwayResponder(store, clock=lambda: int(time.time()))

    def customer_writes(sender: str) -> int:
        result = ingest(store, account.id, incoming(
            f"t-{sender}", "Haben Sie offen?", sent_at=int(time.time()), handle=sender))
        current = next(a for a in queries.accounts(store.reader()) if a.id == account.id)
        return local(current, result)

    enable_server_notice(store, account, user.password, datetime.now(UTC))
    assert customer_writes("ina@kundschaft.example") == 0
    disable_server_notice(store, account, user.password)
    assert customer_writes("jan@kundschaft.example") == 1


def test_switching_off_without_an_own_script_leaves_nothing_behind(
        store: Store, dovecot: SieveDovecot, smtp: SmtpServer) -> None:
    user = dovecot.add_user()
    account = _account(store, dovecot, user, _schedule(open_now=False))
    enable_server_notice(store, account, user.password, datetime.now(UTC))
    disable_server_notice(store, account, user.password)
    assert _scripts(dovecot, user) == []
    _mail(dovecot, user, "emil@kundschaft.example")
    assert _replies(smtp, "emil@kundschaft.example") == []
    assert not server_notice_status(store, account, user.password).enabled


def test_an_own_script_that_sends_vacations_is_refused_and_left_alone(
        store: Store, dovecot: SieveDovecot) -> None:
    user = dovecot.add_user()
    own = 'require "vacation";\r\nvacation :days 1 "Bin im Urlaub";\r\n'
    with _owner_session(dovecot, user) as owner:
        owner.put_script("urlaub", own)
        owner.set_active("urlaub")
    account = _account(store, dovecot, user, _schedule(open_now=False))
    with pytest.raises(ServerNoticeError, match="'urlaub' already sends vacation replies"):
        enable_server_notice(store, account, user.password, datetime.now(UTC))
    assert _scripts(dovecot, user) == [ScriptInfo("urlaub", True)]
    assert FLAG not in _settings(store, account)


def test_without_opening_hours_nothing_is_switched_on(
        store: Store, dovecot: SieveDovecot) -> None:
    user = dovecot.add_user()
    account = _account(store, dovecot, user, _schedule(open_now=False))
    set_workspace_schedule(store, account.workspace_id, None)
    with pytest.raises(ServerNoticeError, match="no opening hours yet"):
        enable_server_notice(store, account, user.password, datetime.now(UTC))
    assert FLAG not in _settings(store, account)
    assert _scripts(dovecot, user) == []


def test_a_wrong_password_is_an_auth_error_and_switches_nothing_on(
        store: Store, dovecot: SieveDovecot) -> None:
    user = dovecot.add_user()
    account = _account(store, dovecot, user, _schedule(open_now=False))
    with pytest.raises(AuthError, match=f"refused the ManageSieve login for {user.username}"):
        enable_server_notice(store, account, "nicht das Passwort", datetime.now(UTC),
                             connector=lambda _endpoint, timeout: dovecot.connect_from(
                                 timeout=timeout))
    assert FLAG not in _settings(store, account)
    assert _scripts(dovecot, user) == []


def test_ensure_uploads_again_only_when_the_schedule_changed_or_validity_ended(
        store: Store, dovecot: SieveDovecot, smtp: SmtpServer) -> None:
    user = dovecot.add_user()
    account = _account(store, dovecot, user, _schedule(open_now=True))
    now = datetime.now(UTC)
    enable_server_notice(store, account, user.password, now)
    until = _settings(store, account)["server_away_until"]
    assert isinstance(until, int) and until > now.timestamp()
    # Nothing changed: no connection at all, even with a wrong password.
    assert ensure_server_notice(store, account, "egal", now) is False

    set_workspace_schedule(store, account.workspace_id, _schedule(open_now=False))
    assert ensure_server_notice(store, account, user.password, now) is True
    _mail(dovecot, user, "frieda@kundschaft.example")
    assert len(_replies(smtp, "frieda@kundschaft.example")) == 1
    assert ensure_server_notice(store, account, user.password, now) is False

    update_account_settings(store, account.id, {"server_away_until": int(now.timestamp())})
    assert ensure_server_notice(store, account, user.password, now) is True
    assert _scripts(dovecot, user) == [ScriptInfo(SCRIPT_NAME, True)]


def test_without_the_date_extension_the_script_is_swapped_at_transitions(
        store: Store, dovecot_without_date: SieveDovecot, smtp: SmtpServer) -> None:
    server = dovecot_without_date
    user = server.add_user()
    with _owner_session(server, user) as owner:
        assert "date" not in owner.capabilities.sieve
    account = _account(store, server, user, _schedule(open_now=False))
    now = datetime.now(UTC)
    enable_server_notice(store, account, user.password, now)
    settings = _settings(store, account)
    assert settings["server_away_mode"] == "plain"
    # Closed now; the plain script must go when we open in three hours.
    assert now.timestamp() < int(str(settings["server_away_until"])) <= (
        now + timedelta(hours=3, minutes=1)).timestamp()
    _mail(server, user, "gustav@kundschaft.example")
    assert len(_replies(smtp, "gustav@kundschaft.example")) == 1

    set_workspace_schedule(store, account.workspace_id, _schedule(open_now=True))
    assert ensure_server_notice(store, account, user.password, now) is True
    assert _scripts(server, user) == [ScriptInfo(SCRIPT_NAME, False)]
    _mail(server, user, "hanna@kundschaft.example")
    assert _replies(smtp, "hanna@kundschaft.example") == []


def _cli(data_dir: Path, *argv: str, stdin: str = "") -> tuple[int, str]:
    """``tresen server-notice …`` through its real parser and handlers."""
    common = argparse.ArgumentParser(add_help=False)
    parser = argparse.ArgumentParser(prog="tresen")
    registry = Registry(parser.add_subparsers(), common)
    server_notice.register(registry)
    args = parser.parse_args(argv)
    out = io.StringIO()
    ctx = Context(data_dir, out)
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return int(args.handler(args, ctx)), out.getvalue()
    finally:
        sys.stdin = saved
        ctx.close()


def test_command_line_switches_the_notice_on_and_off(
        tmp_path: Path, dovecot: SieveDovecot, smtp: SmtpServer) -> None:
    user = dovecot.add_user()
    ctx = Context(tmp_path, io.StringIO())
    account = _account(ctx.store(create=True), dovecot, user, _schedule(open_now=False))
    ctx.close()
    password = user.password + "\n"
    account_id = str(account.id)

    code, out = _cli(tmp_path, "server-notice", "on", "--account", account_id,
                     "--password-stdin", stdin=password)
    assert code == 0 and "server notice on" in out
    code, out = _cli(tmp_path, "server-notice", "status", "--account", account_id,
                     "--password-stdin", "--json", stdin=password)
    status = json.loads(out)
    assert status["enabled"] is True and status["active_on_server"] is True
    assert status["mode"] == "date"
    assert status["scripts"] == [{"name": SCRIPT_NAME, "active": True}]

    code, out = _cli(tmp_path, "server-notice", "off", "--account", account_id,
                     "--password-stdin", stdin=password)
    assert code == 0 and "server notice off" in out
    assert _scripts(dovecot, user) == []
    with pytest.raises(DataError, match="refused the ManageSieve login"):
        _cli(tmp_path, "server-notice", "on", "--account", account_id, "--password-stdin",
             stdin="falsch\n")
