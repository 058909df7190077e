"""A Python child process for tests of long-running commands (``sync --watch``)."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = ["-c", "import sys; from app.cli import main; sys.exit(main())"]
"""Arguments that run the ``tresen`` command line in the child."""


class Child:
    """A child whose stdout lines arrive through a queue; ``close`` always kills and
    reaps it and closes its pipes, so a failed test leaks nothing into the next."""

    def __init__(self, argv: list[str], stdin: str | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, *argv], cwd=ROOT,
            stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        if stdin is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.write(stdin)
            self.proc.stdin.close()
        self.lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def next_line(self, timeout: float) -> str:
        return self.lines.get(timeout=timeout)

    def stop(self, sig: int, timeout: float = 30) -> tuple[int, float, str]:
        """Send ``sig``; the exit code, the seconds it took to exit, and stderr.
        ``timeout`` is generous on purpose: tests assert the time taken apart."""
        sent = time.monotonic()
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=timeout)
        took = time.monotonic() - sent
        assert self.proc.stderr is not None
        return code, took, self.proc.stderr.read()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._reader.join(5)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
