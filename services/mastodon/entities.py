"""Typed views of the JSON entities the Mastodon API returns.

Only the fields Tresen relies on are read, each checked for its type, so a
server (or a proxy's error page) that answers with something else becomes one
clear ``UnexpectedResponse`` instead of a ``KeyError`` deep in the adapter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.channel import PermanentError

__all__ = [
    "Account", "Context", "MediaAttachment", "Notification", "Status", "UnexpectedResponse",
    "account", "context", "items", "notification", "status",
]


class UnexpectedResponse(PermanentError):  # noqa: N818 - reads as what the server sent
    """The server's JSON does not have the documented shape."""


def _obj(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise UnexpectedResponse(f"the server sent something that is not a {what}")
    return value


def _str(raw: Mapping[str, Any], key: str, what: str, *, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise UnexpectedResponse(f"the server sent a {what} without a valid {key!r}")
    return value


def _time(raw: Mapping[str, Any], key: str, what: str) -> int:
    text = _str(raw, key, what)
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UnexpectedResponse(f"the server sent a {what} with an invalid {key!r}") from None
    return int(stamp.timestamp())


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    username: str
    acct: str
    display_name: str
    bot: bool
    url: str


@dataclass(frozen=True, slots=True)
class MediaAttachment:
    type: str
    description: str
    url: str


@dataclass(frozen=True, slots=True)
class Status:
    id: str
    created_at: int
    account: Account
    content: str
    visibility: str
    in_reply_to_id: str | None
    spoiler_text: str
    url: str
    mentions: tuple[str, ...]
    media: tuple[MediaAttachment, ...]


@dataclass(frozen=True, slots=True)
class Notification:
    id: str
    type: str
    created_at: int
    account: Account
    status: Status | None


@dataclass(frozen=True, slots=True)
class Context:
    ancestors: tuple[Status, ...]
    descendants: tuple[Status, ...]


def account(value: Any) -> Account:
    raw = _obj(value, "account")
    return Account(
        id=_str(raw, "id", "account"),
        username=_str(raw, "username", "account"),
        acct=_str(raw, "acct", "account"),
        display_name=_str(raw, "display_name", "account", required=False),
        bot=raw.get("bot") is True,
        url=_str(raw, "url", "account", required=False),
    )


def _media(value: Any) -> tuple[MediaAttachment, ...]:
    if not isinstance(value, list):
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
    reply_to = raw.get("in_reply_to_id")
    mentions = raw.get("mentions") or []
    if not isinstance(mentions, list):
        raise UnexpectedResponse("the server sent a status with invalid 'mentions'")
    return Status(
        id=_str(raw, "id", "status"),
        created_at=_time(raw, "created_at", "status"),
        account=account(raw.get("account")),
        content=_str(raw, "content", "status", required=False),
        visibility=_str(raw, "visibility", "status"),
        in_reply_to_id=None if reply_to is None else _str(raw, "in_reply_to_id", "status"),
        spoiler_text=_str(raw, "spoiler_text", "status", required=False),
        url=_str(raw, "url", "status", required=False),
        mentions=tuple(_str(_obj(m, "mention"), "acct", "mention") for m in mentions),
        media=_media(raw.get("media_attachments")),
    )


def notification(value: Any) -> Notification:
    raw = _obj(value, "notification")
    body = raw.get("status")
    return Notification(
        id=_str(raw, "id", "notification"),
        type=_str(raw, "type", "notification"),
        created_at=_time(raw, "created_at", "notification"),
        account=account(raw.get("account")),
        status=None if body is None else status(body),
    )


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
