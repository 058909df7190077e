"""Incremental sync of one IMAP folder, resumable from an opaque cursor.

The cursor (``uidvalidity:next:modseq:count:since:rescan``) records that
every UID below ``next`` was considered, flag changes up to ``modseq`` were
seen, ``count`` messages existed below ``next`` then, and — during a first
sync limited by age — the oldest day wanted. Because the engine stores the
cursor in the same transaction as the batch, a crash repeats at most one
batch, and re-fetched messages are recognised by Message-ID.

Why a count rather than a UID map: UIDs only grow, so with no expunges the
folder holds exactly ``count`` + (new arrivals) messages. Only when that sum
disagrees with EXISTS do we compare the folder's Message-IDs with the store's,
which keeps a no-change re-sync to one SELECT per folder.

A long first sync is many batches. The first pull makes a ``FolderPlan`` (the
folder's state and the UIDs still to fetch); the next pull, given the plan
and the very cursor that pull returned, goes straight to FETCH instead of
SELECT and SEARCH again (a SELECT of a large folder costs ~10 ms). A stale
plan is harmless: it is exactly what one long pull would have seen, and the
cursor it leaves makes the next sync look again.

Older history (before a first sync's age limit) is fetched on request once
the folder is up to date, after new mail, under a cursor of its own (see
``history``): new mail keeps arriving first while a long backfill runs.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from app.records import FlagChange, IncomingMessage
from services.email.context import folder_remote_ids
from services.email.history import (
    UNKNOWN,
    HistoryCursor,
    imap_date,
    next_work,
    search_criteria,
)
from services.email.imap import FetchItem, FolderState, ImapSession
from services.email.keywords import labels_from_flags
from services.email.mime import message_id_of, parse_message, synthetic_message_id

__all__ = ["PENDING_KEYWORD", "FolderCursor", "FolderPlan", "FolderPull", "pull_folder"]

# Marks our own copy in Sent while SMTP has not yet accepted it (RFC 5550 keyword).
PENDING_KEYWORD = "$SubmitPending"
_HEADER_ITEMS = "(UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"
_FULL_ITEMS = "(UID FLAGS INTERNALDATE BODY.PEEK[])"
FETCH_CHUNK = 250  # messages per FETCH: bounds the raw bytes held at once


@dataclass(frozen=True, slots=True)
class FolderCursor:
    uidvalidity: int
    next: int
    modseq: int
    count: int
    since: int = 0
    rescan: bool = False

    @classmethod
    def parse(cls, value: str | None) -> FolderCursor | None:
        try:
            parts = [int(p) for p in (value or "").split(":")]
        except ValueError:
            return None
        if len(parts) != 6:
            return None
        return cls(parts[0], parts[1], parts[2], parts[3], parts[4], bool(parts[5]))

    def format(self) -> str:
        return (f"{self.uidvalidity}:{self.next}:{self.modseq}:{self.count}:{self.since}:"
                f"{int(self.rescan)}")


@dataclass(frozen=True, slots=True)
class FolderPlan:
    """What the first pull of a multi-batch import learnt; valid for ``cursor`` only."""

    cursor: str
    state: FolderState
    present: tuple[int, ...]  # sorted UIDs in [next, uidnext) of the cursor that planned
    wanted: tuple[int, ...]  # those of them within the first-sync age limit


@dataclass(slots=True)
class FolderPull:
    messages: list[IncomingMessage]
    flag_changes: list[FlagChange]
    deleted: list[str]
    cursor: str
    more: bool
    plan: FolderPlan | None = None
    history: str | None = None  # the new history record, when it changed
    remaining: int = 0  # messages known to be still waiting in this folder


@dataclass(frozen=True, slots=True)
class FolderJob:
    """Everything one folder's pull needs besides the IMAP session."""

    name: str
    role: str  # "inbox", "archive" or "sent"
    account_id: int
    our_addresses: frozenset[str]
    first_sync_since: int  # epoch seconds, 0 = everything
    reader: Callable[[], sqlite3.Connection]
    locate: Callable[[str], str | None]  # Message-ID → the other folder that holds it
    history_since: int | None = None  # the owner asked for history since (0 = all)


