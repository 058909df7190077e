"""A real HTTP server on 127.0.0.1 that serves feed files the way web servers do.

Each path is a ``Route``: a body with ETag/Last-Modified (304 when the client
sends a matching validator), or a status with ``Retry-After``, a redirect, a
stall, or a huge body generated on the fly (so the test itself never holds
20 MB either). Every request is logged for assertions about politeness.
"""

from __future__ import annotations

import gzip
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml"
    etag: str = ""
    last_modified: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    redirect_to: str = ""
    stall: float = 0.0
    trickle: float = 0.0
    generate_bytes: int = 0
    announce_length: bool = True
    gzip: bool = False


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up early (size limit, timeout) is the point of some tests.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.bytes_sent: dict[str, int] = {}
        self.stop = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,),
                                        daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self.stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            server.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = server.routes.get(self.path)
            if route is None:
                self._reply(404, b"not found", "text/plain")
                return
            if route.stall and server.stop.wait(route.stall):
                return
            if route.redirect_to:
                status = route.status if 300 <= route.status < 400 else 302
                self._reply(status, b"", "text/plain",
                            {"Location": route.redirect_to})
                return
            if route.generate_bytes:
                self._generate(route)
                return
            if self._not_modified(route):
                self._reply(304, b"", "", self._validators(route), body_allowed=False)
                return
            body, extra = route.body, {**self._validators(route), **route.headers}
            if route.gzip:
                body = gzip.compress(body)
                extra["Content-Encoding"] = "gzip"
            if route.trickle:
                self._trickle(route, body)
                return
            self._reply(route.status, body, route.content_type, extra)

        def _trickle(self, route: Route, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for start in range(0, len(body), 16):
                    self.wfile.write(body[start:start + 16])
                    self.wfile.flush()
                    if server.stop.wait(route.trickle):
                        return
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _not_modified(self, route: Route) -> bool:
            etag = self.headers.get("If-None-Match")
            since = self.headers.get("If-Modified-Since")
            if route.status != 200:
                return False
            if etag is not None:
                return bool(route.etag) and etag == route.etag
            return bool(route.last_modified) and since == route.last_modified

        @staticmethod
        def _validators(route: Route) -> dict[str, str]:
            out = {}
            if route.etag:
                out["ETag"] = route.etag
            if route.last_modified:
                out["Last-Modified"] = route.last_modified
            return out

        def _reply(self, status: int, body: bytes, content_type: str,
                   headers: dict[str, str] | None = None, *, body_allowed: bool = True) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if body_allowed:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body_allowed:
                self.wfile.write(body)

        def _generate(self, route: Route) -> None:
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            if route.announce_length:
                self.send_header("Content-Length", str(route.generate_bytes))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            sent = 0
            try:
                for chunk in _filler(route.generate_bytes):
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client hung up: exactly what a size limit should do
            server.bytes_sent[self.path] = sent

    return Handler


def _filler(total: int) -> Iterator[bytes]:
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>'
    yield head
    left = total - len(head)
    block = b"x" * 65536
    while left > 0:
        yield block[:left]
        left -= len(block)
