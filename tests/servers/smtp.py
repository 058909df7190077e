"""An in-process aiosmtpd server on 127.0.0.1 that records every message.

``reply_code`` lets a test make the server answer DATA with 4xx/5xx; with
``password`` set it requires AUTH (over plain text: this is 127.0.0.1 only).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.servers.dovecot import free_port


@dataclass(frozen=True, slots=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


@dataclass(slots=True)
class Recorder:
    """The aiosmtpd handler: keeps envelope + raw bytes of every accepted message."""

    messages: list[Received] = field(default_factory=list)
    reply_code: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.reply_code:
            return self.reply_code
        with self.lock:
            self.messages.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos),
                                          bytes(envelope.original_content or envelope.content)))
        return "250 OK"


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    recorder: Recorder

    @property
    def messages(self) -> list[Received]:
        with self.recorder.lock:
            return list(self.recorder.messages)


@contextmanager
def smtp_server(password: str | None = None, username: str = "") -> Iterator[SmtpServer]:
    recorder = Recorder()
    port = free_port()
    kwargs: dict[str, Any] = {}
    if password is not None:
        def authenticator(server: Any, session: Any, envelope: Any, mechanism: str,
                          auth_data: Any) -> AuthResult:
            ok = (isinstance(auth_data, LoginPassword)
                  and auth_data.login.decode() == username
                  and auth_data.password.decode() == password)
            return AuthResult(success=ok, handled=False)

        kwargs = {"authenticator": authenticator, "auth_require_tls": False,
                  "auth_required": True}
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, recorder)
    finally:
        controller.stop()
