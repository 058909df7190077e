"""A real Dovecot with Pigeonhole: ManageSieve in, LMTP delivery, vacation out.

Separate from ``tests.servers.dovecot`` (IMAP only) so the Sieve plugin and
its extra services never slow down or disturb the plain IMAP tests. Mail is
delivered through LMTP, so the user's active Sieve script really runs, and
Pigeonhole sends its vacation replies to ``submission_host`` — the aiosmtpd
server the test passes in. Readiness means both the ManageSieve greeting and
the LMTP banner arrived, not merely that ports are open.
"""

from __future__ import annotations

import os
import pwd
import shutil
import smtplib
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from services.email.managesieve import ManageSieve
from tests.servers.dovecot import SERVER_SETTINGS, Dovecot, free_port

_MAIL_USER = "nobody"
DOMAIN = "example.test"

_CONFIG = "protocols = imap lmtp sieve\n" + SERVER_SETTINGS + """\
hostname = mx.{domain}
postmaster_address = postmaster@{domain}
submission_host = 127.0.0.1:{smtp_port}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%n {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%n allow_all_users=yes
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp_port}
  }}
}}
service managesieve-login {{
  inet_listener sieve {{
    address = 127.0.0.1
    port = {sieve_port}
  }}
}}
protocol lmtp {{
  mail_plugins = $mail_plugins sieve
  auth_username_format = %n
}}
protocol lda {{
  mail_plugins = $mail_plugins sieve
}}
plugin {{
  sieve = file:~/sieve;active=~/.dovecot.sieve
  sieve_extensions = {extensions}
  sieve_vacation_min_period = 0
}}
"""


class SieveDovecot(Dovecot):
    """One running Dovecot with Pigeonhole; ``add_user`` hands out a fresh mailbox."""

    def __init__(self, smtp_port: int, extensions: str = "+vacation-seconds") -> None:
        """``extensions`` is Pigeonhole's ``sieve_extensions``; ``"-date"`` makes a
        server without the date extension."""
        super().__init__(prefix="tresen-sieve-")
        self.smtp_port = smtp_port
        self.extensions = extensions
        self.lmtp_port = free_port()
        self.sieve_port = free_port()

    @property
    def imap_port(self) -> int:
        return self.port

    def _render_config(self, uid: int, gid: int) -> str:
        return _CONFIG.format(
            root=self.root, domain=DOMAIN, smtp_port=self.smtp_port, uid=uid, gid=gid,
            imap_port=self.port, lmtp_port=self.lmtp_port, sieve_port=self.sieve_port,
            extensions=self.extensions)

    def _greetings(self) -> list[tuple[int, bytes]]:
        return [(self.sieve_port, b'"IMPLEMENTATION"'), (self.lmtp_port, b"220 ")]

    def deliver(self, sender: str, recipient: str, raw: bytes) -> None:
        """Deliver one message through LMTP, so the recipient's Sieve script runs."""
        with smtplib.LMTP(self.host, self.lmtp_port, timeout=10) as lmtp:
            refused = lmtp.sendmail(sender, [recipient], raw)
        if refused:
            raise RuntimeError(f"LMTP refused {recipient}: {refused}")

    def connect_from(self, source: str = "127.0.0.2", timeout: float = 5.0) -> ManageSieve:
        """A ManageSieve session from another loopback address: Dovecot delays every
        login from an address after a failed one, so a test of a wrong password
        uses its own address and leaves the other tests fast."""
        sock = socket.create_connection((self.host, self.sieve_port), timeout=timeout,
                                        source_address=(source, 0))
        return ManageSieve(sock, self.host)


@contextmanager
def sieve_dovecot(smtp_port: int, extensions: str = "+vacation-seconds") -> Iterator[SieveDovecot]:
    server = SieveDovecot(smtp_port, extensions)
    server.start()
    try:
        yield server
    finally:
        server.stop()


_SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
typedef int (*clock_fn)(clockid_t, struct timespec *);
static clock_fn real_clock(void) { return (clock_fn)dlsym(RTLD_NEXT, "clock_gettime"); }
static long shift(void) {
    const char *target = getenv("TRESEN_FAKE_NOW");
    struct timespec ts;
    if (target == NULL) return 0;
    real_clock()(CLOCK_REALTIME, &ts);
    return atol(target) - ts.tv_sec;
}
int clock_gettime(clockid_t id, struct timespec *ts) {
    int result = real_clock()(id, ts);
    if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE) ts->tv_sec += shift();
    return result;
}
int gettimeofday(struct timeval *tv, void *tz) {
    struct timespec ts;
    (void)tz;
    clock_gettime(CLOCK_REALTIME, &ts);
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
    return 0;
}
time_t time(time_t *out) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (out != NULL) *out = ts.tv_sec;
    return ts.tv_sec;
}
"""

SIEVE_TEST = shutil.which("sieve-test", path="/usr/bin:" + os.environ.get("PATH", ""))


class SieveClock:
    """Pigeonhole's own ``sieve-test`` run at any instant we choose.

    ``currentdate`` reads the system clock, so a tiny ``LD_PRELOAD`` shim
    (built once with the system C compiler) shifts the clock of that one
    process: the real Sieve interpreter then answers "what would this script
    do at 03:30 on the Sunday the clocks change?".
    """

    def __init__(self) -> None:
        if SIEVE_TEST is None:
            raise RuntimeError("sieve-test is missing (apt-get install dovecot-sieve)")
        self.root = Path(tempfile.mkdtemp(prefix="tresen-sievetest-"))
        os.chmod(self.root, 0o777)
        (self.root / "shim.c").write_text(_SHIM)
        subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", str(self.root / "shim.so"),
                        str(self.root / "shim.c"), "-ldl"], check=True, capture_output=True)
        mail = pwd.getpwnam(_MAIL_USER)
        home = self.root / "home"
        home.mkdir()
        os.chown(home, mail.pw_uid, mail.pw_gid)
        (self.root / "test.conf").write_text(
            f"mail_uid = {mail.pw_uid}\nmail_gid = {mail.pw_gid}\nmail_home = {home}\n"
            f"mail_location = maildir:{home}/Maildir\n"
            "import_environment = TZ LD_PRELOAD TRESEN_FAKE_NOW\n")

    def vacation_text(self, script: str, at: datetime, recipient: str,
                      sender: str = "ann@customer.test") -> str | None:
        """The vacation reason the script produces at ``at``, or ``None``."""
        path = self.root / "script.sieve"
        path.write_bytes(script.encode())
        path.chmod(0o644)
        mail = self.root / "mail.eml"
        mail.write_bytes(f"From: Ann <{sender}>\r\nTo: {recipient}\r\n"
                         f"Subject: Frage\r\nMessage-ID: <q@customer.test>\r\n\r\nHallo\r\n"
                         .encode())
        mail.chmod(0o644)
        env = {**os.environ, "LD_PRELOAD": str(self.root / "shim.so"),
               "TRESEN_FAKE_NOW": str(int(at.timestamp()))}
        assert SIEVE_TEST is not None
        done = subprocess.run(
            [SIEVE_TEST, "-c", str(self.root / "test.conf"), "-a", recipient, "-r", recipient,
             "-f", sender, str(path), str(mail)],
            env=env, capture_output=True, timeout=30, check=False)
        out = done.stdout.decode()
        if done.returncode != 0 or "Performed actions" not in out:
            raise RuntimeError(f"sieve-test failed: {out}{done.stderr.decode()}")
        if "send vacation message" not in out:
            return None
        body = out.split("START MESSAGE\n", 1)[1].split("END MESSAGE", 1)[0]
        return body.replace("\r\n", "\n").rstrip("\n")

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
