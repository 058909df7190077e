"""Abilities a channel may offer beyond the base ``Channel`` protocol.

Kept separate so a simple adapter (feeds, the demo) implements only
``Channel``; the engine checks for these with ``isinstance`` and falls back
to periodic polls and an open-ended progress bar.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["ReportsTotal", "WaitsForChanges"]


@runtime_checkable
class WaitsForChanges(Protocol):
    """A channel that can block until the remote side changes (IMAP IDLE)."""

    def wait_for_changes(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds; True when something changed."""
        ...


@runtime_checkable
class ReportsTotal(Protocol):
    """A channel that knows, after a pull, how much this sync will fetch in all."""

    def expected_total(self) -> int | None:
        """Messages the current run of pulls will deliver, or None if unknown."""
        ...
