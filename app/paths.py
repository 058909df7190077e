"""Where Tresen keeps its files.

Everything lives under one data directory (``--data-dir`` or the platform's
user data dir), so a freelancer can move or back up all of it at once. The
demo has a store file of its own and never mixes with real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app import __app_name__


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(__app_name__, appauthor=False)


@dataclass(frozen=True, slots=True)
class DataPaths:
    root: Path

    @property
    def store(self) -> Path:
        return self.root / "tresen.sqlite3"

    @property
    def demo_store(self) -> Path:
        return self.root / "demo" / "tresen-demo.sqlite3"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"
