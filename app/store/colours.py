"""Label colours: a small named palette or any ``#rrggbb``.

Kept apart from ``ops`` so the ingest path (labels that arrive from a
channel) can colour a new label without importing the ORM.
"""

from __future__ import annotations

import re

from app.store.database import InvalidInputError

LABEL_PALETTE: dict[str, str] = {
    "red": "#d64545", "orange": "#e8833a", "yellow": "#d9b310", "green": "#3f9b4a",
    "teal": "#2a9d8f", "blue": "#3a7bd5", "purple": "#8e5bd6", "pink": "#d65b9b",
    "grey": "#7a7f87", "brown": "#8d6748",
}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
def parse_colour(colour: str) -> str:
    """A palette name or ``#rrggbb``; anything else is refused."""
    value = colour.strip().lower()
    if value in LABEL_PALETTE:
        return LABEL_PALETTE[value]
    if _HEX.match(value):
        return value
    names = ", ".join(LABEL_PALETTE)
    raise InvalidInputError(f"unknown label colour {colour!r}; use #rrggbb or one of: {names}")


def default_colour(name: str) -> str:
    palette = list(LABEL_PALETTE.values())
    return palette[sum(name.encode()) % len(palette)]
