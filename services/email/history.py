"""How far back each email folder is in the store, and what fetching more means.

A first sync limited by age ("last 90 days") leaves older mail on the server.
Per folder, the cursor ``<folder>:history`` (``uidvalidity:complete:target:below``)
records that every message with a UID below the folder cursor's ``next`` and
an INTERNALDATE on or after the day of ``complete`` is in the store (0 =
everything, -1 = unknown: the folder was synced before this was recorded).

The owner asks for more with the account setting ``history_since`` (epoch
seconds, 0 = everything). While that is older than ``complete``, each pull
fetches a bounded batch of the missing UIDs, newest first, with ``target``
the request being worked on and ``below`` the UID under which some are still
missing; the last batch sets ``complete = target``. The cursor is saved with
the batch in one transaction, so a crash repeats at most one batch, and
Message-IDs make a repeated message match the stored one.

Why whole days: IMAP SEARCH compares dates without the time, and
``SINCE d`` / ``BEFORE d`` split a folder exactly, so the first sync's range
and every later one meet without a gap or an overlap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

__all__ = ["HISTORY_SUFFIX", "UNKNOWN", "FolderCoverage", "HistoryCursor", "coverage",
           "covers", "first_sync_start", "history_key", "imap_date", "next_work",
           "search_criteria"]

HISTORY_SUFFIX = ":history"
UNKNOWN = -1
_IDLE = -1


def history_key(folder: str) -> str:
    """The ``sync_cursor`` key of ``folder``'s history record."""
    return folder + HISTORY_SUFFIX


def imap_date(epoch: int) -> str:
    """The day of ``epoch`` (UTC) as IMAP SEARCH wants it: ``01-Feb-2026``."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%d-%b-%Y")


def _day(epoch: int) -> int:
    return datetime.fromtimestamp(epoch, UTC).toordinal()


def first_sync_start(cutoff: int, request: int | None) -> int:
    """The oldest day a first sync fetches: the age limit, or an older request (0 = all)."""
    if request is None:
        return cutoff
    return 0 if cutoff == 0 or request == 0 else min(cutoff, request)


def covers(complete: int, request: int) -> bool:
    """Whether history complete since ``complete`` holds everything since ``request``."""
    if complete == UNKNOWN:
        return False
    if complete == 0:
        return True
    return request != 0 and _day(request) >= _day(complete)


@dataclass(frozen=True, slots=True)
class HistoryCursor:
    uidvalidity: int
    complete: int  # epoch; 0 = everything, UNKNOWN = not recorded
    target: int = _IDLE  # the request being fetched; _IDLE = none
    below: int = 0  # UIDs under this may still be missing (while fetching)

    @classmethod
    def parse(cls, value: str | None) -> HistoryCursor | None:
        try:
            parts = [int(p) for p in (value or "").split(":")]
        except ValueError:
            return None
        if len(parts) != 4:
            return None
        return cls(*parts)

    def format(self) -> str:
        return f"{self.uidvalidity}:{self.complete}:{self.target}:{self.below}"

    @property
    def fetching(self) -> bool:
        return self.target != _IDLE

    def done(self) -> HistoryCursor:
        """The record once everything down to ``target`` is stored."""
        return HistoryCursor(self.uidvalidity, self.target)


def next_work(hist: HistoryCursor, request: int | None, next_uid: int) -> HistoryCursor | None:
    """The record to fetch by now, or None when the store already has what was asked.

    A changed request restarts at ``next_uid``: the messages fetched for the
    old one are matched by Message-ID, so starting over duplicates nothing.
    """
    if request is None or covers(hist.complete, request):
        return None
    if hist.fetching and hist.target == request and 0 < hist.below <= next_uid:
        return hist
    return replace(hist, target=request, below=next_uid)


def search_criteria(hist: HistoryCursor) -> list[str] | None:
    """UID SEARCH criteria for the still missing messages; None when none can be."""
    if hist.below <= 1:
        return None
    criteria = ["UID", f"1:{hist.below - 1}"]
    if hist.target > 0:
        criteria += ["SINCE", imap_date(hist.target)]
    if hist.complete > 0:
        criteria += ["BEFORE", imap_date(hist.complete)]
    return criteria


@dataclass(frozen=True, slots=True)
class FolderCoverage:
    """One folder's history as the CLI and the window report it."""

    folder: str
    complete: int  # epoch; 0 = everything, UNKNOWN = not recorded
    fetching_since: int | None  # the request being fetched now, if any


def coverage(cursors: Mapping[str, str]) -> list[FolderCoverage]:
    """Every folder's recorded history, from the account's ``sync_cursor`` rows."""
    found = []
    for key, value in sorted(cursors.items()):
        if key.endswith(HISTORY_SUFFIX):
            hist = HistoryCursor.parse(value)
            if hist is not None:
                found.append(FolderCoverage(key.removesuffix(HISTORY_SUFFIX), hist.complete,
                                            hist.target if hist.fetching else None))
        elif history_key(key) not in cursors and _is_folder_cursor(value):
            found.append(FolderCoverage(key, UNKNOWN, None))  # synced before this existed
    return sorted(found, key=lambda c: c.folder)


def _is_folder_cursor(value: str) -> bool:
    parts = value.split(":")
    return len(parts) == 6 and all(p.isdigit() for p in parts)
