"""Adding an account: input checks, the connection test against real servers, the save.

Each failure must name the field to change and the problem in words a
person can act on; a failed test or save leaves nothing behind.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

import keyring
import pytest

from app.store import queries
from app.store.database import Store
from services.accounts import (
    AccountSetupError,
    EmailDraft,
    Problem,
    email_settings,
    probe_email,
    save_email_account,
)
from services.secrets import SERVICE, SecretStore
from tests.servers.dovecot import Dovecot, MailUser, free_port, own_dovecot
from tests.servers.smtp import SmtpServer, smtp_server
from tests.services.test_secrets import LockedKeyring, MemoryKeyring

ADDRESS = "Hallo@Baeckerei.example"





def draft_for(server: Dovecot, smtp: SmtpServer, user: MailUser, **changes: object) -> EmailDraft:
    draft = EmailDraft(address=ADDRESS, display_name="Bäckerei Sonnenschein",
                       password=user.password, username=user.username,
                       imap_host=server.host, imap_port=server.port, imap_security="none",
                       smtp_host=smtp.host, smtp_port=smtp.port, smtp_security="none",
                       timeout=5)
    return replace(draft, **changes)  # type: ignore[arg-type]


def failure(draft: EmailDraft, context: ssl.SSLContext | None = None) -> AccountSetupError:
    with pytest.raises(AccountSetupError) as info:
        probe_email(draft, ssl_context=context)
    return info.value


# -- input ------------------------------------------------------------------------------
def test_defaults_fill_ports_by_security_and_the_login_by_address() -> None:
    draft = EmailDraft(address=" Hallo@Example.org ", display_name="Hallo",
                       password="Geheim-4711", imap_host="mail.example.org",
                       imap_security="starttls",
                       smtp_host="mail.example.org", smtp_security="starttls")
    settings = email_settings(draft)
    assert (settings["imap_port"], settings["smtp_port"]) == (143, 587)
    assert settings["username"] == "Hallo@Example.org"
    assert draft.identity == "hallo@example.org"
    assert "Geheim" not in repr(draft) and "password" not in settings
    ssl_draft = replace(draft, imap_security="ssl", smtp_security="ssl")
    assert (email_settings(ssl_draft)["imap_port"], email_settings(ssl_draft)["smtp_port"]) == (
        993, 465)


@pytest.mark.parametrize(("changes", "field", "problem"), [
    ({"address": ""}, "address", Problem.MISSING),
    ({"address": "hallo at example"}, "address", Problem.INVALID),
    ({"display_name": " "}, "display_name", Problem.MISSING),
    ({"imap_host": ""}, "imap_host", Problem.MISSING),
    ({"smtp_host": "smtp example.org"}, "smtp_host", Problem.INVALID),
    ({"imap_port": 70000}, "imap_port", Problem.INVALID),
    ({"imap_security": "none"}, "imap_security", Problem.INSECURE),
    ({"smtp_security": "none"}, "smtp_security", Problem.INSECURE),
    ({"password": ""}, "password", Problem.MISSING),
])
def test_bad_input_names_its_field(changes: dict[str, object], field: str,
                                   problem: Problem) -> None:
    draft = EmailDraft(address="hallo@example.org", display_name="Hallo", password="x",
                       imap_host="mail.example.org", smtp_host="mail.example.org")
    with pytest.raises(AccountSetupError) as info:
        email_settings(replace(draft, **changes))  # type: ignore[arg-type]
    assert (info.value.field, info.value.problem) == (field, problem)


def test_no_encryption_is_fine_for_this_computer() -> None:
    draft = EmailDraft(address="hallo@example.org", display_name="Hallo", password="x",
                       imap_host="localhost", imap_security="none", smtp_host="127.0.0.1",
                       smtp_security="none")
    assert email_settings(draft)["imap_security"] == "none"


# -- the connection test against real servers ----------------------------------------------
def test_the_right_password_passes_both_servers(mail_server: Dovecot, smtp: SmtpServer) -> None:
    probe_email(draft_for(mail_server, smtp, mail_server.add_user()))
    assert smtp.messages == []  # a login test sends nothing


def test_a_wrong_password_is_named_as_such(smtp: SmtpServer) -> None:
    with own_dovecot() as server:  # failed logins make Dovecot slow down for everyone
        exc = failure(draft_for(server, smtp, server.add_user(), password="falsch"))
    assert (exc.field, exc.problem, exc.server) == ("password", Problem.PASSWORD, "imap")
    assert "falsch" not in str(exc)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_wrong_password_at_the_smtp_server_is_told_apart(mail_server: Dovecot) -> None:
    user = mail_server.add_user()
    with smtp_server(password="anders", username=user.username) as smtp:
        exc = failure(draft_for(mail_server, smtp, user))
        assert (exc.field, exc.problem, exc.server) == ("password", Problem.PASSWORD, "smtp")


def test_a_closed_port_points_at_the_port(mail_server: Dovecot, smtp: SmtpServer) -> None:
    exc = failure(draft_for(mail_server, smtp, mail_server.add_user(), smtp_port=free_port()))
    assert (exc.field, exc.problem) == ("smtp_port", Problem.REFUSED)


def test_an_unknown_host_points_at_the_host(mail_server: Dovecot, smtp: SmtpServer) -> None:
    exc = failure(draft_for(mail_server, smtp, mail_server.add_user(),
                            imap_host="no-such-host.invalid", imap_security="ssl"))
    assert (exc.field, exc.problem) == ("imap_host", Problem.NOT_FOUND)


def test_ssl_against_a_plain_server_points_at_the_security(mail_server: Dovecot,
                                                            smtp: SmtpServer) -> None:
    exc = failure(draft_for(mail_server, smtp, mail_server.add_user(), imap_security="ssl"))
    assert (exc.field, exc.problem) == ("imap_security", Problem.TLS)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never says a word: a hanging server."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])


def test_a_server_that_hangs_is_a_timeout(mail_server: Dovecot, smtp: SmtpServer,
                                          silent_server: int) -> None:
    exc = failure(draft_for(mail_server, smtp, mail_server.add_user(), imap_port=silent_server,
                            timeout=0.5))
    assert (exc.field, exc.problem) == ("imap_host", Problem.TIMEOUT)


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("tls")
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


@pytest.fixture
def tls_server(self_signed: tuple[Path, Path]) -> Iterator[int]:
    """A TLS listener with a certificate no one trusts."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*self_signed)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        with suppress(OSError):
            conn, _ = listener.accept()
            with suppress(OSError), context.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(b"* OK ready\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    listener.close()
    thread.join(5)


def test_an_untrusted_certificate_is_named_and_no_password_is_sent(
        mail_server: Dovecot, smtp: SmtpServer, tls_server: int) -> None:
    exc = failure(draft_for(mail_server, smtp, mail_server.add_user(), imap_security="ssl",
                            imap_port=tls_server))
    assert (exc.field, exc.problem) == ("imap_security", Problem.CERTIFICATE)


# -- saving --------------------------------------------------------------------------------
def test_save_keeps_the_password_in_keyring_only(store: Store, tmp_path: Path,
                                                 memory_keyring: MemoryKeyring) -> None:
    draft = EmailDraft(address=ADDRESS, display_name="Bäckerei", password="Geheim-4711",
                       imap_host="127.0.0.1", imap_security="none", smtp_host="127.0.0.1",
                       smtp_security="none")
    account_id = save_email_account(store, SecretStore(), "Bäckerei", draft)

    [acc] = queries.accounts(store.reader())
    assert (acc.id, acc.identity, acc.kind) == (account_id, "hallo@baeckerei.example", "email")
    assert [w.name for w in queries.workspaces(store.reader())] == ["Bäckerei"]
    assert memory_keyring.entries == {(SERVICE, f"account:{account_id}"): "Geheim-4711"}
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"Geheim-4711" not in path.read_bytes(), path

    with pytest.raises(AccountSetupError) as info:
        save_email_account(store, SecretStore(), acc.workspace_id, draft)
    assert (info.value.field, info.value.problem) == ("address", Problem.DUPLICATE)
    with pytest.raises(AccountSetupError) as info:
        save_email_account(store, SecretStore(), "bäckerei".capitalize(), draft)
    assert (info.value.field, info.value.problem) == ("workspace", Problem.DUPLICATE)


def test_a_keyring_that_refuses_the_secret_leaves_nothing_behind(store: Store) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        draft = EmailDraft(address=ADDRESS, display_name="Bäckerei", password="Geheim-4711",
                           imap_host="127.0.0.1", imap_security="none",
                           smtp_host="127.0.0.1", smtp_security="none")
        with pytest.raises(Exception, match="locked"):
            save_email_account(store, SecretStore(), "Bäckerei", draft)
    finally:
        keyring.set_keyring(previous)
    assert queries.accounts(store.reader()) == []
    assert queries.workspaces(store.reader()) == []
