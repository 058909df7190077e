"""What an action returns so the window's "z" can reverse it.

A plain record in its own module: the window keeps and inspects undos at
start-up without importing the ORM that ``ops`` needs to apply them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Undo:
    """How to reverse one action: the inverse action and its arguments."""

    action: str
    conversation_id: int
    args: tuple[Any, ...] = ()
    description: str = ""
