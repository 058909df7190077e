"""The format-neutral result of parsing a feed, and the helpers both parsers share.

RSS/Atom (via feedparser) and JSON Feed (by hand) produce the same
``ParsedFeed`` so the adapter maps one shape to ``IncomingMessage``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from app.sanitize import html_to_text

__all__ = ["FeedEntry", "FeedFormatError", "ParsedFeed", "entry_id", "html_text",
           "plain_title", "web_link"]

_TAGLIKE = re.compile(r"<[A-Za-z/!][^>]*>")
_WHITESPACE = re.compile(r"\s+")


class FeedFormatError(ValueError):
    """The document is no RSS, Atom or JSON Feed we can read; says why."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry. ``parent_id`` is the entry it comments on, when the feed says so;
    ``published`` is None when the feed gives no usable date."""

    remote_id: str
    title: str
    text: str
    html: str | None
    link: str
    author_name: str
    author_handle: str
    published: int | None
    parent_id: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    link: str
    entries: tuple[FeedEntry, ...]
    note: str = ""


def entry_id(raw_id: object, link: str, title: str) -> str:
    """The entry's own id, or a stable hash of link and title when it has none."""
    if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) and str(raw_id).strip():
        return str(raw_id).strip()
    digest = hashlib.sha256(f"{link}\n{title}".encode()).hexdigest()[:32]
    return f"tresen-feed:{digest}"


def plain_title(value: str, is_html: bool) -> str:
    """A title as one line of plain text. Some feeds escape their markup twice,
    so we strip until no tag is left (at most twice)."""
    text = value
    for _ in range(2):
        if not (is_html or _TAGLIKE.search(text)) and "&" not in text:
            break
        text = html_to_text(text)
        is_html = False
        if not _TAGLIKE.search(text):
            break
    return " ".join(text.split())


def html_text(html: str) -> str:
    """Plain text of an HTML body. Line breaks in the source mean nothing in
    HTML (outside ``<pre>``), so they must not break the snippet or a search."""
    if "<pre" not in html.lower():
        html = _WHITESPACE.sub(" ", html)
    return html_to_text(html)


def web_link(href: object, base: str) -> str:
    """``href`` resolved against ``base``; only http(s) links survive."""
    if not isinstance(href, str) or not href.strip():
        return ""
    resolved = urljoin(base, href.strip())
    parts = urlsplit(resolved)
    return resolved if parts.scheme in ("http", "https") and parts.netloc else ""
