"""One sync at a time per store file, across processes.

The window's background sync and a ``tresen sync`` in a terminal must not
push the same outbox: each would see the other's ``sending`` item as left
over from a crash, and the exactly-once promise rests on that state meaning
"a run died here". An OS file lock next to the store is released by the
kernel when its holder dies, so a crash never leaves a stale lock.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

__all__ = ["SyncBusyError", "SyncLock"]


class SyncBusyError(Exception):
    """Another Tresen process is syncing this store right now."""


class SyncLock:
    """A non-blocking exclusive lock on ``<store>.sync-lock``."""

    def __init__(self, store_path: Path) -> None:
        self.path = store_path.with_name(store_path.name + ".sync-lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise SyncBusyError(
                "another Tresen is syncing this store right now; try again when it is done"
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> SyncLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