def _message_ids(session: ImapSession, items: Sequence[FetchItem]) -> dict[int, str]:
    """UID → Message-ID, computing the synthetic id for mail that has none."""
    ids: dict[int, str] = {}
    missing = []
    for item in items:
        found = message_id_of(item.body)
        if found:
            ids[item.uid] = found
        else:
            missing.append(item.uid)
    for full in session.fetch(missing, "(UID BODY.PEEK[])") if missing else ():
        ids[full.uid] = synthetic_message_id(full.body)
    return ids


def _new_messages(session: ImapSession, job: FolderJob, uids: Sequence[int],
                  then: Sequence[int] = ()) -> list[IncomingMessage]:
    """Fetch and parse ``uids``; each next FETCH (finally ``then``, the first UIDs of
    the next pull) is sent before the current one is parsed, so the server works
    while we do (see ``ImapSession.fetch_ahead``)."""
    chunks = [uids[start:start + FETCH_CHUNK] for start in range(0, len(uids), FETCH_CHUNK)]
    messages = []
    for index, chunk in enumerate(chunks):
        items = session.fetch(chunk, _FULL_ITEMS)
        upcoming = chunks[index + 1] if index + 1 < len(chunks) else then
        if upcoming:
            session.fetch_ahead(upcoming, _FULL_ITEMS)
        for item in items:
            if job.role == "sent" and PENDING_KEYWORD in item.flags:
                continue  # SMTP may not have it yet: not a sent message (see adapter.send)
            messages.append(parse_message(
                item.body, our_addresses=job.our_addresses, folder=job.name,
                flags=item.flags, keywords=labels_from_flags(item.flags),
                internal_date=item.internal_date))
    return messages


def _flag_changes(session: ImapSession, job: FolderJob, cursor: FolderCursor,
                  items: Iterable[FetchItem]) -> list[FlagChange]:
    listed = [i for i in items if i.uid < cursor.next]
    if job.role == "sent":
        listed = [i for i in listed if PENDING_KEYWORD not in i.flags]
    ids = _message_ids(session, listed)
    return [FlagChange(remote_id=ids[i.uid],
                       read=None if job.role == "sent" else "\\Seen" in i.flags,
                       remote_labels=labels_from_flags(i.flags))
            for i in listed if i.uid in ids]


def _vanished(session: ImapSession, job: FolderJob) -> tuple[list[str], list[FlagChange]]:
    """Messages the store places in this folder that are gone: moved or deleted."""
    present = set(_message_ids(session, session.fetch("1:*", _HEADER_ITEMS)).values()) \
        if session.state(job.name).exists else set()
    known = folder_remote_ids(job.reader(), job.account_id, job.name)
    deleted, moved = [], []
    for remote_id in sorted(known - present):
        elsewhere = job.locate(remote_id)
        if elsewhere is None:
            deleted.append(remote_id)
        else:
            moved.append(FlagChange(remote_id=remote_id, folder=elsewhere))
    return deleted, moved


def _plan(session: ImapSession, job: FolderJob, value: str | None, plan: FolderPlan | None
          ) -> tuple[FolderCursor, FolderState, tuple[int, ...], tuple[int, ...]]:
    """The cursor, folder state and UIDs (sorted; those below ``cursor.next`` are done):
    from ``plan`` if it fits, else asked. The plan's tuples are reused as they are, so
    each batch of a long import costs the same, not a pass over the whole folder."""
    cursor = FolderCursor.parse(value)
    if plan is not None and cursor is not None and plan.cursor == value:
        if session.selected != job.name:
            session.select(job.name, readonly=True)
        return cursor, plan.state, plan.present, plan.wanted
    state = session.state(job.name)
    if cursor is None or cursor.uidvalidity != state.uidvalidity:
        # First sync, or the server renumbered the folder: start over; Message-IDs
        # make re-fetched messages match what the store already has.
        cursor = FolderCursor(state.uidvalidity, 1, state.highestmodseq, 0,
                              since=job.first_sync_since, rescan=cursor is not None)
    present: tuple[int, ...] = ()
    wanted: tuple[int, ...] = ()
    if cursor.next < state.uidnext:
        present = tuple(sorted(u for u in session.search("UID", f"{cursor.next}:*")
                               if cursor.next <= u < state.uidnext))
        wanted = present
        if cursor.since:
            wanted = tuple(sorted(u for u in session.search("UID", f"{cursor.next}:*",
                                                            "SINCE", imap_date(cursor.since))
                                  if cursor.next <= u < state.uidnext))
    return cursor, state, present, wanted


