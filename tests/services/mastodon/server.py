"""A local Mastodon instance on 127.0.0.1 that answers as the API docs show.

Real sockets (stdlib ``ThreadingHTTPServer``), so timeouts, hangs and cut-off
bodies are real. The state is plain Python a test arranges and inspects:
accounts, statuses, notifications, the notifications marker, every request
received, and one-shot ``faults`` (status code, body, headers, hang,
truncation) for the next request to a path. Entities carry the documented
fields (Account, Status, Notification, Marker, Context, Application, Token),
lists carry ``Link`` pagination exactly as Mastodon builds it (``next`` only
when a page is full), every API answer carries ``X-RateLimit-*``, and a spent
budget answers 429. OAuth: ``/oauth/authorize`` approves at once (the user
clicking "Authorize") and redirects; ``/oauth/token`` checks the PKCE
verifier.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

TOKEN = "tok-valid-9f3c"
HOST = "127.0.0.1"


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@dataclass(slots=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    form: dict[str, list[str]]


@dataclass(slots=True)
class Fault:
    """What the next request to ``path`` (a prefix) gets instead of its answer."""

    path: str
    method: str = ""  # any method when empty
    status: int = 200
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0
    truncate: bool = False
    after_handling: bool = False  # do the real work first, then fail (a lost answer)


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and left is part of the tests, not an error


class FakeMastodon:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.ids = itertools.count(110_000_000_000_000_001)
        self.note_ids = itertools.count(5_000_001)
        self.accounts: dict[str, dict[str, Any]] = {}
        self.statuses: dict[str, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.marker: str | None = None
        self.marker_version = 0
        self.requests: list[Request] = []
        self.faults: deque[Fault] = deque()
        self.idempotency: dict[str, str] = {}
        self.valid_tokens = {TOKEN}
        self.rate_limit = 300
        self.rate_remaining = 300
        self.rate_reset = time.time() + 300
        self.retry_after: str | None = None
        self.profile_fields: list[dict[str, str]] = []
        self.apps: dict[str, dict[str, Any]] = {}
        self.codes: dict[str, dict[str, str]] = {}
        self.release = threading.Event()
        self.me = self.add_account("baeckerei", "Bäckerei Sonnenschein")
        self._httpd = _Quiet((HOST, 0), _handler(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,),
                                        daemon=True)

    # -- life cycle ----------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> FakeMastodon:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._thread.is_alive():
            self._httpd.shutdown()
        self._httpd.server_close()

    # -- arranging state -----------------------------------------------------
    def add_account(self, username: str, display_name: str, *, domain: str | None = None,
                    bot: bool = False) -> dict[str, Any]:
        account_id = str(next(self.ids))
        acct = f"{username}@{domain}" if domain else username
        url = f"https://{domain or 'local.example'}/@{username}"
        account = {
            "id": account_id, "username": username, "acct": acct, "display_name": display_name,
            "locked": False, "bot": bot, "discoverable": True, "group": False,
            "created_at": "2022-11-01T00:00:00.000Z", "note": "<p></p>", "url": url,
            "avatar": f"{url}/avatar.png", "avatar_static": f"{url}/avatar.png",
            "header": f"{url}/header.png", "header_static": f"{url}/header.png",
            "followers_count": 3, "following_count": 5, "statuses_count": 0,
            "last_status_at": "2025-09-01", "emojis": [], "fields": [],
        }
        self.accounts[account_id] = account
        return account

    def add_status(self, author: dict[str, Any], text: str, *, visibility: str = "public",
                   reply_to: dict[str, Any] | None = None, at: float | None = None,
                   mention_us: bool = True, spoiler: str = "",
                   media: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """A post by ``author``; one that mentions us also makes a notification."""
        with self.lock:
            status_id = str(next(self.ids))
            mentions = []
            prefix = ""
            if mention_us and author["id"] != self.me["id"]:
                mentions.append(self._mention(self.me))
                prefix = (f'<span class="h-card"><a href="{self.me["url"]}" class="u-url'
                          f' mention">@<span>{self.me["username"]}</span></a></span> ')
            status = self._status(status_id, author, f"<p>{prefix}{text}</p>", visibility,
                                  reply_to, at, mentions, spoiler, media or [])
            self.statuses[status_id] = status
            if mentions:
                self.notifications.append({
                    "id": str(next(self.note_ids)), "type": "mention",
                    "created_at": status["created_at"], "account": author, "status": status,
                })
            return status

    def add_other_notification(self, kind: str, account: dict[str, Any]) -> None:
        with self.lock:
            self.notifications.append({"id": str(next(self.note_ids)), "type": kind,
                                       "created_at": iso(time.time()), "account": account})

    def _mention(self, account: dict[str, Any]) -> dict[str, str]:
        return {"id": account["id"], "username": account["username"], "url": account["url"],
                "acct": account["acct"]}

    def _status(self, status_id: str, author: dict[str, Any], content: str, visibility: str,
                reply_to: dict[str, Any] | None, at: float | None,
                mentions: list[dict[str, str]], spoiler: str,
                media: list[dict[str, Any]]) -> dict[str, Any]:
        url = f"{author['url']}/{status_id}"
        return {
            "id": status_id, "created_at": iso(at if at is not None else time.time()),
            "in_reply_to_id": reply_to["id"] if reply_to else None,
            "in_reply_to_account_id": reply_to["account"]["id"] if reply_to else None,
            "sensitive": bool(spoiler), "spoiler_text": spoiler, "visibility": visibility,
            "language": "de", "uri": url, "url": url, "replies_count": 0,
            "reblogs_count": 0, "favourites_count": 0, "edited_at": None, "content": content,
            "reblog": None, "application": None, "account": author,
            "media_attachments": media, "mentions": mentions, "tags": [], "emojis": [],
            "card": None, "poll": None, "favourited": False, "reblogged": False,
            "muted": False, "bookmarked": False, "pinned": False,
        }

    def fail_next(self, path: str, **kwargs: Any) -> None:
        self.faults.append(Fault(path, **kwargs))

    def posted(self) -> list[Request]:
        return [r for r in self.requests if r.method == "POST" and r.path == "/api/v1/statuses"]

    def our_statuses(self) -> list[dict[str, Any]]:
        return [s for s in self.statuses.values() if s["account"]["id"] == self.me["id"]]


def _handler(server: FakeMastodon) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PATCH(self) -> None:
            self._serve("PATCH")

        # -- plumbing ---------------------------------------------------------
        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            headers = {k.lower(): v for k, v in self.headers.items()}
            req = Request(method, parts.path, parse_qs(parts.query), headers,
                          parse_qs(raw, keep_blank_values=True))
            with server.lock:
                server.requests.append(req)
                fault = next((f for f in server.faults if parts.path.startswith(f.path)
                              and f.method in ("", method)), None)
                if fault is not None:
                    server.faults.remove(fault)
            if fault is not None and not fault.after_handling:
                self._fault(fault)
                return
            status, body, headers = self._route(req)
            if fault is not None:
                self._fault(fault)
                return
            self._send(status, body, headers)

        def _fault(self, fault: Fault) -> None:
            if fault.hang:
                server.release.wait(fault.hang)
            body = fault.body if fault.body is not None else b'{"error": "fault"}'
            self.send_response(fault.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            for key, value in fault.headers.items():
                self.send_header(key, value)
            if fault.truncate:
                self.send_header("Content-Length", str(len(body) * 2))
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                self.close_connection = True
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _rate_headers(self) -> dict[str, str]:
            return {"X-RateLimit-Limit": str(server.rate_limit),
                    "X-RateLimit-Remaining": str(max(server.rate_remaining, 0)),
                    "X-RateLimit-Reset": iso(server.rate_reset)}

        # -- routes -----------------------------------------------------------
        def _route(self, req: Request) -> tuple[int, Any, dict[str, str]]:
            with server.lock:
                if req.path == "/oauth/authorize":
                    return self._authorize(req)
                if req.path == "/oauth/token":
                    return self._token(req)
                if req.path == "/api/v1/apps":
                    return self._register(req)
                auth = req.headers.get("authorization", "")
                if auth.removeprefix("Bearer ") not in server.valid_tokens:
                    return 401, {"error": "The access token is invalid"}, {}
                server.rate_remaining -= 1
                rate = self._rate_headers()
                if server.rate_remaining < 0:
                    if server.retry_after is not None:
                        rate["Retry-After"] = server.retry_after
                    return 429, {"error": "Too many requests"}, rate
                status, body, headers = self._api(req)
                return status, body, {**rate, **headers}

        def _api(self, req: Request) -> tuple[int, Any, dict[str, str]]:
            path, method = req.path, req.method
            if path == "/api/v1/accounts/verify_credentials":
                source = {"privacy": "public", "sensitive": False, "language": "de",
                          "note": "", "fields": [{**f, "verified_at": None}
                                                 for f in server.profile_fields]}
                return 200, {**server.me, "source": source}, {}
            if path == "/api/v1/accounts/update_credentials" and method == "PATCH":
                return self._update_credentials(req)
            if path == "/api/v1/notifications" and method == "GET":
                return self._notifications(req)
            if path == "/api/v1/markers":
                return self._markers(req)
            if path == "/api/v1/statuses" and method == "POST":
                return self._post_status(req)
            match = re.fullmatch(r"/api/v1/statuses/(\d+)(/context)?", path)
            if match:
                status = server.statuses.get(match.group(1))
                if status is None:
                    return 404, {"error": "Record not found"}, {}
                return (200, self._context(status), {}) if match.group(2) else (200, status, {})
            match = re.fullmatch(r"/api/v1/accounts/(\d+)/statuses", path)
            if match:
                mine = [s for s in server.statuses.values()
                        if s["account"]["id"] == match.group(1)]
                return self._page(req, mine, path)
            return 404, {"error": "Record not found"}, {}

        def _page(self, req: Request, items: list[dict[str, Any]], path: str,
                  extra: dict[str, list[str]] | None = None) -> tuple[int, Any, dict[str, str]]:
            """Mastodon's pagination: newest first; max_id/since_id/min_id; Link."""
            def key(item: dict[str, Any]) -> int:
                return int(item["id"])

            q = {k: v[0] for k, v in req.query.items()}
            limit = min(int(q.get("limit", 40)), 80)
            items = sorted(items, key=key, reverse=True)
            if "max_id" in q:
                items = [i for i in items if key(i) < int(q["max_id"])]
            if "since_id" in q:
                items = [i for i in items if key(i) > int(q["since_id"])]
            if "min_id" in q:
                items = [i for i in items if key(i) > int(q["min_id"])][-limit:]
            page = items[:limit]
            links = []
            keep = {k: v for k, v in (extra or {}).items()}
            keep["limit"] = [str(limit)]
            base = f"{server.base_url}{path}"
            if len(page) == limit:
                links.append(f'<{base}?{urlencode({**keep, "max_id": page[-1]["id"]}, True)}>;'
                             ' rel="next"')
            if page:
                links.append(f'<{base}?{urlencode({**keep, "min_id": page[0]["id"]}, True)}>;'
                             ' rel="prev"')
            return 200, page, ({"Link": ", ".join(links)} if links else {})

        def _update_credentials(self, req: Request) -> tuple[int, Any, dict[str, str]]:
            slots: dict[int, dict[str, str]] = {}
            for key, values in req.form.items():
                match = re.fullmatch(r"fields_attributes\[(\d+)\]\[(name|value)\]", key)
                if match:
                    slots.setdefault(int(match.group(1)), {})[match.group(2)] = values[0]
            if slots:  # blank pairs are dropped, as Mastodon does
                server.profile_fields = [
                    {"name": f.get("name", ""), "value": f.get("value", "")}
                    for _, f in sorted(slots.items()) if f.get("name") or f.get("value")]
            if len(server.profile_fields) > 4:
                return 422, {"error": "Validation failed: Fields too many"}, {}
            fields = [{**f, "verified_at": None} for f in server.profile_fields]
            return 200, {**server.me, "fields": fields}, {}

        def _notifications(self, req: Request) -> tuple[int, Any, dict[str, str]]:
            types = req.query.get("types[]")
            items = [n for n in server.notifications if not types or n["type"] in types]
            extra = {"types[]": types} if types else None
            return self._page(req, items, req.path, extra)

        def _markers(self, req: Request) -> tuple[int, Any, dict[str, str]]:
            if req.method == "POST":
                server.marker = req.form.get("notifications[last_read_id]", [""])[0]
                server.marker_version += 1
            elif "notifications" not in req.query.get("timeline[]", []):
                return 200, {}, {}
            if server.marker is None:
                return 200, {}, {}
            return 200, {"notifications": {"last_read_id": server.marker,
                                           "version": server.marker_version,
                                           "updated_at": iso(time.time())}}, {}

        def _context(self, status: dict[str, Any]) -> dict[str, Any]:
            ancestors: list[dict[str, Any]] = []
            parent = status["in_reply_to_id"]
            while parent and parent in server.statuses:
                ancestors.insert(0, server.statuses[parent])
                parent = server.statuses[parent]["in_reply_to_id"]
            descendants = [s for s in server.statuses.values()
                           if s["in_reply_to_id"] == status["id"]]
            return {"ancestors": ancestors, "descendants": descendants}

        def _post_status(self, req: Request) -> tuple[int, Any, dict[str, str]]:
            key = req.headers.get("idempotency-key")
            if key and key in server.idempotency:
                return 200, server.statuses[server.idempotency[key]], {}
            text = req.form.get("status", [""])[0]
            if not text.strip():
                return 422, {"error": "Validation failed: Text can't be blank"}, {}
            reply_to = server.statuses.get(req.form.get("in_reply_to_id", [""])[0])
            visibility = req.form.get("visibility", ["public"])[0]
            status = server.add_status(server.me, text, visibility=visibility,
                                       reply_to=reply_to, mention_us=False)
            if reply_to is not None:
                # Mastodon links the mention it finds at the start of the text.
                acct = reply_to["account"]["acct"]
                status["mentions"] = [server._mention(reply_to["account"])]
                status["content"] = status["content"].replace(
                    f"@{acct}", f'<span class="h-card"><a href="{reply_to["account"]["url"]}"'
                    f' class="u-url mention">@<span>{reply_to["account"]["username"]}'
                    "</span></a></span>", 1)
            if key:
                server.idempotency[key] = status["id"]
            return 200, status, {}

        # -- OAuth ------------------------------------------------------------
        def _register(self, req: Request) -> tuple[int, Any, dict[str, str]]:
            f = {k: v[0] for k, v in req.form.items()}
            client_id = secrets.token_urlsafe(16)
            app = {"id": str(next(server.ids)), "name": f.get("client_name", ""),
                   "website": f.get("website"), "scopes": f.get("scopes", "read").split(),
                   "redirect_uri": f.get("redirect_uris", ""),
                   "redirect_uris": [f.get("redirect_uris", "")],
                   "client_id": client_id, "client_secret": secrets.token_urlsafe(24),
                   "client_secret_expires_at": 0, "vapid_key": "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ"}
            server.apps[client_id] = app
            return 200, app, {}

        def _authorize(self, req: Request) -> tuple[int, Any, dict[str, str]]:
            q = {k: v[0] for k, v in req.query.items()}
            app = server.apps.get(q.get("client_id", ""))
            if app is None or q.get("redirect_uri") != app["redirect_uri"] \
                    or q.get("code_challenge_method") != "S256" or "code_challenge" not in q:
                return 400, {"error": "invalid_request"}, {}
            code = secrets.token_urlsafe(16)
            server.codes[code] = {"client_id": app["client_id"], "scope": q.get("scope", ""),
                                  "challenge": q["code_challenge"],
                                  "redirect_uri": q["redirect_uri"]}
            target = f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}"
            return 302, {}, {"Location": target}

        def _token(self, req: Request) -> tuple[int, Any, dict[str, str]]:
            f = {k: v[0] for k, v in req.form.items()}
            grant = server.codes.pop(f.get("code", ""), None)
            app = server.apps.get(f.get("client_id", ""))
            if app is None or f.get("client_secret") != app["client_secret"]:
                return 401, {"error": "invalid_client"}, {}
            digest = hashlib.sha256(f.get("code_verifier", "").encode()).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if grant is None or grant["challenge"] != challenge \
                    or grant["redirect_uri"] != f.get("redirect_uri"):
                return 400, {"error": "invalid_grant", "error_description": "The provided"
                             " authorization grant is invalid"}, {}
            token = secrets.token_urlsafe(32)
            server.valid_tokens.add(token)
            return 200, {"access_token": token, "token_type": "Bearer",
                         "scope": grant["scope"], "created_at": int(time.time())}, {}

    return Handler
