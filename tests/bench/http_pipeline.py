"""The sync pipeline of an HTTP channel: Mastodon mentions served by a local transport.

Ours: ``MastodonChannel.pull`` (HTTP, JSON, entities, threading, conversion)
plus ``apply_batch`` for every page, as the engine runs them. The limit beside
it: ``json.loads`` of the very same page bodies, HTML to text, and a raw
executemany of the rows our sync wrote (messages + FTS, and the conversations
and contacts they opened) into the same schema, in one transaction per page.
"""

from __future__ import annotations

import gc
import json
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from app.sanitize import html_to_text
from app.store import ops, queries
from app.store.database import open_store
from app.store.ingest import apply_batch
from services.mastodon.adapter import MastodonChannel
from tests.bench.raw import OpenedRows, raw_connection
from tests.services.mastodon.server import TOKEN, FakeMastodon

PAGE = 80


def _corpus(n: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    server = FakeMastodon()  # used for its documented entity shapes only; never started
    try:
        people = [server.add_account(f"kunde{i}", f"Kunde {i}", domain="social.example")
                  for i in range(max(1, n // 20))]
        start = 1_790_000_000.0
        for i in range(n):
            server.add_status(people[i % len(people)],
                              f"Frage Nummer {i}: habt ihr morgen frische Brezeln?",
                              visibility="direct" if i % 3 == 0 else "public", at=start + i)
        notes = sorted(server.notifications, key=lambda x: int(x["id"]), reverse=True)
        return server.me, notes
    finally:
        server.stop()


def _transport(me: dict[str, Any], notes: list[dict[str, Any]], base: str
               ) -> tuple[httpx.MockTransport, list[bytes]]:
    """Pages are serialized up front: serving them must cost the client nothing."""
    pages: dict[str, bytes] = {}
    links: dict[str, str] = {}
    starts = [""] + [notes[i - 1]["id"] for i in range(PAGE, len(notes), PAGE)]
    for index, max_id in enumerate(starts):
        page = notes[index * PAGE:(index + 1) * PAGE]
        pages[max_id] = json.dumps(page).encode()
        if len(page) == PAGE:
            links[max_id] = (f'<{base}/api/v1/notifications?types%5B%5D=mention&limit={PAGE}'
                             f'&max_id={page[-1]["id"]}>; rel="next"')
    empty = json.dumps([]).encode()
    me_body, markers = json.dumps(me).encode(), b"{}"
    served: list[bytes] = []

    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        json_type = {"Content-Type": "application/json"}
        if path == "/api/v1/accounts/verify_credentials":
            return httpx.Response(200, content=me_body, headers=json_type)
        if path == "/api/v1/markers":
            return httpx.Response(200, content=markers, headers=json_type)
        q = {k: v[0] for k, v in parse_qs(urlsplit(str(request.url)).query).items()}
        if "min_id" in q:  # the forward pull after the first sync: nothing newer
            return httpx.Response(200, content=empty, headers=json_type)
        key = q.get("max_id", "")
        body = pages.get(key, empty)
        served.append(body)
        headers = dict(json_type)
        if key in links:
            headers["Link"] = links[key]
        return httpx.Response(200, content=body, headers=headers)

    return httpx.MockTransport(handle), served


def measure(n: int = 10_000, rounds: int = 5) -> dict[str, float]:
    """Best of ``rounds`` for each side, alternating, each into a fresh store: one
    1-2 s run on a shared machine swings by ±0.07 in its ratio."""
    me, notes = _corpus(n)
    ours = limit = float("inf")
    for _ in range(rounds):
        with tempfile.TemporaryDirectory(prefix="tresen-http-bench-") as work:
            got = _measure(me, notes, Path(work))
        ours, limit = min(ours, got["ours_s"]), min(limit, got["limit_s"])
    return {"statuses": got["statuses"], "ours_per_s": got["statuses"] / ours,
            "limit_per_s": got["statuses"] / limit}


def _settled() -> None:
    """Freeze what exists so far (the corpus, the served pages) out of the garbage
    collector: a full collection over it otherwise lands in one side's timing."""
    gc.collect()
    gc.freeze()


def _measure(me: dict[str, Any], notes: list[dict[str, Any]], work: Path
             ) -> dict[str, float]:
    n = len(notes)
    base = "https://social.example"
    transport, bodies = _transport(me, notes, base)
    store = open_store(work / "ours.sqlite3")
    ws = ops.create_workspace(store, "Bäckerei")
    acc = ops.create_account(store, ws, "mastodon", "Bäckerei", "@baeckerei@social.example",
                             {"instance": base, "account_id": me["id"], "acct": "baeckerei",
                              "batch_size": PAGE, "first_sync_limit": n})
    account = next(a for a in queries.accounts(store.reader()) if a.id == acc)
    channel = MastodonChannel(account, TOKEN, store.reader, transport=transport)
    _settled()
    start = time.perf_counter()
    inserted = 0
    cursors: dict[str, str] = {}
    while True:
        batch = channel.pull(cursors)
        inserted += apply_batch(store, acc, batch).inserted
        cursors = {**cursors, **batch.cursors}
        if not batch.more:
            break
    ours = time.perf_counter() - start
    channel.close()
    store.close()
    limit_seconds, limited = _limit(work / "ours.sqlite3", work / "raw.sqlite3", bodies)
    assert limited == inserted, (limited, inserted)
    return {"statuses": float(inserted), "ours_s": ours, "limit_s": limit_seconds}


def _limit(ours: Path, path: Path, bodies: list[bytes]) -> tuple[float, int]:
    """Seconds to store the same pages raw: ``json.loads``, HTML to text, and an
    executemany of the same rows our sync wrote (messages, FTS rows, and the
    conversations and contacts they opened, with their final values).

    Each message row is the one ours stored, with the text the limit derived itself:
    the columns ours computes beyond that (full handles, epoch times, meta JSON, the
    content hash) are our code's work, but their bytes are SQLite's to write."""
    raw = raw_connection(path)
    opened = OpenedRows(raw, ours)
    messages, insert = opened.stored_messages(raw)
    raw.execute("DETACH src")
    stored = {row[3]: row for row in messages}
    next_id = 1
    _settled()
    start = time.perf_counter()
    for body in bodies:
        page = json.loads(body)
        rows = []
        fts = []
        for note in page:
            status = note["status"]
            text = html_to_text(status["content"])
            row = stored[status["id"]]
            rows.append((next_id, *row[1:9], text, *row[10:]))
            fts.append((next_id, row[8], text, f"{row[5]} {row[6]}"))
            next_id += 1
        opened.write_batch(raw, (row[2] for row in rows), insert, rows, fts)
    seconds = time.perf_counter() - start
    raw.close()
    gc.unfreeze()
    return seconds, next_id - 1


if __name__ == "__main__":
    print(measure())
