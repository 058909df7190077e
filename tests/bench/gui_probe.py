"""Measured in a fresh process: cold start to first painted rows, jumps, a long thread, memory.

``python -m tests.bench.gui_probe --mode bare|app --t0 EPOCH [--data-dir DIR]`` prints one
JSON object. ``--t0`` is the parent's clock just before it started this process, so
the figures include interpreter start and imports — what a person waits for.
``bare`` is the physical limit beside it: an empty PySide6 window shown and painted.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

T0_ARG = "--t0"


def _first_paint_seconds(widget: Any, app: Any, t0: float) -> float:
    """Process events until ``widget`` has painted; seconds since t0."""
    from PySide6.QtCore import QEvent, QObject

    painted: list[float] = []

    class Watcher(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.time())
            return False

    watcher = Watcher()
    widget.installEventFilter(watcher)
    seconds = _wait(app, t0, painted)
    widget.removeEventFilter(watcher)
    return seconds


def _peak_rss_mb() -> float:
    """This process's peak resident memory.

    Linux keeps ``ru_maxrss`` across ``exec``: a probe started by a big benchmark
    process reported that process's size (368 MB three times over). ``VmHWM`` belongs
    to the address space, which ``exec`` replaces, so it counts this program only.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _wait(app: Any, t0: float, painted: list[float]) -> float:
    deadline = time.time() + 60
    while not painted and time.time() < deadline:
        app.processEvents()
    if not painted:
        raise SystemExit("nothing was painted within 60 s")
    return painted[0] - t0


def bare(t0: float) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("Tresen"))
    window.resize(1280, 800)
    window.show()
    return {"first_paint_s": _first_paint_seconds(window, app, t0)}


def app_window(t0: float, data_dir: Path, jumps: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from ui.launch import Shell

    app = QApplication(sys.argv)
    shell = Shell(app, data_dir)  # as ``ui.launch.run``: the shell applies the style sheet
    opened = time.time()
    window = shell.open(False)
    view, model = window.inbox, window.inbox_model
    # The list says when it has painted rows (after painting them, not before as the
    # event filter above). Watching its viewport instead would cost ≈40 ms here: the
    # first ``viewport()`` makes PySide create a class for every kind of widget.
    painted: list[float] = []
    view.first_painted.connect(lambda: painted.append(time.time()))
    first = _wait(app, t0, painted)
    result: dict[str, Any] = {"first_paint_s": first,
                              "open_to_paint_ms": (first + t0 - opened) * 1000}

    from app.store import queries

    # Jump anywhere in the full list of every conversation.
    window.sidebar.select_key(("all",))
    model.set_filter(queries.ConversationFilter(view=queries.View.ALL))
    deadline = time.time() + 60
    while not model.is_complete and time.time() < deadline:
        app.processEvents()
    rows = model.rowCount()
    rng = random.Random(5)
    samples = []
    viewport = view.viewport()  # its first call costs PySide ≈40 ms once, not a jump
    for _ in range(jumps):
        row = rng.randrange(rows)
        start = time.perf_counter()
        view.scrollTo(model.index(row, 0))
        viewport.repaint()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    result.update(list_rows=rows, jump_p50_ms=samples[len(samples) // 2],
                  jump_max_ms=samples[-1])

    # Open the longest conversation: query, render, paint.
    conn = shell.store.reader() if shell.store else None
    assert conn is not None
    longest, count = conn.execute(
        "SELECT id, message_count FROM conversation ORDER BY message_count DESC LIMIT 1"
    ).fetchone()
    start = time.perf_counter()
    window._show(longest)  # the window's own path: query the newest page, render, paint
    window.conversation.repaint()
    result.update(long_thread_messages=count,
                  long_thread_paint_ms=(time.perf_counter() - start) * 1000)

    # Scroll end to end, a screenful at a time, then read the peak memory.
    page = max(1, viewport.height() // max(1, view.rowHeight(0)))
    start = time.perf_counter()
    for row in range(0, rows, page):
        view.scrollTo(model.index(row, 0))
        viewport.repaint()
    result.update(scroll_end_to_end_s=time.perf_counter() - start,
                  peak_rss_mb=_peak_rss_mb())
    shell.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("bare", "app"), required=True)
    parser.add_argument(T0_ARG, type=float, required=True)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--jumps", type=int, default=40)
    args = parser.parse_args(argv)
    out = bare(args.t0) if args.mode == "bare" else app_window(args.t0, args.data_dir,
                                                                args.jumps)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
