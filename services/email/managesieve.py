"""A small ManageSieve client (RFC 5804): upload, activate and remove Sieve scripts.

Written here rather than taken from a library: the protocol needs a dozen
commands, and the maintained Python client (``sievelib``) is untyped and
raises its own errors, where Tresen wants ``mypy --strict`` and the channel
error hierarchy. Every socket operation has a timeout, so a server that
accepts and then never answers cannot stall a sync.

Errors (all from ``services.channel``): a refused login is an ``AuthError``;
``NO (TRYLATER)``, ``BYE``, a dropped connection or a timeout a
``TemporaryError``; any other ``NO`` a ``SieveRefusedError`` (a ``PermanentError``)
whose ``code`` is the response code (``NONEXISTENT``, ``ACTIVE``, ``QUOTA``…)
and whose message is the server's own explanation (e.g. a script error).
"""

from __future__ import annotations

import base64
import contextlib
import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import BinaryIO

from services.channel import AuthError, PermanentError, TemporaryError
from services.email.settings import Endpoint

__all__ = ["DEFAULT_PORT", "Capabilities", "ManageSieve", "ScriptInfo", "SieveRefusedError",
           "connect"]

DEFAULT_PORT = 4190
_LITERAL = re.compile(rb"\{(\d+)\+?\}$")
_MAX_LINE = 1 << 20

Token = str | None
"""A string (quoted, literal or atom); ``None`` for the atom NIL."""


class SieveRefusedError(PermanentError):
    """The server answered ``NO``; ``code`` is its response code, if any."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the greeting (or the answer after STARTTLS) announced."""

    implementation: str = ""
    sieve: frozenset[str] = frozenset()
    sasl: frozenset[str] = frozenset()
    starttls: bool = False


@dataclass(frozen=True, slots=True)
class ScriptInfo:
    name: str
    active: bool


@dataclass(frozen=True, slots=True)
class _Response:
    status: str
    code: str
    text: str


def _quote(value: str) -> bytes:
    if any(c in value for c in "\r\n\0"):
        raise ValueError("a ManageSieve quoted string cannot hold line breaks")
    return b'"' + value.replace("\\", "\\\\").replace('"', '\\"').encode() + b'"'


def _literal(data: bytes) -> bytes:
    return b"{%d+}\r\n" % len(data) + data


class ManageSieve:
    """One session; use ``connect`` and the context manager (which logs out)."""

    def __init__(self, sock: socket.socket, host: str) -> None:
        self._sock = sock
        self._host = host
        self._reader: BinaryIO = sock.makefile("rb")
        self.capabilities = self._read_capabilities()

    # -- context manager ---------------------------------------------------------
    def __enter__(self) -> ManageSieve:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(logout=kind is None)

    def close(self, *, logout: bool = True) -> None:
        if logout:
            with contextlib.suppress(OSError, TemporaryError, PermanentError):
                self._command(b"LOGOUT")
        with contextlib.suppress(OSError):
            self._reader.close()
            self._sock.close()

    # -- commands ----------------------------------------------------------------
    def starttls(self, context: ssl.SSLContext | None = None) -> None:
        """Switch to TLS; the server then announces its capabilities again."""
        if not self.capabilities.starttls:
            raise PermanentError(f"{self._host} does not offer STARTTLS for ManageSieve")
        self._command(b"STARTTLS")
        tls = (context or ssl.create_default_context()).wrap_socket(
            self._sock, server_hostname=self._host)
        self._sock = tls
        self._reader = tls.makefile("rb")
        self.capabilities = self._read_capabilities()

    def authenticate(self, username: str, password: str) -> None:
        """SASL PLAIN; a refusal is an ``AuthError`` that never repeats the password."""
        if self.capabilities.sasl and "PLAIN" not in self.capabilities.sasl:
            offered = ", ".join(sorted(self.capabilities.sasl))
            raise PermanentError(f"{self._host} offers no PLAIN login for ManageSieve "
                                 f"(only {offered})")
        token = base64.b64encode(f"\0{username}\0{password}".encode()).decode()
        try:
            self._command(b'AUTHENTICATE "PLAIN" ' + _quote(token))
        except SieveRefusedError as exc:
            detail = f" ({exc})" if str(exc) else ""
            raise AuthError(f"{self._host} refused the ManageSieve login for {username}"
                            f"{detail}: check the user name and password") from None

    def list_scripts(self) -> list[ScriptInfo]:
        lines = self._command(b"LISTSCRIPTS")
        return [ScriptInfo(tokens[0], len(tokens) > 1 and (tokens[1] or "").upper() == "ACTIVE")
                for tokens in lines if tokens and tokens[0] is not None]

    def get_script(self, name: str) -> str:
        lines = self._command(b"GETSCRIPT " + _quote(name))
        return next((tokens[0] for tokens in lines if tokens and tokens[0] is not None), "")

    def check_script(self, script: str) -> None:
        """Let the server compile ``script`` without storing it (``SieveRefusedError`` if bad)."""
        self._command(b"CHECKSCRIPT " + _literal(script.encode()))

    def put_script(self, name: str, script: str) -> None:
        self._command(b"PUTSCRIPT " + _quote(name) + b" " + _literal(script.encode()))

    def set_active(self, name: str | None) -> None:
        """Activate ``name``; ``None`` leaves no script active."""
        self._command(b"SETACTIVE " + _quote(name or ""))

    def delete_script(self, name: str) -> None:
        self._command(b"DELETESCRIPT " + _quote(name))

    # -- the wire ------------------------------------------------------------------
    def _command(self, line: bytes) -> list[list[Token]]:
        try:
            self._sock.sendall(line + b"\r\n")
        except TimeoutError:
            raise TemporaryError(f"{self._host} did not take a ManageSieve command in time") \
                from None
        except OSError as exc:
            raise TemporaryError(f"lost the ManageSieve connection to {self._host}: {exc}") \
                from None
        return self._until_response()

    def _until_response(self) -> list[list[Token]]:
        lines: list[list[Token]] = []
        for tokens in self._lines():
            status = (tokens[0] or "").upper() if tokens else ""
            if status in {"OK", "NO", "BYE"}:
                response = _response(status, tokens[1:])
                if status == "OK":
                    return lines
                raise self._error(response)
            lines.append(tokens)
        raise TemporaryError(f"{self._host} closed the ManageSieve connection")

    def _error(self, response: _Response) -> Exception:
        text = response.text or f"the server answered {response.status}"
        if response.status == "BYE":
            return TemporaryError(f"{self._host} ended the ManageSieve session: {text}")
        if response.code.split("/")[0] == "TRYLATER":
            return TemporaryError(f"{self._host} asks to try again later: {text}")
        return SieveRefusedError(text, response.code)

    def _read_capabilities(self) -> Capabilities:
        found: dict[str, str] = {}
        for tokens in self._until_response():
            if tokens and tokens[0] is not None:
                found[tokens[0].upper()] = (tokens[1] or "") if len(tokens) > 1 else ""
        return Capabilities(
            implementation=found.get("IMPLEMENTATION", ""),
            sieve=frozenset(found.get("SIEVE", "").lower().split()),
            sasl=frozenset(found.get("SASL", "").upper().split()),
            starttls="STARTTLS" in found,
        )

    def _lines(self) -> Iterator[list[Token]]:
        """Each response line as tokens, literals read in place."""
        while True:
            tokens = self._read_line()
            if tokens is None:
                return
            yield tokens

    def _readline(self) -> bytes:
        try:
            raw = self._reader.readline(_MAX_LINE)
        except TimeoutError:
            raise TemporaryError(f"{self._host} did not answer in time (ManageSieve)") from None
        except OSError as exc:
            raise TemporaryError(f"lost the ManageSieve connection to {self._host}: {exc}") \
                from None
        return raw

    def _read_line(self) -> list[Token] | None:
        tokens: list[Token] = []
        raw = self._readline()
        if not raw:
            return None
        while True:
            line = raw.rstrip(b"\r\n")
            literal = _LITERAL.search(line)
            tokens.extend(_tokenize(line[:literal.start()] if literal else line))
            if literal is None:
                return tokens
            size = int(literal.group(1))
            try:
                data = self._reader.read(size)
            except OSError as exc:
                raise TemporaryError(f"lost the ManageSieve connection: {exc}") from None
            if len(data) < size:
                raise TemporaryError(f"{self._host} closed the ManageSieve connection")
            tokens.append(data.decode("utf-8", errors="replace"))
            raw = self._readline()


