"""``FeedChannel``: one RSS, Atom or JSON feed behind the ``Channel`` protocol.

Every entry becomes a conversation in the Listening stream (comments join
their post's conversation when the feed links them). One cursor row,
``feed``, holds what polite polling needs: the server's ETag/Last-Modified,
when we last fetched, and where the feed moved to permanently. It is written
in the same transaction as the entries, so a crash never skips one.

Re-polling is cheap and safe: 304 brings nothing; a full answer brings only
entries that are new or edited since the last poll (the cursor keeps each
entry's content hash), the store updates edited ones in place, and nothing
is duplicated (ids are the feed's own, or a hash of link and title).

A feed cannot take replies: the owner answers at the entry's link, so
``send`` refuses replies and carries out labels, done and read state
locally (they succeed without contacting anybody).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from app.records import Batch, Direction, IncomingMessage, Stream
from app.store.ingest import content_hash
from app.store.outbox import OutboxEntry
from services.channel import Capabilities, PermanentError, SendResult
from services.feeds.entry import FeedEntry, FeedFormatError, ParsedFeed
from services.feeds.fetch import FetchLimits, Validators, fetch_feed
from services.feeds.keywords import KeywordFilter
from services.feeds.parse import parse_feed
from services.feeds.settings import DEFAULT_INTERVAL_MINUTES, FeedSettings, FeedSettingsError

__all__ = ["CURSOR", "LOCAL_KINDS", "FeedChannel"]

log = logging.getLogger(__name__)

CURSOR = "feed"
LOCAL_KINDS = frozenset({"label", "unlabel", "archive", "unarchive", "read", "unread"})
REPLY_REFUSED = ("A feed cannot receive replies. Open the entry in the browser and answer"
                 " there{at}.")


@dataclass(frozen=True, slots=True)
class _State:
    """The ``feed`` cursor. ``source`` is the configured URL and keywords it
    belongs to: after the owner edits either, the old validators, move and
    ``seen`` (each entry we handed over → its content hash) no longer apply."""

    source: str
    fetched_at: int | None = None
    validators: Validators = field(default_factory=Validators)
    moved_to: str = ""
    seen: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, raw: str | None, source: str) -> _State:
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict) or data.get("source") != source:
            return cls(source)
        fetched = data.get("fetched_at")
        seen = data.get("seen")
        return cls(source,
                   fetched if isinstance(fetched, int) and not isinstance(fetched, bool) else None,
                   Validators(str(data.get("etag") or ""), str(data.get("last_modified") or "")),
                   str(data.get("moved_to") or ""),
                   {str(k): str(v) for k, v in seen.items()} if isinstance(seen, dict) else {})

    def dump(self) -> str:
        return json.dumps({"source": self.source, "fetched_at": self.fetched_at,
                           "etag": self.validators.etag,
                           "last_modified": self.validators.last_modified,
                           "moved_to": self.moved_to, "seen": self.seen}, sort_keys=True)


class FeedChannel:
    """One feed account.

    ``client`` (used as is, not closed here) or ``transport`` (for a client
    built here) let tests and the composition root choose the HTTP stack.
    ``force=True`` fetches whatever the interval says (``tresen sync --once``).
    ``reader`` (``Store.reader``), if given, lets a refused reply name the
    entry's link.
    """

    kind = "feed"

    def __init__(self, url: str, *, keywords: Iterable[str] = (),
                 interval_minutes: int = DEFAULT_INTERVAL_MINUTES,
                 limits: FetchLimits | None = None, client: httpx.Client | None = None,
                 transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], int] | None = None, force: bool = False,
                 reader: Callable[[], sqlite3.Connection] | None = None) -> None:
        self._url = url
        self._reader = reader
        keywords = tuple(keywords)
        self._filter = KeywordFilter(keywords)
        # The cursor's identity: a new address or filter starts afresh.
        self._source = url if not keywords else f"{url} {json.dumps(sorted(keywords))}"
        self._interval = interval_minutes * 60
        self._limits = limits or FetchLimits()
        self._owns_client = client is None
        self._client = client or httpx.Client(transport=transport)
        self._clock = clock or (lambda: int(datetime.now(UTC).timestamp()))
        self._force = force

    @classmethod
    def from_settings(cls, settings: Mapping[str, object], *,
                      client: httpx.Client | None = None,
                      transport: httpx.BaseTransport | None = None,
                      clock: Callable[[], int] | None = None,
                      force: bool = False,
                      reader: Callable[[], sqlite3.Connection] | None = None) -> FeedChannel:
        """Build from an account's ``settings`` JSON; bad settings → ``PermanentError``."""
        try:
            s = FeedSettings.from_json(settings)
        except FeedSettingsError as exc:
            raise PermanentError(f"the feed account's settings are wrong: {exc}") from None
        return cls(s.url, keywords=s.keywords, interval_minutes=s.interval_minutes,
                   limits=FetchLimits(s.timeout, s.max_bytes, s.max_redirects),
                   client=client, transport=transport, clock=clock, force=force,
                   reader=reader)

    def __repr__(self) -> str:
        return f"FeedChannel({self._url!r})"

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(replies=False)

    # -- pull ----------------------------------------------------------------
    def due(self, cursors: Mapping[str, str], now: int) -> bool:
        """Whether the account's interval has passed since the last fetch."""
        fetched = _State.load(cursors.get(CURSOR), self._source).fetched_at
        return fetched is None or now - fetched >= self._interval or now < fetched

    def pull(self, cursors: Mapping[str, str]) -> Batch:
        now = self._clock()
        if not self._force and not self.due(cursors, now):
            return Batch()
        state = _State.load(cursors.get(CURSOR), self._source)
        result = fetch_feed(self._client, state.moved_to or self._url, state.validators,
                            self._limits)
        after = replace(state, fetched_at=now, validators=result.validators,
                        moved_to=result.permanent_url or state.moved_to)
        if result.permanent_url:
            log.info("feed %s moved permanently to %s", self._url, result.permanent_url)
        if result.body is None:
            return Batch(cursors={CURSOR: after.dump()})
        try:
            parsed = parse_feed(result.body, url=result.url, content_type=result.content_type)
        except FeedFormatError as exc:
            raise PermanentError(str(exc)) from None
        if parsed.note:
            log.info("feed %s: %s", self._url, parsed.note)
        messages, seen = self._messages(parsed, now, state.seen)
        return Batch(messages=messages, cursors={CURSOR: replace(after, seen=seen).dump()})

    def _messages(self, feed: ParsedFeed, now: int, seen: Mapping[str, str]
                  ) -> tuple[tuple[IncomingMessage, ...], dict[str, str]]:
        """New and edited entries that pass the keyword filter, and the new ``seen``.

        Unchanged entries are left out: the store would take their ``read=False``
        as news and undo the owner's "mark read" on every poll.
        """
        host = urlsplit(feed.link).hostname or feed.title
        latest = {e.remote_id: e for e in feed.entries}  # an id listed twice: the last copy
        matched = {i for i, e in latest.items() if self._filter.matches(e.title, e.text)}
        kept: dict[str, str] = {}
        out: list[IncomingMessage] = []
        for entry in latest.values():
            # A comment on a matching post belongs to that conversation too.
            if entry.remote_id not in matched and entry.parent_id not in matched:
                continue
            msg = _message(entry, feed, host, now)
            kept[entry.remote_id] = content_hash(msg)
            if seen.get(entry.remote_id) != kept[entry.remote_id]:
                out.append(msg)
        return tuple(out), kept

    # -- send ----------------------------------------------------------------
    def send(self, item: OutboxEntry) -> SendResult:
        if item.kind == "reply":
            link = self._link_of(item)
            raise PermanentError(REPLY_REFUSED.format(at=f": {link}" if link else ""))
        if item.kind in LOCAL_KINDS:
            return SendResult()
        raise PermanentError(f"a feed cannot carry out {item.kind!r}")

    def _link_of(self, item: OutboxEntry) -> str:
        """The link of the entry the reply answers (or the conversation's latest)."""
        if self._reader is None or item.conversation_id is None:
            return ""
        row = self._reader().execute(
            "SELECT json_extract(meta, '$.link') FROM message WHERE conversation_id = ?"
            " AND direction = 'in' ORDER BY remote_id = ? DESC, sent_at DESC LIMIT 1",
            (item.conversation_id, str(item.payload.get("in_reply_to") or "")),
        ).fetchone()
        return str(row[0]) if row and row[0] else ""

    def was_delivered(self, item: OutboxEntry) -> bool | None:
        # Replies never leave; everything else was local and so "arrived".
        return item.kind != "reply"

    def close(self) -> None:
        if self._owns_client:
            self._client.close()


def _message(entry: FeedEntry, feed: ParsedFeed, host: str, now: int) -> IncomingMessage:
    author = entry.author_name or feed.title
    handle = entry.author_handle or f"{host}: {author}"
    subject = entry.title or " ".join(entry.text.split())[:80] or feed.title
    # Undated entries get the time we first saw them; the store keeps that
    # time later because unchanged (and edited) entries keep their sent_at.
    sent_at = min(entry.published, now) if entry.published is not None else now
    parents = (entry.parent_id,) if entry.parent_id else ()
    return IncomingMessage(
        remote_id=entry.remote_id, thread_key=entry.parent_id or entry.remote_id,
        stream=Stream.LISTENING, direction=Direction.IN, author_name=author,
        author_handle=entry.author_handle, sent_at=sent_at, subject=subject, text=entry.text,
        html=entry.html, parent_ids=parents, contact_handle=handle, contact_name=author,
        meta={"link": entry.link} if entry.link else {},
    )
