"""Run ``tresen`` commands as real, killable processes without paying start-up each time.

Importing SQLModel costs about a second here, so 50 ``tresen sync`` processes
would spend most of a minute importing. This server imports the CLI once and
then forks one child per command: each child is a separate process that runs
``app.cli.main(argv)`` exactly as the ``tresen`` script does, and can be
SIGKILLed anywhere. Linux/macOS only (``os.fork``).

Protocol: the parent writes one JSON line ``{"argv": [...], "stdin": "...",
"crash_at": "..."}`` per command (``crash_at`` installs a crash point from
``crashpoints`` in the child only); the server answers ``pid N`` at once and ``exit N STATUS`` when
the child ends (STATUS is the negative signal number for a killed child).
The child's stdout and stderr both go to the server's stderr, line-buffered.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[3]


def _warm_up() -> None:
    """Run the commands once on a scratch store: every lazy import is then done."""
    import contextlib
    import tempfile

    from app.cli import main

    with tempfile.TemporaryDirectory() as tmp, open(os.devnull, "w") as sink, \
            contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        main(["--data-dir", tmp, "workspace", "add", "Warm"])
        main(["--data-dir", tmp, "sync", "--once"])
        main(["--data-dir", tmp, "outbox"])
    import services.email.adapter  # noqa: F401 - built per account, so not imported yet


def _serve() -> None:
    import app.cli

    _warm_up()
    for line in sys.stdin:
        command = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(app.cli.main, command["argv"], command.get("stdin", ""),
                   command.get("crash_at"))
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"exit {pid} {code}", flush=True)


def _child(main: object, argv: list[str], stdin: str, crash_at: str | None) -> None:
    code = 70
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if crash_at:
            from tests.services.email.crashpoints import install

            install(crash_at)
        os.dup2(2, 1)
        sys.stdout = os.fdopen(1, "w", buffering=1)
        sys.stderr = os.fdopen(2, "w", buffering=1)
        sys.stdin = io.StringIO(stdin)
        code = int(main(argv))  # type: ignore[operator]
    finally:
        os._exit(code)


class ForkServer:
    """The test side: start once, ``start(argv)`` a child, ``kill`` or ``wait`` it."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.services.email.forkserver"], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        self.pid: int | None = None

    @property
    def output(self) -> IO[bytes]:
        """The running child's stdout + stderr, line by line."""
        assert self._proc.stderr is not None
        return self._proc.stderr

    def start(self, argv: list[str], stdin: str = "", crash_at: str | None = None) -> int:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        command = {"argv": argv, "stdin": stdin, "crash_at": crash_at}
        self._proc.stdin.write(json.dumps(command).encode() + b"\n")
        self._proc.stdin.flush()
        answer = self._proc.stdout.readline().decode()
        if not answer.startswith("pid "):
            raise RuntimeError(f"fork server: {answer!r} {self.output.read1().decode()}")
        self.pid = int(answer.split()[1])
        return self.pid

    def read_until(self, marker: bytes) -> list[bytes]:
        """Lines of the child's output up to and including the first one with ``marker``."""
        lines = []
        while True:
            line = self.output.readline()
            if not line:
                raise RuntimeError(f"fork server ended; output so far: {lines!r}")
            lines.append(line)
            if marker in line:
                return lines

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.pid is not None:
            os.kill(self.pid, sig)

    def wait(self) -> int:
        """The child's exit code (``-9`` after SIGKILL)."""
        assert self._proc.stdout is not None
        answer = self._proc.stdout.readline().decode().split()
        if len(answer) != 3 or answer[0] != "exit":
            raise RuntimeError(f"fork server: {answer!r}")
        self.pid = None
        return int(answer[2])

    def close(self) -> None:
        if self.pid is not None:
            self.kill()
            self.wait()
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        self._proc.wait(timeout=10)
        for stream in (self._proc.stdout, self._proc.stderr):
            if stream is not None:
                stream.close()


if __name__ == "__main__":
    _serve()
