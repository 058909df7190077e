"""Full-text search over every message: words, "phrases", prefix*, filters.

The query language is what a mail client user already knows::

    lieferung "nicht angekommen" brot* -storniert from:anna label:Reklamation
    workspace:Bäckerei stream:direct status:waiting is:unread after:2026-01-01

Text terms become an FTS5 expression in which every term is quoted, so no
input can inject FTS syntax. Newest-first results walk the index by
descending rowid and stop as soon as enough conversations were found, so a
very common word costs no more than a rare one; relevance ranking is done
within the newest ``RANK_WINDOW`` matches for the same reason.

FTS5 answers a prefix term by merging the postings of every word that starts
with it before the first row comes back, so walking newest first expands a
prefix into those words (found in the index's vocabulary, ``message_terms``)
and walks their OR, which FTS5 does lazily.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from app.store.database import InvalidInputError

RANK_WINDOW = 5_000
PREFIX_WORDS = 32
"""A prefix shared by more indexed words than this is left to FTS5 to merge."""
_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))', re.UNICODE)
_FILTER_KEYS = {"workspace", "account", "label", "stream", "status", "is", "from", "before",
                "after"}
_STATUSES = {"open", "done", "snoozed", "waiting"}
_STREAMS = {"direct", "mentions", "listening"}


@dataclass(slots=True)
class ParsedQuery:
    """A query split into its FTS expression and SQL filters."""

    fts: str = ""
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.fts)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


Expand = Callable[[str], list[str] | None]
"""Words of the index that start with a folded prefix (None: too many to list)."""


def _fold(word: str) -> str | None:
    """``word`` as the tokenizer indexes it (lower case, no diacritics), or None.

    Only ASCII and Latin-1/Extended-A letters are folded here, each checked against
    the tokenizer by a test, so an expanded prefix never misses a word; anything
    else is left to FTS5's own prefix matching."""
    folded = []
    for char in word:
        base = unicodedata.normalize("NFD", char)[0] if "\u00c0" <= char <= "\u017f" else char
        if not (base.isascii() and base.isalnum()):
            return None
        folded.append(base.lower())
    return "".join(folded)


def _text_term(raw: str, phrase: bool, expand: Expand | None = None) -> str | None:
    if phrase:
        words = raw.strip()
        return _quote(words) if words else None
    prefix = raw.endswith("*")
    word = raw.rstrip("*")
    # Punctuation alone would make an empty FTS string: drop it.
    if not re.search(r"\w", word):
        return None
    if prefix and expand and (stem := _fold(word)) and (found := expand(stem)):
        return "(" + " OR ".join(map(_quote, found)) + ")"
    return _quote(word) + ("*" if prefix else "")


def _day(value: str, key: str) -> int:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"{key}: expects a date like 2026-03-31, not {value!r}") from None
    return int(datetime.combine(day, time()).astimezone().timestamp())


def parse_query(query: str, expand: Expand | None = None) -> ParsedQuery:
    """Split ``query``; with ``expand``, prefix terms become an OR of their words."""
    parsed = ParsedQuery()
    wanted: list[str] = []
    unwanted: list[str] = []
    for match in _TOKEN.finditer(query):
        negate, key, phrase, word = match.groups()
        value = phrase if phrase is not None else word or ""
        if key and key.lower() in _FILTER_KEYS:
            _add_filter(parsed, key.lower(), value)
            continue
        if key:  # "foo:bar" that is no filter is plain text
            value = f"{key} {value}"
        term = _text_term(value, phrase is not None, expand)
        if term:
            (unwanted if negate else wanted).append(term)
    if not wanted:  # FTS5 cannot list what lacks a word: "-word" alone searches the word
        wanted, unwanted = unwanted[:1], unwanted[1:]
    parsed.fts = " AND ".join(wanted) + "".join(f" NOT {term}" for term in unwanted)
    return parsed


