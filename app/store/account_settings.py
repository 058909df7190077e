"""Merge keys into an account's ``settings`` JSON in one transaction.

For state a service keeps about an account (such as whether a server-side
away notice is installed): a read-modify-write of the whole JSON inside one
write transaction, so two writers never drop each other's keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.store.database import NotFoundError, Store
from app.store.models import Account

__all__ = ["update_account_settings"]


def update_account_settings(store: Store, account_id: int,
                            changes: Mapping[str, object]) -> dict[str, Any]:
    """Set each key of ``changes`` (``None`` removes it); returns the new settings."""
    with store.session() as s:
        account = s.get(Account, account_id)
        if account is None:
            raise NotFoundError(f"no account with id {account_id}")
        settings: dict[str, Any] = json.loads(account.settings or "{}")
        for key, value in changes.items():
            if value is None:
                settings.pop(key, None)
            else:
                settings[key] = value
        account.settings = json.dumps(settings, sort_keys=True)
        return settings
