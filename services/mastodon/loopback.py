"""A one-shot HTTP listener for the OAuth redirect (RFC 8252, section 7.3).

Bound to 127.0.0.1 only, on a port the system picks, so nothing on the
network can reach it. It serves in its own thread (the browser may call back
before ``open_browser`` even returns), refuses any callback whose ``state``
is not ours, and stops after the first callback that carries our state — a
code or an error — or when the caller gives up waiting.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

__all__ = ["Callback", "LoopbackListener"]

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Tresen</title></head>
<body style="font-family:sans-serif;margin:3em"><h1>{title_en}</h1><p>{text_en}</p>
<h1 lang="de">{title_de}</h1><p lang="de">{text_de}</p></body></html>"""
_DONE = dict(title_en="Signed in", title_de="Angemeldet",
             text_en="You can close this window and return to Tresen.",
             text_de="Sie können dieses Fenster schließen und zu Tresen zurückkehren.")
_REFUSED = dict(title_en="Sign-in refused", title_de="Anmeldung abgelehnt",
                text_en="This sign-in link does not belong to the sign-in Tresen started.",
                text_de="Dieser Anmeldelink gehört nicht zur Anmeldung, die Tresen begonnen hat.")
_DECLINED = dict(title_en="Sign-in cancelled", title_de="Anmeldung abgebrochen",
                 text_en="Tresen did not get access. You can close this window.",
                 text_de="Tresen hat keinen Zugriff erhalten. Sie können dieses Fenster"
                         " schließen.")


@dataclass(frozen=True, slots=True)
class Callback:
    code: str | None
    error: str | None


class _Server(HTTPServer):
    expected_state: str
    result: Callback | None
    done: threading.Event


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/callback":
            self._page(404, _REFUSED)
            return
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if self.server.done.is_set() or query.get("state") != self.server.expected_state:
            self._page(400, _REFUSED)
            return
        code, error = query.get("code"), query.get("error")
        self.server.result = Callback(code or None, None if code else (error or "no code"))
        self._page(200, _DONE if code else _DECLINED)
        self.server.done.set()

    def _page(self, status: int, words: dict[str, str]) -> None:
        body = _PAGE.format(**{k: html.escape(v) for k, v in words.items()}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the query holds the authorization code: never log it


class LoopbackListener:
    """Use as a context manager; ``redirect_uri`` is ready as soon as it is built."""

    def __init__(self, state: str) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.expected_state = state
        self._server.result = None
        self._server.done = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="tresen-oauth-loopback",
                                        daemon=True)
        self._stop = threading.Event()
        self._thread.start()

    def __enter__(self) -> LoopbackListener:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}/callback"

    def _serve(self) -> None:
        self._server.timeout = 0.1
        while not self._stop.is_set() and not self._server.done.is_set():
            self._server.handle_request()

    def wait(self, timeout: float) -> Callback | None:
        """The first callback with our state, or None after ``timeout`` seconds."""
        self._server.done.wait(timeout)
        return self._server.result

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._server.server_close()
