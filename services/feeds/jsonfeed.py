"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), which feedparser does not read.

Every field is type-checked: a feed is untrusted input, and one wrong type
must cost that field (or that item), never the whole poll. An item without
``id`` still gets a stable id from its URL and title.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from services.feeds.entry import (
    FeedEntry,
    FeedFormatError,
    ParsedFeed,
    entry_id,
    html_text,
    plain_title,
    web_link,
)

__all__ = ["looks_like_json", "parse_json_feed"]

_VERSION_PREFIX = "https://jsonfeed.org/version/1"


def looks_like_json(text: str, content_type: str) -> bool:
    return "json" in content_type.lower() or text.lstrip().startswith("{")


def parse_json_feed(text: str, url: str) -> ParsedFeed:
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise FeedFormatError(f"the feed is not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise FeedFormatError("the JSON document is not a JSON Feed (no object at the top)")
    version = doc.get("version")
    if not (isinstance(version, str) and version.startswith(_VERSION_PREFIX)):
        raise FeedFormatError("the JSON document is not a JSON Feed (no jsonfeed.org version)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedFormatError("the JSON Feed has no list of items")
    title = _str(doc, "title") or urlsplit(url).hostname or url
    link = web_link(doc.get("home_page_url"), url) or url
    feed_author = _author(doc)
    entries: list[FeedEntry] = []
    skipped = 0
    for item in items:
        if isinstance(item, dict):
            entries.append(_entry(item, url, feed_author))
        else:
            skipped += 1
    note = f"{skipped} item(s) were not objects and were skipped" if skipped else ""
    return ParsedFeed(plain_title(title, False), link, tuple(entries), note)


def _entry(item: Mapping[str, Any], base: str, feed_author: tuple[str, str]) -> FeedEntry:
    link = web_link(item.get("url"), base) or web_link(item.get("external_url"), base)
    title = plain_title(_str(item, "title"), False)
    html = _str(item, "content_html") or None
    text = _str(item, "content_text").strip()
    summary = _str(item, "summary").strip()
    if html is not None and not text:
        text = html_text(html)
    text = text or summary
    name, handle = _author(item)
    if not name:
        name, handle = feed_author
    return FeedEntry(
        remote_id=entry_id(item.get("id"), link, title), title=title or summary[:80],
        text=text, html=html, link=link, author_name=name, author_handle=handle,
        published=_date(item.get("date_published")) or _date(item.get("date_modified")))


def _author(obj: Mapping[str, Any]) -> tuple[str, str]:
    """1.1 ``authors`` (first one) or 1.0 ``author``."""
    authors = obj.get("authors")
    candidates = list(authors) if isinstance(authors, list) else []
    candidates.append(obj.get("author"))
    for author in candidates:
        if isinstance(author, dict):
            name = _str(author, "name").strip()
            url = _str(author, "url").strip()
            if name or url:
                return name or url, url
    return "", ""


def _str(obj: Mapping[str, Any], key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def _date(value: object) -> int | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        return int(when.timestamp())
    except (OverflowError, ValueError, OSError):
        return None
