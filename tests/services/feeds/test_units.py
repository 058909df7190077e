"""The small pure parts: keyword folding, encoding decisions, settings, Retry-After."""

from __future__ import annotations

import pytest

from services.feeds.encoding import decode_feed, utf8_xml
from services.feeds.fetch import parse_retry_after
from services.feeds.keywords import KeywordFilter
from services.feeds.settings import FeedSettings


@pytest.mark.parametrize("text, hit", [
    ("Bäckerei SONNENSCHEIN", True), ("sonnenschéin", True), ("Sonnen schein", False),
    ("Müller", True), ("Mueller", True), ("MULLER", True), ("Straße", False),
])
def test_keyword_folding(text: str, hit: bool) -> None:
    assert KeywordFilter(["Sonnenschein", "Müller"]).matches(text) is hit


def test_no_keywords_let_everything_through() -> None:
    assert not KeywordFilter(["  "]) and KeywordFilter([]).matches("anything")
    assert KeywordFilter(["Straße"]).matches("STRASSE")


def test_encoding_decisions() -> None:
    utf8_as_latin = '<?xml version="1.0" encoding="ISO-8859-1"?><a>für</a>'.encode()
    decoded = decode_feed(utf8_as_latin, "application/xml")
    assert "für" in decoded.text and "read as UTF-8" in decoded.note
    latin_as_utf8 = '<?xml version="1.0" encoding="utf-8"?><a>für</a>'.encode("latin-1")
    decoded = decode_feed(latin_as_utf8, "")
    assert "für" in decoded.text and "Windows-1252" in decoded.note
    honest = '<?xml version="1.0" encoding="ISO-8859-1"?><a>€ für</a>'.encode("cp1252")
    assert decode_feed(honest, "").text.endswith("<a>€ für</a>")
    assert decode_feed("<a>für</a>".encode("utf-16"), "").text == "<a>für</a>"
    assert utf8_xml("<?xml version='1.0' encoding='latin-1'?><a/>").startswith(
        b"<?xml version='1.0' encoding='utf-8'?>")


def test_settings_round_trip_with_defaults() -> None:
    s = FeedSettings.from_json({"url": "https://forum.example/f.rss",
                                "keywords": ["Sonnenschein", " ", "Sonnenschein"]})
    assert s.keywords == ("Sonnenschein",) and s.interval_minutes == 15
    assert FeedSettings.from_json(s.to_json()) == s


def test_retry_after_forms() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Thu, 01 Jan 1970 00:02:00 GMT", now=0) == 120
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
