"""Search: words, phrases, prefixes and filters, newest first."""

from __future__ import annotations

import sqlite3

import pytest

from app.records import Stream
from app.store import ops, queries
from app.store import search as search_module
from app.store.database import InvalidInputError, Store
from app.store.schema import MIGRATIONS
from app.store.search import _fold, _prefix_words, parse_query, search
from tests.conftest import FakeClock
from tests.factories import incoming, ingest, workspace_with_account

DAY = 86_400


@pytest.fixture
def convs(store: Store, clock: FakeClock) -> dict[str, int]:
    _, bakery = workspace_with_account(store, "Bäckerei")
    _, bikes = workspace_with_account(store, "Bikes", identity="hi@bikes.example")
    now = clock.now
    ingest(store, bakery,
           incoming("a", "Die Brötchen waren heute nicht frisch", sent_at=now - 3 * DAY,
                    handle="anna@example.org", author="Anna"),
           incoming("b", "Frische Brezeln am Sonntag?", sent_at=now - DAY,
                    handle="bernd@example.org", author="Bernd"),
           incoming("c", "Wer backt das beste Brot der Stadt?", sent_at=now,
                    stream=Stream.LISTENING, handle="forum@example.org", author="Forum"))
    ingest(store, bikes,
           incoming("d", "My bike chain is not fresh anymore", sent_at=now - 2 * DAY,
                    handle="carl@example.org", author="Carl", subject="Repair"))
    everything = queries.ConversationFilter(view=queries.View.ALL)
    ids = queries.conversation_ids(store.reader(), everything)
    rows = queries.conversation_rows(store.reader(), ids)
    return {r.contact: r.id for r in rows.values()}


def test_words_are_diacritic_and_case_insensitive(store: Store, convs: dict[str, int]) -> None:
    assert search(store.reader(), "BROTCHEN") == [convs["Anna"]]


def test_phrase_requires_adjacent_words(store: Store, convs: dict[str, int]) -> None:
    assert search(store.reader(), '"nicht frisch"') == [convs["Anna"]]
    assert search(store.reader(), '"frisch nicht"') == []


def test_prefix_matches_newest_first(store: Store, convs: dict[str, int]) -> None:
    assert search(store.reader(), "fris*") == [convs["Bernd"], convs["Anna"]]


def test_filters(store: Store, convs: dict[str, int], clock: FakeClock) -> None:
    conn = store.reader()
    assert search(conn, "fresh workspace:Bikes") == [convs["Carl"]]
    assert search(conn, "fris* from:anna") == [convs["Anna"]]
    assert search(conn, "stream:listening") == [convs["Forum"]]
    ops.set_label(store, convs["Bernd"], "Sonntag")
    assert search(conn, "label:sonntag") == [convs["Bernd"]]
    ops.mark_done(store, convs["Anna"])
    assert search(conn, "fris* status:done") == [convs["Anna"]]
    assert search(conn, "fris* status:open") == [convs["Bernd"]]
    ops.set_read(store, convs["Bernd"], True)
    assert search(conn, "fris* is:unread") == [convs["Anna"]]
    assert search(conn, "account:hi@bikes.example") == [convs["Carl"]]


def test_date_filters(store: Store, convs: dict[str, int], clock: FakeClock) -> None:
    from datetime import datetime

    day = datetime.fromtimestamp(clock.now - 2 * DAY).astimezone().date().isoformat()
    hits = search(store.reader(), f"after:{day}")
    assert convs["Anna"] not in hits and convs["Forum"] in hits
    assert convs["Anna"] in search(store.reader(), f"before:{day}")
    with pytest.raises(InvalidInputError, match="before: expects a date"):
        search(store.reader(), "before:yesterday")


def test_fts_syntax_in_input_is_plain_text(store: Store, convs: dict[str, int]) -> None:
    for hostile in ['"unbalanced', "NEAR(a b)", "a OR", "*", "col:umn", "- -", "^x", '"" AND']:
        assert isinstance(search(store.reader(), hostile), list)


def test_relevance_order_prefers_better_matches(store: Store, clock: FakeClock) -> None:
    _, acc = workspace_with_account(store, "R")
    ingest(store, acc,
           incoming("x", "Kuchen Kuchen Kuchen", sent_at=clock.now - 10, subject="Kuchen"),
           incoming("y", "ein Kuchen und viel anderer Text hier drin", sent_at=clock.now))
    newest = search(store.reader(), "kuchen")
    ranked = search(store.reader(), "kuchen", order="relevance")
    assert newest == list(reversed(ranked))


def test_our_own_replies_are_found_by_author(store: Store, convs: dict[str, int]) -> None:
    ops.reply(store, convs["Carl"], "We will fix it tomorrow")
    assert search(store.reader(), "tomorrow from:hi@bikes") == [convs["Carl"]]


def test_parse_keeps_unknown_keys_as_text() -> None:
    parsed = parse_query("http://example.org Öffnungszeiten")
    assert parsed.where == [] and '"Öffnungszeiten"' in parsed.fts


def test_negated_terms_exclude_wherever_they_stand(store: Store, convs: dict[str, int]) -> None:
    assert search(store.reader(), "fris* -brötchen sonntag") == [convs["Bernd"]]
    assert search(store.reader(), "-heute fris*") == [convs["Bernd"]]
    assert search(store.reader(), "-heute") == [convs["Anna"]]


def test_prefix_is_walked_as_the_words_it_stands_for(store: Store, convs: dict[str, int]) -> None:
    conn = store.reader()
    parsed = parse_query("BRÖ* -fris*", lambda stem: _prefix_words(conn, stem))
    assert parsed.fts == '("brot" OR "brotchen") NOT ("frisch" OR "frische")'
    assert parse_query("xyz* brö*", lambda stem: None).fts == '"xyz"* AND "brö"*'


def test_expanded_prefixes_find_what_fts5_finds(store: Store, convs: dict[str, int],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    conn = store.reader()
    queries_ = ["br*", "BRÖT*", "fris* -brö*", "b*", "e*", "fresh -chain*", "zzz*", "st*"]
    orders = ("newest", "relevance")
    expanded = {(q, o): search(conn, q, order=o) for q in queries_ for o in orders}
    monkeypatch.setattr(search_module, "PREFIX_WORDS", 0)  # every prefix: FTS5 merges
    assert {(q, o): search(conn, q, order=o) for q in queries_ for o in orders} == expanded
    assert expanded[("BRÖT*", "newest")] == [convs["Forum"], convs["Anna"]]


def test_folding_agrees_with_the_tokenizer() -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript("".join(MIGRATIONS))
    chars = [chr(code) for code in range(0x20, 0x3000)]
    conn.executemany("INSERT INTO message_fts (rowid, subject, body, author) VALUES (?, ?, '', '')",
                     enumerate(chars))
    tokens: dict[int, list[str]] = {}
    for term, doc in conn.execute("SELECT term, doc FROM message_terms"):
        tokens.setdefault(doc, []).append(term)
    folded = {i: _fold(char) for i, char in enumerate(chars)}
    assert {i: [f] for i, f in folded.items() if f is not None} == {
        i: tokens.get(i) for i, f in folded.items() if f is not None}
    assert _fold("BestätÉñ9") == "bestaten9" and _fold("Größe") is None
