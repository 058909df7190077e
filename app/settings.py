"""Typed user settings, declared in one place and kept in a small JSON file.

Only preferences live here; secrets go to keyring and data to the store.
Unknown or malformed values fall back to their defaults instead of stopping
the app from starting.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

LANGUAGES = ("system", "en", "de")


@dataclass(slots=True)
class Settings:
    language: str = "system"
    """UI language: "system" follows the locale; "en" or "de" override it."""
    sync_interval_minutes: int = 5
    first_sync_days: int = 90
    """How much history a new account's first sync fetches."""
    session_only_secrets: bool = False


def load_settings(path: Path) -> Settings:
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    settings = Settings()
    for f in fields(Settings):
        value = raw.get(f.name)
        if isinstance(value, type(getattr(settings, f.name))):
            setattr(settings, f.name, value)
    if settings.language not in LANGUAGES:
        settings.language = "system"
    return settings


def save_settings(path: Path, settings: Settings) -> None:
    """Write atomically: a crash mid-write leaves the old file intact."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(asdict(settings), handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
