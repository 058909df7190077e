"""What the sync engine records about an account besides its messages.

The sidebar and status bar show when each account last synced and what went
wrong ("sign in again"), so the engine writes both after every run. Small
channel-side records (the demo's delivered replies) live in the account's
``sync_cursor`` rows, which already belong to sync and go away with the
account.
"""

from __future__ import annotations

from collections.abc import Callable

from app.store.database import NotFoundError, Store

__all__ = ["record_sync", "update_cursor"]


def record_sync(store: Store, account_id: int, *, synced_at: int | None, error: str) -> None:
    """Store the outcome of one run; ``synced_at=None`` keeps the last good time."""
    with store.write() as conn:
        changed = conn.exec_driver_sql(
            "UPDATE account SET last_sync_at = coalesce(?, last_sync_at), last_error = ?"
            " WHERE id = ?",
            (synced_at, error, account_id),
        ).rowcount
        if not changed:
            raise NotFoundError(f"no account with id {account_id}")


def update_cursor(store: Store, account_id: int, folder: str,
                  update: Callable[[str | None], str]) -> str:
    """Read-modify-write one cursor row in a single write transaction."""
    with store.write() as conn:
        row = conn.exec_driver_sql(
            "SELECT value FROM sync_cursor WHERE account_id = ? AND folder = ?",
            (account_id, folder),
        ).fetchone()
        value = update(None if row is None else str(row[0]))
        conn.exec_driver_sql(
            "INSERT INTO sync_cursor (account_id, folder, value, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (account_id, folder) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at",
            (account_id, folder, value, store.clock()),
        )
        return value
