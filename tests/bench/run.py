"""``make bench``: the real code paths at scale, each beside a limit measured in the same run.

    python -m tests.bench.run [--messages 1000000] [--out bench-results] [--keep]

Builds a seeded corpus through the sync write path, then measures ingest,
re-sync, list/count/search queries, and (in fresh processes) the window's cold
start, jumps, a long thread and peak memory. Prints a table of every figure with
its ratio to the limit or its target, and writes ``bench.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.records import Batch, Direction
from app.store.database import open_store
from app.store.ingest import apply_batch, content_hash
from tests.bench import figures
from tests.bench.corpus import CorpusSpec, build_corpus, iter_batches
from tests.bench.raw import OpenedRows, raw_connection

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the report: a figure, its unit, and what it is judged against."""

    name: str
    value: float
    unit: str
    limit: float | None = None
    """The physical limit measured in the same run (same unit), when there is one."""
    target: str = ""
    ok: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.limit in (None, 0):
            return None
        assert self.limit is not None
        return self.value / self.limit


def spec_for(messages: int) -> CorpusSpec:
    if messages >= 1_000_000:
        return CorpusSpec(messages=messages, conversations=messages // 10)
    return CorpusSpec(messages=messages, conversations=max(10, messages // 10), long_threads=1,
                      long_thread_length=min(2_000, messages // 10))


def _raw_limit(store_path: Path, raw_path: Path, spec: CorpusSpec) -> float:
    """Raw sqlite3 executemany of the same rows our ingest wrote — messages, their
    FTS rows, and the conversations and contacts they opened, with their final
    values — one transaction per batch, into the same schema. Every value is the one
    ours stored (delivery state, read flag, content hash), computed before the clock."""
    conn = raw_connection(raw_path)
    opened = OpenedRows(conn, store_path)
    conn.execute("DETACH src")
    thread_to_conv = {(r[2], r[4]): r[0] for r in opened.conversations.values()}
    accounts = [r[0] for r in conn.execute("SELECT id FROM account ORDER BY id")]
    spent = 0.0
    total = 0
    next_id = 1
    for index, messages in iter_batches(spec, len(accounts)):
        account = accounts[index]
        conv_ids = [thread_to_conv[(account, m.thread_key)] for m in messages]
        rows = [(next_id + i, account, conv_ids[i], m.remote_id, m.direction,
                 m.author_name, m.author_handle, m.sent_at, m.subject, m.text, m.html,
                 "received" if m.direction is Direction.IN else "sent",
                 int(m.read or m.direction is not Direction.IN), m.folder, "{}",
                 content_hash(m))
                for i, m in enumerate(messages)]
        fts = [(next_id + i, m.subject, m.text, f"{m.author_name} {m.author_handle}")
               for i, m in enumerate(messages)]
        spent += opened.write_batch(conn, conv_ids, "INSERT INTO message VALUES (?, ?, ?, ?,"
                                    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows, fts)
        next_id += len(messages)
        total += len(messages)
    conn.close()
    return total / spent


def measure_store(work: Path, spec: CorpusSpec) -> tuple[list[Row], Path]:
    path = work / "data" / "tresen.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path)
    started = time.perf_counter()
    built = build_corpus(store, spec)
    wall = time.perf_counter() - started
    ours = built["messages"] / built["ingest_seconds"]
    rows = [Row("corpus: messages / conversations", built["messages"], "msgs",
                target=f"{int(built['conversations'])} conversations"),
            Row("corpus build, wall clock (incl. text generation)", wall, "s",
                target="a few minutes")]
    limit = _raw_limit(path, work / "raw.sqlite3", spec)
    rows.append(Row("ingest via sync write path (with FTS)", ours, "msg/s", limit,
                    "≥ 0.8× limit", ours >= 0.8 * limit))
    rows.append(Row("ingest: time for the corpus", built["ingest_seconds"], "s",
                    target="1M in ≤ 90 s",
                    ok=built["ingest_seconds"] * 1_000_000 / built["messages"] <= 90))
    rows.extend(_resync(store, spec))
    conn = store.reader()
    for f in figures.read_figures(conn):
        rows.append(Row(f.name + " (p95)", f.p95_ms, "ms",
                        target="" if f.target_ms is None else f"≤ {f.target_ms:g} ms",
                        ok=f.ok))
    store.close()
    return rows, path.parent


_UPSERT = ("INSERT INTO message (account_id, conversation_id, remote_id, direction,"
           " author_name, author_handle, sent_at, subject, text, html, state, read, folder,"
           " meta, content_hash) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, '{}',"
           " '') ON CONFLICT (account_id, remote_id) ")
_UNLESS_SAME = (
    "DO UPDATE SET subject = excluded.subject, text = excluded.text, html = excluded.html,"
    " author_name = excluded.author_name, author_handle = excluded.author_handle,"
    " read = excluded.read, folder = excluded.folder"
    " WHERE subject IS NOT excluded.subject OR text IS NOT excluded.text"
    " OR html IS NOT excluded.html OR author_name IS NOT excluded.author_name"
    " OR author_handle IS NOT excluded.author_handle"
    " OR (direction = 'in' AND read IS NOT excluded.read) OR folder IS NOT excluded.folder")
"""The limit's upsert rewrites a row only where the fields a re-sync compares differ
(content, read state of incoming mail, folder), as ours does; for the corpus it
writes nothing, so it costs what learning "known and unchanged" costs SQLite."""


def _upsert_all(conn: sqlite3.Connection, batches: list[tuple[int, tuple[Any, ...]]],
                conflict: str) -> float:
    rows = [[(account, m.remote_id, m.direction, m.author_name, m.author_handle, m.sent_at,
              m.subject, m.text, m.html, int(m.read), m.folder) for m in messages]
            for account, messages in batches]
    start = time.perf_counter()
    for batch in rows:
        conn.execute("BEGIN IMMEDIATE")
        changed = conn.executemany(_UPSERT + conflict, batch).rowcount
        conn.execute("COMMIT")
        assert changed <= 0, f"the limit rewrote {changed} rows: not the same rows"
    return time.perf_counter() - start


def _resync(store: Any, spec: CorpusSpec, rounds: int = 3) -> list[Row]:
    """Re-apply the first 100,000 messages unchanged. The limit is a no-op upsert of
    the same full rows: insert, or on conflict update only what differs (see
    ``_UNLESS_SAME``) — the least SQL that learns which rows are new, edited or
    unchanged. ``DO NOTHING``, which only learns "known", is reported beside it.

    Both run ``rounds`` times, alternating, and the best of each counts: a single
    sub-second run on a shared machine mostly measures its neighbours. The corpus
    batches are frozen out of the garbage collector first, so a full collection
    over them does not land in one side's round at random."""
    want = min(100_000, spec.messages)
    accounts = [r[0] for r in store.reader().execute("SELECT id FROM account ORDER BY id")]
    batches = []
    taken = 0
    for index, messages in iter_batches(spec, len(accounts)):
        batches.append((accounts[index], messages))
        taken += len(messages)
        if taken >= want:
            break
    gc.collect()
    gc.freeze()
    conn = raw_connection(store.path, create=False)
    ours = limit = probe = float("inf")
    try:
        for _ in range(rounds):
            start = time.perf_counter()
            for account, messages in batches:
                apply_batch(store, account, Batch(messages=messages))
            ours = min(ours, time.perf_counter() - start)
            limit = min(limit, _upsert_all(conn, batches, _UNLESS_SAME))
            probe = min(probe, _upsert_all(conn, batches, "DO NOTHING"))
    finally:
        conn.close()
        gc.unfreeze()
    return [Row(f"re-sync of {taken} unchanged messages", taken / ours, "msg/s", taken / limit,
                "≥ 0.8× limit (≤ 1.5 s)", taken / ours >= 0.8 * taken / limit and ours <= 1.5),
            Row("re-sync beside an index probe only (DO NOTHING)", taken / ours, "msg/s",
                taken / probe, "reference, not a target")]


def _probe(mode: str, data_dir: Path | None = None) -> dict[str, Any]:
    args = [sys.executable, "-m", "tests.bench.gui_probe", "--mode", mode,
            "--t0", repr(time.time())]
    if data_dir is not None:
        args += ["--data-dir", str(data_dir)]
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600, check=True)
    result = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"probe {mode}: {result}", file=sys.stderr)  # every run, for the outliers
    return result


def measure_window(data_dir: Path, repeat: int = 3) -> list[Row]:
    bare = min(_probe("bare")["first_paint_s"] for _ in range(repeat))
    runs = [_probe("app", data_dir) for _ in range(repeat)]
    app = min(runs, key=lambda r: r["first_paint_s"])
    worst = max(runs, key=lambda r: r["peak_rss_mb"])
    return [
        Row("cold start to first painted inbox rows", app["first_paint_s"], "s", bare,
            "≤ 2.5× bare window", app["first_paint_s"] <= 2.5 * bare),
        Row("store open → window shown → first painted rows", app["open_to_paint_ms"], "ms",
            target="≤ 100 ms", ok=app["open_to_paint_ms"] <= 100),
        Row(f"jump anywhere in the list ({app['list_rows']} rows), worst", app["jump_max_ms"],
            "ms", target="≤ 50 ms", ok=app["jump_max_ms"] <= 50),
        Row(f"open a {app['long_thread_messages']}-message conversation to paint",
            app["long_thread_paint_ms"], "ms", target="≤ 100 ms",
            ok=app["long_thread_paint_ms"] <= 100),
        Row("scroll the whole list end to end", app["scroll_end_to_end_s"], "s"),
        Row("peak memory, store open and scrolled end to end", worst["peak_rss_mb"], "MB",
            target="≤ 250 MB RSS", ok=worst["peak_rss_mb"] <= 250),
    ]


def measure_http(statuses: int) -> list[Row]:
    from tests.bench.http_pipeline import measure

    got = measure(statuses)
    return [Row(f"HTTP channel pipeline ({int(got['statuses'])} Mastodon statuses)",
                got["ours_per_s"], "msg/s", got["limit_per_s"], "≥ 0.7× limit",
                got["ours_per_s"] >= 0.7 * got["limit_per_s"])]


def measure_email(count: int) -> list[Row]:
    """First sync from a local Dovecot beside a bare imaplib loop (needs dovecot-imapd)."""
    from tests.services.email.measure_sync import measure

    got = measure(count)
    return [Row(f"first email sync of {count} messages from Dovecot", got["ours_per_s"],
                "msg/s", got["bare_per_s"], "≥ 0.5× bare imaplib",
                got["ours_per_s"] >= 0.5 * got["bare_per_s"]),
            Row("email: bare fetch, then raw write of the same rows (floor)",
                got["floor_per_s"], "msg/s", got["bare_per_s"], "reference, not a target"),
            Row("no-change re-sync of that mailbox", got["resync_ms"], "ms")]


def table(rows: list[Row]) -> str:
    head = f"{'figure':<62} {'value':>12} {'unit':<6} {'limit':>12} {'ratio':>7}  target / ok"
    lines = [head, "-" * len(head)]
    for r in rows:
        limit = "" if r.limit is None else f"{r.limit:,.1f}"
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}×"
        ok = {True: "ok", False: "MISSED", None: ""}[r.ok]
        lines.append(f"{r.name:<62} {r.value:>12,.3f} {r.unit:<6} {limit:>12} {ratio:>7}"
                     f"  {r.target} {ok}".rstrip())
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "cpus": os.cpu_count(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    parser.add_argument("--no-window", action="store_true",
                        help="skip the figures measured in a window process")
    parser.add_argument("--keep", action="store_true", help="keep the generated store")
    parser.add_argument("--repeat", type=int, default=3,
                        help="cold starts per window figure (the best one counts)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.out / "work"
    rows, data_dir = measure_store(work, spec_for(args.messages))
    rows.extend(measure_http(min(10_000, args.messages)))
    rows.extend(measure_email(min(5_000, args.messages)))
    if not args.no_window:
        rows.extend(measure_window(data_dir, args.repeat))
    print(table(rows))
    write_report(args.out / "bench.json", rows, argv)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def write_report(path: Path, rows: list[Row], argv: list[str] | None) -> None:
    report = {"command": " ".join(["python -m tests.bench.run", *(argv or sys.argv[1:])]),
              "machine": machine(), "figures": [{**asdict(r), "ratio": r.ratio} for r in rows]}
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
