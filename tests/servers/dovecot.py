"""A real Dovecot IMAP server as a user process with a throw-away config.

Run as root, Dovecot still drops privileges: its helpers run as the Debian
package's unprivileged ``dovecot``/``dovenull`` users and the mail itself
belongs to ``nobody``, so the temp dir is handed to those users. Readiness
means the ``* OK`` greeting arrived, not merely that the port is open.
The passwd-file is written once with a pool of users (Dovecot's reload of a
changed passwd-file is not immediate), so a session-wide server hands every
test a fresh, empty mailbox cheaply.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

DOVECOT = shutil.which("dovecot", path="/usr/sbin:/usr/bin:" + os.environ.get("PATH", ""))
_MAIL_USER = "nobody"
POOL = 400
PASSWORD = "s3cret pass"

SERVER_SETTINGS = """\
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_fsync = never
mail_max_userip_connections = 200
"""
"""What every test Dovecot shares: on 127.0.0.1 only, plain logins, maildir, no fsync."""

_CONFIG = "protocols = imap\n" + SERVER_SETTINGS + """\
mail_plugins =
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Archive {{
    special_use = \\Archive
    auto = subscribe
  }}
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True, slots=True)
class MailUser:
    username: str
    password: str
    address: str


def _expect_tagged(reader: BinaryIO, tag: bytes) -> None:
    while True:
        line = reader.readline()
        if not line:
            raise RuntimeError("dovecot closed the connection")
        if line.startswith(tag + b" "):
            if not line.startswith(tag + b" OK"):
                raise RuntimeError(line.decode(errors="replace"))
            return


class Dovecot:
    """One running Dovecot; ``add_user`` makes a fresh, empty mailbox.

    Subclasses (the Pigeonhole server) change the config and the greetings
    that mean "ready"; starting, users, bulk append and stopping are shared.
    """

    domain = "example.test"

    def __init__(self, root: Path | None = None, prefix: str = "tresen-dovecot-") -> None:
        # Not pytest's tmp_path: its 0700 parents keep Dovecot's unprivileged users out.
        self.root = root or Path(tempfile.mkdtemp(prefix=prefix))
        self._own_root = root is None
        self.host = "127.0.0.1"
        self.port = free_port()
        self._proc: subprocess.Popen[bytes] | None = None
        self._counter = itertools.count(1)

    @property
    def config(self) -> Path:
        return self.root / "dovecot.conf"

    def _render_config(self, uid: int, gid: int) -> str:
        return _CONFIG.format(root=self.root, port=self.port, uid=uid, gid=gid)

    def _greetings(self) -> list[tuple[int, bytes]]:
        """(port, first bytes) pairs that must all arrive before the server counts as up."""
        return [(self.port, b"* OK")]

    def start(self, timeout: float = 15.0) -> None:
        if DOVECOT is None:
            raise RuntimeError("dovecot is not installed (apt-get install dovecot-imapd)")
        mail = pwd.getpwnam(_MAIL_USER)
        for sub in ("run", "state", "home"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        os.chown(self.root / "home", mail.pw_uid, mail.pw_gid)
        os.chmod(self.root, 0o755)
        (self.root / "users").write_text(
            "".join(f"user{n}:{PASSWORD}\n" for n in range(1, POOL + 1)))
        self.config.write_text(self._render_config(mail.pw_uid, mail.pw_gid))
        self._proc = subprocess.Popen([DOVECOT, "-F", "-c", str(self.config)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        for port, greeting in self._greetings():
            self._wait_for(port, greeting, deadline)

    def _wait_for(self, port: int, greeting: bytes, deadline: float) -> None:
        last_error = ""
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                err = self._proc.stderr.read().decode(errors="replace") if self._proc.stderr else ""
                raise RuntimeError(f"dovecot exited: {err}{self.log()}")
            try:
                with socket.create_connection((self.host, port), timeout=1) as sock:
                    if sock.recv(512).startswith(greeting):
                        return
            except OSError as exc:
                last_error = str(exc)
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"dovecot sent no greeting on port {port} ({last_error})")

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def add_user(self) -> MailUser:
        n = next(self._counter)
        if n > POOL:
            raise RuntimeError(f"the test Dovecot has only {POOL} users")
        return MailUser(f"user{n}", PASSWORD, f"user{n}@{self.domain}")

    def append_many(self, user: MailUser, folder: str, raws: Sequence[bytes],
                    flags: str = "") -> None:
        """One MULTIAPPEND with non-synchronizing literals: thousands of messages in
        well under a second, where imaplib's one APPEND per round trip takes seconds."""
        with socket.create_connection((self.host, self.port), timeout=30) as sock:
            reader = sock.makefile("rb")
            reader.readline()
            sock.sendall(f'a LOGIN {user.username} "{user.password}"\r\n'.encode())
            _expect_tagged(reader, b"a")
            parts = [f'b APPEND "{folder}"'.encode()]
            for raw in raws:
                parts.append(f" ({flags}) {{{len(raw)}+}}\r\n".encode())
                parts.append(raw)
            parts.append(b"\r\n")
            sock.sendall(b"".join(parts))
            _expect_tagged(reader, b"b")
            sock.sendall(b"c LOGOUT\r\n")

    def stop(self) -> None:
        if self._proc is None:
            return
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stderr:
            self._proc.stderr.close()
        self._proc = None
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def own_dovecot() -> Iterator[Dovecot]:
    """A private, short-lived server (for tests that would disturb a shared one)."""
    server = Dovecot()
    server.start()
    try:
        yield server
    finally:
        server.stop()
