"""``MastodonChannel``: one Mastodon account behind the ``Channel`` protocol.

Pull reads mention notifications (the API's ``types[]=mention``): public,
unlisted and followers-only mentions land in Mentions, ``visibility=direct``
in Direct. Cursors (opaque to the engine)::

    mastodon:notifications  newest notification id applied; pages forward with ``min_id``
    mastodon:backfill       first sync only: "<max_id>:<left>" while older pages remain
    mastodon:marker         the notifications read marker last mirrored into the store

A pull makes one page request plus at most ``context_budget`` thread look-ups;
when the budget runs out the batch ends early (``more=True``) with the cursor
on the last notification it holds, so nothing is skipped and nothing is
fetched twice.

Send posts a reply with the parent's visibility (a direct message stays
direct), mentioning the customer, and with ``Idempotency-Key`` = the outbox
key. The server forgets keys after about an hour, so ``was_delivered`` looks
for the reply among our own recent statuses instead. Read state is mirrored
through the notifications marker, which is a single position: "read" moves it
forward only when that marks nothing else read; "unread" stays local.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.records import Batch, FlagChange, IncomingMessage
from app.sanitize import html_to_text
from app.store.outbox import OutboxEntry
from app.store.queries import AccountInfo
from services.channel import (
    AuthError,
    Capabilities,
    ChannelError,
    PermanentError,
    SendResult,
)
from services.mastodon import entities
from services.mastodon.api import MastodonApi, OutcomeUnknown
from services.mastodon.convert import stream_for, to_message
from services.mastodon.entities import Notification, UnexpectedResponse
from services.mastodon.profile import set_availability_field
from services.mastodon.settings import MastodonSettings
from services.mastodon.threads import ThreadResolver

__all__ = ["BACKFILL", "MARKER", "NOTIFICATIONS", "MastodonChannel", "id_le"]

log = logging.getLogger(__name__)

NOTIFICATIONS = "mastodon:notifications"
BACKFILL = "mastodon:backfill"
MARKER = "mastodon:marker"
_DONE = "done"
_RECHECK_PAGES = 5
_CLOCK_SKEW = 300
_LEADING_MENTIONS = re.compile(r"^(?:@[\w.\-]+(?:@[\w.\-]+)?\s*)+")


def id_le(a: str, b: str) -> bool:
    """Mastodon ids are numeric strings and other servers' are sortable text:
    compare by length, then text, which orders both correctly."""
    return (len(a), a) <= (len(b), b)


def _newest(ids: list[str]) -> str:
    return max(ids, key=lambda i: (len(i), i))


def _normalized(text: str) -> str:
    return " ".join(_LEADING_MENTIONS.sub("", text.strip()).split())


class MastodonChannel:
    """Mastodon REST for one account.

    ``token`` comes from keyring via the composition root and is kept only
    inside the HTTP client. ``reader`` (``Store.reader``) lets the adapter
    find threads and read positions it already stored; without it, it asks
    the server. ``transport`` replaces the network for tests.
    """

    kind = "mastodon"

    def __init__(self, account: AccountInfo, token: str,
                 reader: Callable[[], sqlite3.Connection] | None = None, *,
                 transport: httpx.BaseTransport | None = None,
                 now: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._account = account
        self._settings = MastodonSettings.from_json(account.settings)
        self._reader = reader
        self._host = urlsplit(self._settings.instance).hostname or ""
        self._api = MastodonApi(self._settings.instance, token, timeout=self._settings.timeout,
                                transport=transport, now=now, sleep=sleep)
        self._own_id = self._settings.account_id
        self._marker: tuple[str | None] | None = None  # fetched once per session

    def __repr__(self) -> str:  # never show the token
        return f"MastodonChannel(account={self._account.id}, {self._settings.instance})"

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(replies=True, read_state=True)

    @property
    def api(self) -> MastodonApi:
        return self._api

    def close(self) -> None:
        self._api.close()

    def own_id(self) -> str:
        """Our account id on the instance (asked once when the settings lack it)."""
        if not self._own_id:
            self._own_id = entities.account(
                self._api.get("/api/v1/accounts/verify_credentials")).id
        return self._own_id

    # -- pull ----------------------------------------------------------------
    def pull(self, cursors: Mapping[str, str]) -> Batch:
        own = self.own_id()
        if self._marker is None:
            self._marker = (self._read_marker(),)
        marker = self._marker[0]
        resolver = ThreadResolver(self._api, self._stored_root, self._settings.context_budget)
        backfill = cursors.get(BACKFILL, _DONE)
        newest = cursors.get(NOTIFICATIONS)
        if newest is not None and backfill != _DONE:
            messages, new_cursors, more = self._backfill(backfill, own, marker, resolver)
        else:
            messages, new_cursors, more = self._forward(newest, own, marker, resolver)
        flags: tuple[FlagChange, ...] = ()
        if marker is not None:
            old = cursors.get(MARKER)
            if old != marker:
                flags = self._marker_flags(marker)
                new_cursors[MARKER] = marker
        return Batch(messages=tuple(messages), flag_changes=flags, cursors=new_cursors,
                     more=more)

    def _params(self, **extra: str | int) -> dict[str, Any]:
        return {"types[]": ["mention"], "limit": self._settings.batch_size, **extra}

    def _forward(self, newest: str | None, own: str, marker: str | None,
                 resolver: ThreadResolver) -> tuple[list[IncomingMessage], dict[str, str], bool]:
        first = newest is None
        params = self._params() if first else self._params(min_id=newest or "0")
        page = self._api.get_page("/api/v1/notifications", params)
        found = [entities.notification(n) for n in entities.items(page.items, "notifications")]
        found.sort(key=lambda n: (len(n.id), n.id))  # oldest first: the cursor moves forward
        messages, done = self._convert(found, own, marker, resolver)
        cursors: dict[str, str] = {}
        if done:
            cursors[NOTIFICATIONS] = _newest([n.id for n in done])
        elif first:
            cursors[NOTIFICATIONS] = "0"
        stopped_early = len(done) < len(found)
        more = stopped_early or (not first and len(found) >= self._settings.batch_size)
        if first:
            # The newest page came first; older ones follow, bounded, before we go on.
            oldest = min((n.id for n in done), key=lambda i: (len(i), i), default=None)
            left = self._settings.first_sync_limit - len(done)
            if oldest is not None and page.next_url and left > 0:
                cursors[BACKFILL] = f"{oldest}:{left}"
                more = True
            else:
                cursors[BACKFILL] = _DONE
        return messages, cursors, more

    def _backfill(self, state: str, own: str, marker: str | None, resolver: ThreadResolver
                  ) -> tuple[list[IncomingMessage], dict[str, str], bool]:
        max_id, _, left_text = state.partition(":")
        left = int(left_text) if left_text.isdigit() else 0
        if not max_id or left <= 0:
            return [], {BACKFILL: _DONE}, True
        page = self._api.get_page("/api/v1/notifications", self._params(
            max_id=max_id, limit=min(self._settings.batch_size, left)))
        found = [entities.notification(n) for n in entities.items(page.items, "notifications")]
        found.sort(key=lambda n: (len(n.id), n.id), reverse=True)  # newest first: going back
        messages, done = self._convert(found, own, marker, resolver)
        left -= len(done)
        if len(done) < len(found):
            return messages, {BACKFILL: f"{done[-1].id if done else max_id}:{left}"}, True
        if found and page.next_url and left > 0:
            return messages, {BACKFILL: f"{found[-1].id}:{left}"}, True
        return messages, {BACKFILL: _DONE}, True  # then the forward pull catches up

    def _convert(self, found: list[Notification], own: str, marker: str | None,
                 resolver: ThreadResolver) -> tuple[list[IncomingMessage], list[Notification]]:
        """Messages for ``found`` in order, stopping where the look-up budget ends."""
        messages: list[IncomingMessage] = []
        done: list[Notification] = []
        for note in found:
            status = note.status
            if note.type != "mention" or status is None:
                done.append(note)  # a server that ignores types[]: skip, but move past it
                continue
            resolved = resolver.resolve(status)
            if resolved is None:
                break
            stream = stream_for(status)
            read = marker is not None and id_le(note.id, marker)
            for ancestor in resolved.ancestors:
                messages.append(to_message(
                    ancestor, host=self._host, own_id=own, customer=status.account,
                    stream=stream, thread_key=resolved.root,
                    parent_ids=(ancestor.in_reply_to_id,) if ancestor.in_reply_to_id else (),
                    read=True))
            messages.append(to_message(
                status, host=self._host, own_id=own, customer=status.account, stream=stream,
                thread_key=resolved.root, parent_ids=resolved.parent_ids, read=read,
                notification_id=note.id))
            done.append(note)
        return messages, done

    def _read_marker(self) -> str | None:
        body = self._api.get("/api/v1/markers", {"timeline[]": ["notifications"]})
        if not isinstance(body, Mapping):
            raise UnexpectedResponse("the server sent read markers in an unknown form")
        entry = body.get("notifications")
        if not isinstance(entry, Mapping):
            return None  # never set on this account
        value = entry.get("last_read_id")
        return str(value) if isinstance(value, str | int) and str(value) else None

    # -- store look-ups --------------------------------------------------------
    def _stored_root(self, status_id: str) -> str | None:
        if self._reader is None:
            return None
        row = self._reader().execute(
            "SELECT c.thread_key FROM message m JOIN conversation c ON c.id = m.conversation_id"
            " WHERE m.account_id = ? AND m.remote_id = ?", (self._account.id, status_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def _unread_notifications(self) -> list[tuple[str, str, int]]:
        """(remote id, notification id, conversation id) of unread stored mentions."""
        if self._reader is None:
            return []
        rows = self._reader().execute(
            "SELECT remote_id, json_extract(meta, '$.notification_id'), conversation_id"
            " FROM message WHERE account_id = ? AND direction = 'in' AND read = 0"
            " AND json_extract(meta, '$.notification_id') IS NOT NULL", (self._account.id,),
        ).fetchall()
        return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]

    def _marker_flags(self, marker: str) -> tuple[FlagChange, ...]:
        """Stored mentions the owner has read elsewhere (the marker passed them)."""
        return tuple(FlagChange(remote_id, read=True)
                     for remote_id, note_id, _ in self._unread_notifications()
                     if id_le(note_id, marker))

    # -- send ----------------------------------------------------------------
    def send(self, item: OutboxEntry) -> SendResult:
        if item.kind == "reply":
            return self._reply(item)
        if item.kind == "read":
            self._advance_marker(item)
        # "unread", labels and archive have no Mastodon counterpart: local only.
        return SendResult()

    def _reply(self, item: OutboxEntry) -> SendResult:
        parent_id = item.payload.get("in_reply_to")
        text = str(item.payload.get("text") or "")
        if not isinstance(parent_id, str) or not parent_id or parent_id.startswith("local:"):
            raise PermanentError("there is no customer post in this conversation to answer")
        try:
            parent = entities.status(self._api.get(f"/api/v1/statuses/{parent_id}"))
        except AuthError:
            raise
        except PermanentError as exc:
            raise PermanentError(f"the post this answers is gone or hidden: {exc}") from None
        mention = f"@{parent.account.acct}"
        if not text.lstrip().lower().startswith(mention.lower()):
            text = f"{mention} {text}"
        body = self._api.post("/api/v1/statuses", {
            "status": text, "in_reply_to_id": parent.id, "visibility": parent.visibility,
        }, idempotency_key=item.idempotency_key, unsafe=True)
        try:
            return SendResult(remote_id=entities.status(body).id)
        except UnexpectedResponse:
            # The server took it (2xx) but we cannot read its id; let recovery look.
            raise OutcomeUnknown("the server accepted the reply but its answer is"
                                 " unreadable") from None

    def _advance_marker(self, item: OutboxEntry) -> None:
        unread = self._unread_notifications()
        mine = [n for _, n, conv in self._read_conversation(item)]
        if not mine:
            return
        target = _newest(mine)
        others = [n for _, n, conv in unread if conv != item.conversation_id and id_le(n, target)]
        if others:
            return  # moving the single marker would mark other customers' mentions read
        current = self._read_marker()
        if current is not None and id_le(target, current):
            return
        self._api.post("/api/v1/markers", {"notifications[last_read_id]": target})

    def _read_conversation(self, item: OutboxEntry) -> list[tuple[str, str, int]]:
        if self._reader is None or item.conversation_id is None:
            return []
        rows = self._reader().execute(
            "SELECT remote_id, json_extract(meta, '$.notification_id'), conversation_id"
            " FROM message WHERE conversation_id = ? AND direction = 'in'"
            " AND json_extract(meta, '$.notification_id') IS NOT NULL",
            (item.conversation_id,)).fetchall()
        return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]

    # -- availability notice -------------------------------------------------
    def update_profile_notice(self, text: str, language: str = "en") -> None:
        """Show ``text`` in the profile field "Availability"/"Erreichbarkeit"
        (empty ``text`` removes it); the owner's other fields stay as they are."""
        set_availability_field(self._api, text, language)

    # -- crash recovery --------------------------------------------------------
    def was_delivered(self, item: OutboxEntry) -> bool | None:
        if item.kind != "reply":
            return None  # idempotent kinds: the engine simply does them again
        parent_id = item.payload.get("in_reply_to")
        wanted = _normalized(str(item.payload.get("text") or ""))
        try:
            own = self.own_id()
            url: str | None = f"/api/v1/accounts/{own}/statuses"
            params: dict[str, Any] | None = {"limit": 40, "exclude_reblogs": "true"}
            for _ in range(_RECHECK_PAGES):
                if url is None:
                    return False
                page = self._api.get_page(url, params)
                statuses = [entities.status(s) for s in page.items]
                for status in statuses:
                    if status.in_reply_to_id == parent_id and \
                            _normalized(html_to_text(status.content)) == wanted:
                        return True
                if not statuses or statuses[-1].created_at < item.created_at - _CLOCK_SKEW:
                    return False
                url, params = page.next_url, None
        except AuthError:
            raise
        except ChannelError as exc:
            log.info("account %s: cannot check for an earlier reply: %s", self._account.id, exc)
            return None
        return None  # more recent statuses than we are willing to page through
