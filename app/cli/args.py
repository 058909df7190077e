"""Argument types shared by several commands (each a usage error when wrong)."""

from __future__ import annotations

import argparse
import re
from datetime import datetime

_DURATION = re.compile(r"^(\d+)\s*(m|min|h|d|w)$")
_SECONDS = {"m": 60, "min": 60, "h": 3600, "d": 86_400, "w": 604_800}


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {value!r}")
    return number


def parse_when(value: str, now: int) -> int:
    """Epoch seconds for ``2026-10-01T09:00[+02:00]``, ``2026-10-01`` or ``3h``/``2d``.

    A time without an offset is the computer's local time, as a person
    typing it means it.
    """
    text = value.strip()
    match = _DURATION.match(text.lower())
    if match:
        return now + int(match.group(1)) * _SECONDS[match.group(2)]
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"expected an ISO 8601 time like 2026-10-01T09:00 or a duration like 3h, "
            f"got {value!r}") from None
    if when.tzinfo is None:
        when = when.astimezone()
    return int(when.timestamp())