def _tokenize(line: bytes) -> list[Token]:
    tokens: list[Token] = []
    text = line.decode("utf-8", errors="replace")
    index = 0
    while index < len(text):
        char = text[index]
        if char == " ":
            index += 1
        elif char == '"':
            index += 1
            chars: list[str] = []
            while index < len(text) and text[index] != '"':
                if text[index] == "\\" and index + 1 < len(text):
                    index += 1
                chars.append(text[index])
                index += 1
            tokens.append("".join(chars))
            index += 1
        elif char == "(":
            end = text.find(")", index)
            end = len(text) if end < 0 else end
            tokens.append(text[index:end + 1])
            index = end + 1
        else:
            end = text.find(" ", index)
            end = len(text) if end < 0 else end
            atom = text[index:end]
            tokens.append(None if atom.upper() == "NIL" else atom)
            index = end
    return tokens


def _response(status: str, rest: list[Token]) -> _Response:
    code = ""
    if rest and rest[0] is not None and rest[0].startswith("("):
        code = rest[0].strip("()").split(" ")[0].strip('"').upper()
        rest = rest[1:]
    text = next((token for token in rest if token is not None), "")
    return _Response(status, code, text.strip())


def connect(endpoint: Endpoint, timeout: float = 30.0,
            context: ssl.SSLContext | None = None) -> ManageSieve:
    """Open a session: ``ssl`` wraps at once, ``starttls`` upgrades (or refuses), ``none``
    stays plain (the settings allow that for the local machine only)."""
    try:
        sock = socket.create_connection((endpoint.host, endpoint.port), timeout=timeout)
    except TimeoutError:
        raise TemporaryError(f"{endpoint.host}:{endpoint.port} did not answer in time "
                             "(ManageSieve)") from None
    except OSError as exc:
        raise TemporaryError(f"cannot reach ManageSieve at {endpoint.host}:{endpoint.port}: "
                             f"{exc.strerror or exc}") from None
    try:
        if endpoint.security == "ssl":
            sock = (context or ssl.create_default_context()).wrap_socket(
                sock, server_hostname=endpoint.host)
        session = ManageSieve(sock, endpoint.host)
        if endpoint.security == "starttls":
            session.starttls(context)
    except ssl.SSLError as exc:
        sock.close()
        raise PermanentError(f"TLS with {endpoint.host} failed: {exc.reason or exc}") from None
    except BaseException:
        sock.close()
        raise
    return session
