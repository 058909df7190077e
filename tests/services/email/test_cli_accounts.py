"""``tresen account add email`` tests the connection first; the password goes to keyring only."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from tests.servers.dovecot import Dovecot, own_dovecot
from tests.servers.smtp import SmtpServer
from tests.services.test_secrets import MemoryKeyring


@pytest.fixture
def server() -> Iterator[Dovecot]:
    with own_dovecot() as dovecot:  # a failed login would slow the shared server down
        yield dovecot


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data: Path,
        *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_tests_the_connection_and_keeps_the_password_in_keyring_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        server: Dovecot, smtp: SmtpServer, memory_keyring: MemoryKeyring) -> None:
    user = server.add_user()
    assert run(monkeypatch, capsys, tmp_path, "workspace", "add", "Bäckerei")[0] == 0
    base = ["account", "add", "email", "--workspace", "Bäckerei", "--name", "Bäckerei",
            "--address", "hallo@baeckerei.example", "--imap-host", server.host,
            "--imap-port", str(server.port), "--imap-security", "none",
            "--smtp-host", smtp.host, "--smtp-port", str(smtp.port),
            "--smtp-security", "none", "--username", user.username, "--password-stdin"]

    code, _, err = run(monkeypatch, capsys, tmp_path, *base, stdin="falsch\n")
    assert code == 1
    assert "refused the user name or password" in err and "nothing was saved" in err
    assert run(monkeypatch, capsys, tmp_path, "account", "list", "--json")[1].strip() == "[]"

    code, out, _ = run(monkeypatch, capsys, tmp_path, *base, stdin=user.password + "\n")
    assert code == 0, out
    code, out, _ = run(monkeypatch, capsys, tmp_path, "account", "list", "--json")
    [acc] = json.loads(out)
    assert acc["kind"] == "email" and acc["identity"] == "hallo@baeckerei.example"
    assert acc["settings"]["imap_port"] == server.port
    assert list(memory_keyring.entries.values()) == [user.password]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert user.password.encode() not in path.read_bytes(), path


def test_unreachable_host_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str],
                                       memory_keyring: MemoryKeyring) -> None:
    run(monkeypatch, capsys, tmp_path, "workspace", "add", "W")
    code, _, err = run(monkeypatch, capsys, tmp_path, "account", "add", "email",
                       "--workspace", "W", "--name", "W", "--address", "a@b.example",
                       "--imap-host", "127.0.0.1", "--imap-port", "1", "--imap-security",
                       "none", "--smtp-host", "127.0.0.1", "--smtp-port", "1",
                       "--smtp-security", "none", "--password-stdin", stdin="x\n")
    assert code == 1
    assert "refused the connection" in err
