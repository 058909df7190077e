"""The ManageSieve client against a real Dovecot Pigeonhole on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.channel import AuthError, PermanentError, TemporaryError
from services.email.managesieve import ManageSieve, ScriptInfo, SieveRefusedError, connect
from services.email.settings import Endpoint
from tests.servers.dovecot import free_port
from tests.servers.dovecot_sieve import SieveDovecot, sieve_dovecot

pytestmark = pytest.mark.integration

KEEP = 'require "fileinto";\r\nif header :contains "subject" "Rechnung" { fileinto "INBOX"; }\r\n'


@pytest.fixture(scope="module")
def server() -> Iterator[SieveDovecot]:
    with sieve_dovecot(smtp_port=free_port()) as running:
        yield running


@pytest.fixture
def session(server: SieveDovecot) -> Iterator[ManageSieve]:
    user = server.add_user()
    with connect(Endpoint(server.host, server.sieve_port, "none"), 5) as opened:
        opened.authenticate(user.username, user.password)
        yield opened


def test_greeting_announces_extensions_and_plain_login(server: SieveDovecot) -> None:
    with connect(Endpoint(server.host, server.sieve_port, "none"), 5) as opened:
        caps = opened.capabilities
    assert "Pigeonhole" in caps.implementation
    assert {"vacation", "date", "relational", "include"} <= caps.sieve
    assert "PLAIN" in caps.sasl
    assert not caps.starttls  # this test server has no TLS


def test_put_activate_read_and_delete_a_script(session: ManageSieve) -> None:
    assert session.list_scripts() == []
    session.check_script(KEEP)
    session.put_script("eigene Regeln", KEEP)
    session.set_active("eigene Regeln")
    assert session.list_scripts() == [ScriptInfo("eigene Regeln", True)]
    assert session.get_script("eigene Regeln") == KEEP
    with pytest.raises(SieveRefusedError) as refused:
        session.delete_script("eigene Regeln")
    assert refused.value.code == "ACTIVE"
    session.set_active(None)
    assert session.list_scripts() == [ScriptInfo("eigene Regeln", False)]
    session.delete_script("eigene Regeln")
    assert session.list_scripts() == []


def test_a_broken_script_is_refused_with_the_servers_explanation(session: ManageSieve) -> None:
    with pytest.raises(SieveRefusedError) as refused:
        session.put_script("kaputt", 'require "vacation";\r\nvacation :days "x";\r\n')
    assert "vacation" in str(refused.value)
    assert isinstance(refused.value, PermanentError)
    assert session.list_scripts() == []
    with pytest.raises(SieveRefusedError) as missing:
        session.set_active("gibt-es-nicht")
    assert missing.value.code == "NONEXISTENT"


def test_wrong_password_is_an_auth_error_that_names_the_user_not_the_password(
        server: SieveDovecot) -> None:
    user = server.add_user()
    with server.connect_from() as opened, pytest.raises(AuthError) as failed:
        opened.authenticate(user.username, "falsch-geraten")
    message = str(failed.value)
    assert user.username in message and "password" in message
    assert "falsch-geraten" not in message


def test_nobody_listening_is_a_temporary_error() -> None:
    with pytest.raises(TemporaryError, match="cannot reach ManageSieve"):
        connect(Endpoint("127.0.0.1", free_port(), "none"), 2)


def test_starttls_demanded_but_not_offered_is_refused(server: SieveDovecot) -> None:
    with pytest.raises(PermanentError, match="does not offer STARTTLS"):
        connect(Endpoint(server.host, server.sieve_port, "starttls"), 5)
