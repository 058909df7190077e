"""A private, per-run folder for attachments the person opens.

Files are readable by this user only (0600, in a 0700 folder) so another
account on the computer cannot read a customer's documents, and the folder
is removed when Tresen quits (the composition root calls ``cleanup``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["PrivateFiles", "safe_name"]

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def safe_name(name: str) -> str:
    """A file name that cannot leave its folder or upset a file system."""
    cleaned = _UNSAFE.sub("_", name).strip().strip(".")
    return cleaned[-120:] or "attachment"


class PrivateFiles:
    """A temporary folder for this run, created on first use, removed by ``cleanup``."""

    def __init__(self, parent: Path | None = None) -> None:
        self._parent = parent
        self._root: Path | None = None

    @property
    def root(self) -> Path | None:
        return self._root

    def write(self, name: str, data: bytes) -> Path:
        """``data`` as ``name`` in a fresh subfolder (names may repeat), mode 0600."""
        import tempfile  # here and below: the window starts without them

        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="tresen-", dir=self._parent))
        folder = Path(tempfile.mkdtemp(dir=self._root))
        path = folder / safe_name(name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        return path

    def cleanup(self) -> None:
        if self._root is not None:
            import shutil

            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None
