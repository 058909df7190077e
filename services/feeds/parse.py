"""Parse a fetched feed document: RSS 0.9x–2.0 and Atom via feedparser, JSON Feed by hand.

feedparser is maintained, forgiving (its "bozo" mode reads broken XML) and
resolves relative links against the document's address. We hand it clean
UTF-8 (see ``encoding``) inside a stream — given bytes or a string it would
try to open them as a file name or URL.

Comment grouping, "when the feed says so": an Atom/RSS ``thr:in-reply-to``
names the parent entry; a WordPress-style comment id or link ``…#comment-N``
belongs to the post at the same address without the fragment.
"""

from __future__ import annotations

import calendar
import io
import re
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import feedparser  # type: ignore[import-untyped]

from services.feeds.encoding import decode_feed, utf8_xml
from services.feeds.entry import (
    FeedEntry,
    FeedFormatError,
    ParsedFeed,
    entry_id,
    html_text,
    plain_title,
    web_link,
)
from services.feeds.jsonfeed import looks_like_json, parse_json_feed

__all__ = ["parse_feed"]

_THREAD_NAMESPACES = ("http://purl.org/syndication/thread/1.0",
                      "http://purl.org/rss/1.0/modules/threading/")
_COMMENT_FRAGMENT = re.compile(r"#comment-\d+$")


def parse_feed(body: bytes, *, url: str, content_type: str) -> ParsedFeed:
    """Raises ``FeedFormatError`` when the document is no feed at all."""
    decoded = decode_feed(body, content_type)
    if looks_like_json(decoded.text, content_type):
        parsed = parse_json_feed(decoded.text, url)
    else:
        parsed = _parse_xml(decoded.text, url, content_type)
    notes = "; ".join(n for n in (decoded.note, parsed.note) if n)
    return ParsedFeed(parsed.title, parsed.link, parsed.entries, notes)


def _parse_xml(text: str, url: str, content_type: str) -> ParsedFeed:
    headers = {"content-location": url, "content-type": "application/xml; charset=utf-8"}
    result: Any = feedparser.parse(io.BytesIO(utf8_xml(text)), response_headers=headers,
                                   sanitize_html=True, resolve_relative_uris=True)
    if not result.get("version") and not result.entries:
        kind = content_type.split(";", maxsplit=1)[0].strip() or "no content type"
        why = result.get("bozo_exception")
        raise FeedFormatError(f"this address does not serve an RSS, Atom or JSON feed"
                              f" ({kind}{f': {why}' if why else ''})")
    feed: Mapping[str, Any] = result.feed
    title = plain_title(str(feed.get("title") or ""), True) or (urlsplit(url).hostname or url)
    link = web_link(feed.get("link"), url) or url
    thread_prefixes = [prefix for prefix, ns in dict(result.get("namespaces") or {}).items()
                       if ns in _THREAD_NAMESPACES]
    feed_author = _author(feed.get("author_detail"), "")
    entries = tuple(_entry(e, url, feed_author, thread_prefixes) for e in result.entries)
    note = f"feed is not well-formed: {result.bozo_exception}" if result.get("bozo") else ""
    return ParsedFeed(title, link, entries, note)


def _entry(e: Mapping[str, Any], base: str, feed_author: tuple[str, str],
           thread_prefixes: list[str]) -> FeedEntry:
    title_detail = e.get("title_detail") or {}
    raw_title = str(e.get("title") or "")
    title = plain_title(raw_title, "html" in str(title_detail.get("type", "")))
    link = web_link(e.get("link"), base)
    remote_id = entry_id(e.get("id"), link, title)
    html, text = _body(e)
    name, handle = _author(e.get("author_detail"), str(e.get("author") or ""))
    if not name:
        name, handle = feed_author
    return FeedEntry(remote_id=remote_id, title=title, text=text, html=html, link=link,
                     author_name=name, author_handle=handle,
                     published=_timestamp(e.get("published_parsed") or e.get("updated_parsed")),
                     parent_id=_parent(e, remote_id, link, thread_prefixes))


def _body(e: Mapping[str, Any]) -> tuple[str | None, str]:
    """The richest body: full content before summary, HTML before plain text."""
    candidates = [c for c in (e.get("content") or []) if isinstance(c, Mapping)]
    summary = e.get("summary_detail")
    if isinstance(summary, Mapping):
        candidates.append(summary)
    for wanted_html in (True, False):
        for c in candidates:
            value = str(c.get("value") or "")
            is_html = "html" in str(c.get("type", ""))
            if value.strip() and is_html == wanted_html:
                return (value, html_text(value)) if is_html else (None, value.strip())
    return None, ""


def _author(detail: object, fallback: str) -> tuple[str, str]:
    if not isinstance(detail, Mapping):
        return fallback.strip(), ""
    name = str(detail.get("name") or "").strip()
    handle = str(detail.get("email") or detail.get("href") or "").strip()
    return (name or handle or fallback.strip()), handle


def _parent(e: Mapping[str, Any], remote_id: str, link: str,
            thread_prefixes: list[str]) -> str | None:
    for prefix in thread_prefixes:
        reply_to = e.get(f"{prefix}_in-reply-to")
        if isinstance(reply_to, Mapping) and str(reply_to.get("ref") or "").strip():
            return str(reply_to["ref"]).strip()
    for candidate in (remote_id, link):
        if _COMMENT_FRAGMENT.search(candidate):
            return _COMMENT_FRAGMENT.sub("", candidate)
    return None


def _timestamp(parsed: object) -> int | None:
    if not isinstance(parsed, time.struct_time):
        return None
    try:
        return calendar.timegm(parsed)
    except (OverflowError, ValueError):
        return None
