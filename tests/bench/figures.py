"""Timing helpers and the read-path figures measured on an existing store."""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.store import queries
from app.store.search import search


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    p50_ms: float
    p95_ms: float
    target_ms: float | None = None

    @property
    def ok(self) -> bool | None:
        return None if self.target_ms is None else self.p95_ms <= self.target_ms


def timed(fn: Callable[[], object], repeat: int = 30) -> tuple[float, float]:
    fn()  # warm the page cache and statement cache
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def list_filters(conn: sqlite3.Connection) -> dict[str, queries.ConversationFilter]:
    ws = queries.workspaces(conn)[0].id
    label = queries.labels(conn, ws)[0].id
    view = queries.View
    return {
        "all / open": queries.ConversationFilter(),
        "all / waiting": queries.ConversationFilter(view=view.WAITING),
        "all / done": queries.ConversationFilter(view=view.DONE),
        "all / snoozed": queries.ConversationFilter(view=view.SNOOZED),
        "workspace / open": queries.ConversationFilter(workspace_id=ws),
        "workspace / waiting": queries.ConversationFilter(workspace_id=ws, view=view.WAITING),
        "workspace / mentions": queries.ConversationFilter(workspace_id=ws, stream="mentions"),
        "stream listening": queries.ConversationFilter(stream="listening"),
        "label": queries.ConversationFilter(label_id=label, view=view.ALL),
        "workspace / label": queries.ConversationFilter(workspace_id=ws, label_id=label),
    }


def read_figures(conn: sqlite3.Connection) -> list[Figure]:
    figures = []
    for name, flt in list_filters(conn).items():
        p50, p95 = timed(lambda flt=flt: queries.conversation_ids(conn, flt, limit=50))
        figures.append(Figure(f"list 50 newest: {name}", p50, p95, 1.0))
    worst = max(
        (timed(lambda flt=flt: queries.conversation_ids(conn, flt), repeat=5)[1], name)
        for name, flt in list_filters(conn).items()
    )
    figures.append(Figure(f"all ids for the list model (worst: {worst[1]})", worst[0], worst[0]))
    ids = queries.conversation_ids(conn, queries.ConversationFilter(), limit=50)
    p50, p95 = timed(lambda: queries.conversation_rows(conn, ids))
    figures.append(Figure("rows for one screen (50)", p50, p95))
    p50, p95 = timed(lambda: queries.sidebar_counts(conn), repeat=10)
    figures.append(Figure("sidebar counts", p50, p95, 20.0))
    for label, q in (("rare word", "geburtstag torte erdbeeren"), ("common word", "bitte"),
                     ("phrase", '"die lieferung"'), ("prefix + filter", "rech* is:unread")):
        p50, p95 = timed(lambda q=q: search(conn, q))
        figures.append(Figure(f"search newest first: {label}", p50, p95, 5.0))
        p50, p95 = timed(lambda q=q: search(conn, q, order="relevance"), repeat=10)
        figures.append(Figure(f"search by relevance: {label}", p50, p95, 150.0))
    longest = conn.execute(
        "SELECT id FROM conversation ORDER BY message_count DESC LIMIT 1").fetchone()[0]
    p50, p95 = timed(lambda: queries.conversation_detail(conn, longest), repeat=10)
    count = queries.conversation_row(conn, longest).message_count
    figures.append(Figure(f"open a {count}-message conversation (query)", p50, p95, 100.0))
    return figures


def table(figures: list[Figure]) -> str:
    lines = [f"{'figure':<58} {'p50 ms':>9} {'p95 ms':>9} {'target':>8}  ok"]
    for f in figures:
        target = "" if f.target_ms is None else f"{f.target_ms:g}"
        ok = {True: "yes", False: "NO", None: ""}[f.ok]
        lines.append(f"{f.name:<58} {f.p50_ms:>9.3f} {f.p95_ms:>9.3f} {target:>8}  {ok}")
    return "\n".join(lines)
