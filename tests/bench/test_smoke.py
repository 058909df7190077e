"""The benchmark at 10,000 messages, so it cannot rot: every figure measured, no timing asserted."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.bench.run import main

EXPECTED = (
    "ingest via sync write path (with FTS)", "re-sync of", "list 50 newest: all / open",
    "sidebar counts", "search newest first: phrase", "search by relevance: rare word",
    "re-sync beside an index probe only", "HTTP channel pipeline", "first email sync of",
    "email: bare fetch, then raw write", "cold start to first painted inbox rows",
    "store open → window shown → first painted rows", "jump anywhere in the list",
    "-message conversation to paint", "peak memory",
)


def test_bench_runs_end_to_end_and_reports_every_figure(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--messages", "10000", "--out", str(tmp_path), "--repeat", "1"]) == 0
    report = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    figures = report["figures"]
    for name in EXPECTED:
        matching = [f for f in figures if name in f["name"]]
        assert matching, f"missing figure: {name}"
        assert all(math.isfinite(f["value"]) and f["value"] > 0 for f in matching), matching
    with_limits = [f for f in figures if f["limit"] is not None]
    assert len(with_limits) >= 5 and all(f["ratio"] > 0 for f in with_limits)
    assert report["machine"]["cpus"] >= 1
    assert "ratio" in capsys.readouterr().out
    assert not (tmp_path / "work").exists()  # the generated store is removed