def _add_filter(parsed: ParsedQuery, key: str, value: str) -> None:
    w, p = parsed.where, parsed.params
    if key == "workspace":
        w.append("(w.name = ? COLLATE NOCASE OR CAST(w.id AS TEXT) = ?)")
        p.extend([value, value])
    elif key == "account":
        w.append("(a.display_name = ? COLLATE NOCASE OR a.identity = ? COLLATE NOCASE"
                 " OR CAST(a.id AS TEXT) = ?)")
        p.extend([value, value, value])
    elif key == "label":
        w.append("EXISTS (SELECT 1 FROM conversation_label cl JOIN label l ON l.id = cl.label_id"
                 " WHERE cl.conversation_id = c.id AND l.name = ? COLLATE NOCASE)")
        p.append(value)
    elif key == "stream":
        if value.lower() not in _STREAMS:
            raise InvalidInputError(f"stream: expects one of {', '.join(sorted(_STREAMS))}")
        w.append("c.stream = ?")
        p.append(value.lower())
    elif key == "status" or (key == "is" and value.lower() in _STATUSES):
        status = value.lower()
        if status not in _STATUSES:
            raise InvalidInputError(f"status: expects one of {', '.join(sorted(_STATUSES))}")
        if status == "waiting":
            w.append("c.status = 'open' AND c.waiting_since IS NOT NULL")
        else:
            w.append("c.status = ?")
            p.append(status)
    elif key == "is":
        flag = value.lower()
        if flag not in ("unread", "read"):
            raise InvalidInputError("is: expects unread, read, open, done, snoozed or waiting")
        w.append("c.unread = ?")
        p.append(int(flag == "unread"))
    elif key == "from":
        w.append("(m.author_handle LIKE ? ESCAPE '\\' OR m.author_name LIKE ? ESCAPE '\\')")
        like = "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        p.extend([like, like])
    elif key == "before":
        w.append("m.sent_at < ?")
        p.append(_day(value, key))
    elif key == "after":
        w.append("m.sent_at >= ?")
        p.append(_day(value, key))


_FROM = ("FROM message m JOIN conversation c ON c.id = m.conversation_id"
         " JOIN workspace w ON w.id = c.workspace_id JOIN account a ON a.id = c.account_id")


def search(conn: sqlite3.Connection, query: str, *, limit: int = 50,
           workspace_id: int | None = None, order: str = "newest") -> list[int]:
    """Conversation ids matching ``query``: newest match first, or by relevance."""
    parsed = parse_query(query)
    where = list(parsed.where)
    params = list(parsed.params)
    if workspace_id is not None:
        where.append("c.workspace_id = ?")
        params.append(workspace_id)
    if not parsed.has_text:
        if not where:
            return []
        sql = (f"SELECT m.conversation_id {_FROM} WHERE {' AND '.join(where)}"
               " ORDER BY m.sent_at DESC")
        return _distinct(conn.execute(sql, params), limit)
    # The same matches, spelled so that FTS5 can walk them newest first lazily.
    walk = parse_query(query, lambda stem: _prefix_words(conn, stem)).fts
    if order == "relevance":
        return _ranked(conn, parsed.fts, walk, where, params, limit)
    cond = "".join(f" AND {clause}" for clause in where)
    sql = (f"SELECT m.conversation_id FROM message_fts f JOIN message m ON m.id = f.rowid"
           f" JOIN conversation c ON c.id = m.conversation_id"
           f" JOIN workspace w ON w.id = c.workspace_id JOIN account a ON a.id = c.account_id"
           f" WHERE message_fts MATCH ?{cond} ORDER BY f.rowid DESC")
    try:
        return _distinct(conn.execute(sql, [walk, *params]), limit)
    except sqlite3.OperationalError as exc:
        raise InvalidInputError(f"cannot search for {query!r}: {exc}") from exc


def _prefix_words(conn: sqlite3.Connection, stem: str) -> list[str] | None:
    """Indexed words starting with ``stem``: one seek per word in ``message_terms``."""
    words: list[str] = []
    after = stem
    while len(words) <= PREFIX_WORDS:
        row = conn.execute("SELECT term FROM message_terms WHERE term >= ? LIMIT 1",
                           (after,)).fetchone()
        if row is None or not row[0].startswith(stem):
            return words
        words.append(row[0])
        after = row[0] + "\x01"  # just past this word: no word holds a control character
    return None


def _distinct(cursor: sqlite3.Cursor, limit: int) -> list[int]:
    seen: dict[int, None] = {}
    while len(seen) < limit:
        rows = cursor.fetchmany(256)
        if not rows:
            break
        for (conv_id,) in rows:
            seen.setdefault(conv_id, None)
            if len(seen) >= limit:
                break
    cursor.close()
    return list(seen)


def _ranked(conn: sqlite3.Connection, fts: str, walk: str, where: list[str],
            params: list[object], limit: int) -> list[int]:
    # ``walk`` finds the window fast; ``fts`` ranks, as bm25 scores a prefix as one term.
    floor_row = conn.execute(
        "SELECT rowid FROM message_fts WHERE message_fts MATCH ? ORDER BY rowid DESC"
        " LIMIT 1 OFFSET ?", (walk, RANK_WINDOW - 1)).fetchone()
    floor = floor_row[0] if floor_row else 0
    cond = "".join(f" AND {clause}" for clause in where)
    sql = (f"SELECT m.conversation_id FROM (SELECT rowid, rank FROM message_fts"
           f" WHERE message_fts MATCH ? AND rowid >= ?) f JOIN message m ON m.id = f.rowid"
           f" JOIN conversation c ON c.id = m.conversation_id"
           f" JOIN workspace w ON w.id = c.workspace_id JOIN account a ON a.id = c.account_id"
           f" WHERE 1{cond} ORDER BY f.rank")
    return _distinct(conn.execute(sql, [fts, floor, *params]), limit)
