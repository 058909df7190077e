"""What one sync run did, per account: for the status bar, the CLI and tests."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["AccountReport", "SyncReport"]


@dataclass(slots=True)
class AccountReport:
    """Counts for one account; ``error`` is empty when the account synced fine."""

    account_id: int
    name: str
    kind: str
    batches: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    flags_changed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    unknown: int = 0
    recovered: int = 0
    away_notices: int = 0
    error: str = ""
    conversation_ids: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.error

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["conversation_ids"] = sorted(self.conversation_ids)
        data["ok"] = self.ok
        return data


@dataclass(slots=True)
class SyncReport:
    accounts: list[AccountReport] = field(default_factory=list)
    woken: list[int] = field(default_factory=list)
    """Snoozed conversations this run reopened because their time had come."""

    @property
    def ok(self) -> bool:
        return all(a.ok for a in self.accounts)

    @property
    def failed(self) -> list[AccountReport]:
        return [a for a in self.accounts if not a.ok]

    @property
    def conversation_ids(self) -> set[int]:
        """Every conversation the run touched: what the views must refresh."""
        return set(self.woken).union(*(a.conversation_ids for a in self.accounts))

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "accounts": [a.to_json() for a in self.accounts]}