def _history(cursor: FolderCursor, stored: str | None) -> HistoryCursor:
    """The folder's history record; a folder starting over is complete since its limit."""
    hist = HistoryCursor.parse(stored)
    if hist is not None and hist.uidvalidity == cursor.uidvalidity:
        return hist
    if cursor.next == 1:  # nothing below ``next`` yet: the first sync's limit holds
        return HistoryCursor(cursor.uidvalidity, cursor.since)
    return HistoryCursor(cursor.uidvalidity, UNKNOWN)


def _backfill(session: ImapSession, job: FolderJob, work: HistoryCursor,
              budget: int) -> tuple[list[IncomingMessage], HistoryCursor, int]:
    """One batch of older messages, newest first; the record and how many are left."""
    criteria = search_criteria(work)
    if criteria is None:
        return [], work.done(), 0
    if budget <= 0:
        return [], work, 1  # new mail filled this batch; the next pull goes on
    if session.selected != job.name:  # looking for moved mail selects other folders
        session.select(job.name, readonly=True)
    missing = sorted((u for u in session.search(*criteria) if u < work.below), reverse=True)
    take = missing[:budget]
    messages = _new_messages(session, job, sorted(take))
    if len(missing) > budget:
        return messages, replace(work, below=take[-1]), len(missing) - budget
    return messages, work.done(), 0


def pull_folder(session: ImapSession, job: FolderJob, value: str | None,
                budget: int, plan: FolderPlan | None = None,
                history: str | None = None, *, ahead: bool = False) -> FolderPull:
    """At most ``budget`` new messages of one folder, then its flags and expunges,
    then (with budget left) older history the owner asked for.

    ``ahead``: the next pull starts in this folder with the same budget, so when
    more is left, its first FETCH is sent before this pull returns.
    """
    cursor, state, present, wanted = _plan(session, job, value, plan)
    hist = _history(cursor, history)
    work = next_work(hist, job.history_since, cursor.next)
    unchanged = (cursor.next >= state.uidnext and cursor.count == state.exists
                 and cursor.modseq == state.highestmodseq and not cursor.rescan
                 and session.condstore)  # without CONDSTORE only a scan sees flag changes
    if unchanged and work is None:
        return FolderPull([], [], [], cursor.format(), False,
                          history=_changed(hist, history))

    messages: list[IncomingMessage] = []
    if cursor.next < state.uidnext:
        start = bisect_left(wanted, cursor.next)
        take = wanted[start:start + budget]
        more = len(wanted) - start > budget
        boundary = take[-1] + 1 if more else state.uidnext
        after = start + budget
        then = wanted[after:after + min(budget, FETCH_CHUNK)] if more and ahead else ()
        messages = _new_messages(session, job, take, then)
        counted = bisect_left(present, boundary) - bisect_left(present, cursor.next)
        cursor = replace(cursor, next=boundary, count=cursor.count + counted)
        if more:
            value = cursor.format()
            return FolderPull(messages, [], [], value, True,
                              FolderPlan(value, state, present, wanted),
                              history=_changed(hist, history), remaining=len(wanted) - after)

    flag_changes: list[FlagChange] = []
    if cursor.next > 1 and (not session.condstore or cursor.modseq != state.highestmodseq):
        items = session.fetch(f"1:{cursor.next - 1}", _HEADER_ITEMS,
                              changed_since=cursor.modseq if session.condstore else None)
        flag_changes = _flag_changes(session, job, cursor, items)
    deleted: list[str] = []
    if cursor.rescan or cursor.count != state.exists:
        deleted, moved = _vanished(session, job)
        flag_changes.extend(moved)
    cursor = replace(cursor, modseq=state.highestmodseq, count=state.exists, since=0,
                     rescan=False)
    left = 0
    work = next_work(hist, job.history_since, cursor.next)  # ``next`` may have moved
    if work is not None:
        older, hist, left = _backfill(session, job, work, budget - len(messages))
        messages += older
    return FolderPull(messages, flag_changes, deleted, cursor.format(), left > 0,
                      history=_changed(hist, history), remaining=left)


def _changed(hist: HistoryCursor, stored: str | None) -> str | None:
    value = hist.format()
    return None if value == stored else value
