"""Which conversation a status belongs to: the root of its reply chain.

Mastodon threads are trees of ``in_reply_to_id`` links. One conversation per
thread means one ``thread_key`` per root, so a reply whose parent we have
never seen needs the thread's ancestors (``GET /statuses/:id/context``). That
call is the expensive part of a sync, so roots are looked up first in what
this pull already resolved, then in the store, and only then on the server —
at most ``budget`` times per pull; past that the caller stops the batch and
picks up where it left off next time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from services.mastodon import entities
from services.mastodon.api import MastodonApi
from services.mastodon.entities import Status

__all__ = ["Resolved", "ThreadResolver"]

StoreLookup = Callable[[str], str | None]
"""Remote status id → the ``thread_key`` of the stored conversation holding it."""


@dataclass(frozen=True, slots=True)
class Resolved:
    root: str
    parent_ids: tuple[str, ...]
    ancestors: tuple[Status, ...] = ()


class ThreadResolver:
    """Lives for one pull; ``calls`` counts the context requests it made."""

    def __init__(self, api: MastodonApi, lookup: StoreLookup, budget: int) -> None:
        self._api = api
        self._lookup = lookup
        self._budget = budget
        self._roots: dict[str, str] = {}
        self.calls = 0

    def remember(self, status_id: str, root: str) -> None:
        self._roots[status_id] = root

    def resolve(self, status: Status) -> Resolved | None:
        """The thread of ``status``; None when the call budget is spent."""
        parent = status.in_reply_to_id
        if parent is None:
            return self._done(status, Resolved(status.id, ()))
        root = self._roots.get(parent) or self._lookup(parent)
        if root is not None:
            return self._done(status, Resolved(root, (parent,)))
        if self.calls >= self._budget:
            return None
        self.calls += 1
        found = entities.context(self._api.get(f"/api/v1/statuses/{status.id}/context"))
        ancestors = found.ancestors
        # Ancestors come oldest first; a deleted or hidden parent leaves none, and
        # then the parent id itself is the best root we can name.
        root = ancestors[0].id if ancestors else parent
        for ancestor in ancestors:
            self._roots[ancestor.id] = root
        ids = tuple(a.id for a in ancestors) or (parent,)
        return self._done(status, Resolved(root, ids, ancestors))

    def _done(self, status: Status, resolved: Resolved) -> Resolved:
        self._roots[status.id] = resolved.root
        return resolved
