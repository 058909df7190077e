"""The sync engine: pull every account's changes in, push the outbox out.

One run, per account: (1) settle outbox items a crashed run left in
``sending`` by asking the channel whether they arrived — yes: sent; no:
queued again; cannot tell: ``unknown``, and the owner decides (a reply is
never resent on a guess); (2) pull batches since the stored cursors, each
applied together with its cursor advance in one transaction, while the
channel says there is more; (3) push due outbox items in order per
conversation, writing ``sending`` *before* the channel is contacted.

Adapter contract for errors while sending: ``TemporaryError`` means the
channel did not take the item (it is retried with backoff),
``PermanentError`` that it refused it (``failed``, shown on the message with
a retry action), ``AuthError`` that the account must sign in again. An
adapter that cannot tell whether the channel took the item must raise
anything *else*: the item then stays in ``sending`` and the next run asks
``was_delivered``. A failure in one account never stops the others.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterable

from app.store import outbox, queries, scheduled
from app.store.database import Clock, NotFoundError, Store, StoreError
from app.store.ingest import IngestResult, apply_batch
from app.store.ops import wake_snoozed
from app.store.outbox import OutboxEntry
from app.store.queries import AccountInfo
from app.store.sync_state import record_sync
from services.channel import AuthError, Channel, ChannelError, PermanentError, TemporaryError
from services.sync.lock import SyncBusyError, SyncLock
from services.sync.optional import ReportsTotal, WaitsForChanges
from services.sync.report import AccountReport, SyncReport
from services.sync.retry import RetryPolicy

__all__ = ["ChannelFactory", "Progress", "SyncEngine"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
"""``progress(done, total, text)``; ``total == 0`` means "not known yet"."""
ChannelFactory = Callable[[AccountInfo], Channel]
AfterBatch = Callable[[AccountInfo, IngestResult], int]
"""Runs after a batch is committed (e.g. away notices); returns notices queued."""
Maintenance = Callable[[AccountInfo], None]
"""Runs once per account and run after a successful pull (e.g. keeping a server-side
Sieve away script current); a ChannelError it raises is that account's error."""

# Which capability an outbox kind needs; without it the change stays local.
# A reply is never "local only": a channel that cannot take one refuses it in
# send() with a reason for the owner (e.g. a feed: "answer at <link>").
_NEEDS = {"label": "remote_labels", "unlabel": "remote_labels",
          "read": "read_state", "unread": "read_state", "archive": "archive",
          "unarchive": "archive"}
# Applying these twice does no harm: after a crash they are simply done again.
_IDEMPOTENT = frozenset({"label", "unlabel", "read", "unread", "archive", "unarchive"})

UNKNOWN_TEXT = ("Tresen stopped while sending this and the channel cannot say whether it"
                " arrived. Check with the customer, then retry or discard it.")
SIGN_IN_AGAIN = "Sign in again"


def _no_progress(_done: int, _total: int, _text: str) -> None:
    pass


Stopping = Callable[[], bool]
"""Whether the run was asked to stop (checked at step boundaries)."""


def _never() -> bool:
    return False


class SyncEngine:
    """Drives every channel through one store; built once by the composition root."""

    def __init__(self, store: Store, channel_for: ChannelFactory, *,
                 clock: Clock | None = None, retry_policy: RetryPolicy | None = None,
                 after_batch: Iterable[AfterBatch] = (),
                 maintenance: Iterable[Maintenance] = ()) -> None:
        self._store = store
        self._after_batch = tuple(after_batch)
        self._maintenance = tuple(maintenance)
        self._channel_for = channel_for
        self._clock = clock or store.clock
        self._policy = retry_policy or RetryPolicy()

    # -- one run -------------------------------------------------------------
    def run_once(self, progress: Progress | None = None,
                 account_ids: Iterable[int] | None = None, *,
                 stop: threading.Event | None = None) -> SyncReport:
        """Sync the given accounts (default: all); raises ``SyncBusyError`` when
        another process is syncing this store and ``NotFoundError`` for unknown ids.

        Each run first reopens snoozed conversations whose time has come: the run
        is the store's periodic heartbeat in the window and in ``sync --watch``.
        Once ``stop`` is set the run ends at the next step boundary: after the
        batch being applied is committed and before the next outbox item is
        sent, so a stopped run never leaves a half-applied batch or an item
        needlessly in ``sending``; the rest is picked up by the next run.
        """
        accounts = self._accounts(account_ids)
        report = SyncReport()
        stopping = _never if stop is None else stop.is_set
        with SyncLock(self._store.path):
            report.woken = wake_snoozed(self._store)
            for account in accounts:
                if stopping():
                    break
                report.accounts.append(
                    self._sync_account(account, progress or _no_progress, stopping))
        return report

    def _accounts(self, account_ids: Iterable[int] | None) -> list[AccountInfo]:
        accounts = queries.accounts(self._store.reader())
        if account_ids is None:
            return accounts
        wanted = set(account_ids)
        missing = wanted - {a.id for a in accounts}
        if missing:
            raise NotFoundError(f"no account with id {', '.join(map(str, sorted(missing)))}")
        return [a for a in accounts if a.id in wanted]

    def _sync_account(self, account: AccountInfo, progress: Progress,
                      stopping: Stopping) -> AccountReport:
        rep = AccountReport(account.id, account.display_name, account.kind)
        synced_at: int | None = None
        channel: Channel | None = None
        try:
            progress(0, 0, f"{account.display_name}: connecting")
            channel = self._channel_for(account)
            self._settle_in_flight(account, channel, rep)
            try:
                if self._pull(account, channel, rep, progress, stopping):
                    synced_at = self._clock()  # a stopped pull is not a sync to show
            except AuthError:
                raise
            except TemporaryError as exc:
                # The channel is unreachable: sending now would only burn attempts.
                rep.error = f"could not fetch new messages: {exc}"
                return rep
            except PermanentError as exc:
                rep.error = f"could not fetch new messages: {exc}"
            self._push(account, channel, rep, progress, stopping)
            if synced_at is not None:
                for keep in self._maintenance:  # its errors are the account's, not the pull's
                    keep(account)
        except AuthError as exc:
            rep.error = f"{SIGN_IN_AGAIN}: {exc}"
        except ChannelError as exc:
            rep.error = str(exc) or type(exc).__name__
        except Exception as exc:
            # One account's bug or broken store row must not stop the others.
            log.exception("sync of account %s failed", account.id)
            rep.error = f"unexpected error: {type(exc).__name__}: {exc}"
        finally:
            self._finish(account, channel, rep, synced_at)
        return rep

    def _finish(self, account: AccountInfo, channel: Channel | None, rep: AccountReport,
                synced_at: int | None) -> None:
        if channel is not None:
            try:
                channel.close()
            except Exception:
                log.warning("closing the channel of account %s failed", account.id,
                            exc_info=True)
        try:
            record_sync(self._store, account.id, synced_at=synced_at, error=rep.error)
        except StoreError:
            log.warning("could not record the sync state of account %s", account.id,
                        exc_info=True)

    # -- (1) crash recovery --------------------------------------------------
    def _settle_in_flight(self, account: AccountInfo, channel: Channel,
                          rep: AccountReport) -> None:
        for item in outbox.in_flight(self._store.reader()):
            if item.account_id != account.id:
                continue
            if item.kind in _IDEMPOTENT:
                # Applying it again is harmless; the push below decides (with the
                # channel's capabilities known by then) whether it goes out at all.
                outbox.mark_retry(self._store, item.id, "", self._clock())
                continue
            arrived = channel.was_delivered(item)
            if arrived is True:
                outbox.mark_sent(self._store, item.id)
                rep.recovered += 1
            elif arrived is False:
                outbox.mark_retry(self._store, item.id, "", self._clock())
            else:
                outbox.mark_unknown(self._store, item.id, UNKNOWN_TEXT)
                rep.unknown += 1
            if item.conversation_id is not None:
                rep.conversation_ids.add(item.conversation_id)

    # -- (2) pull ------------------------------------------------------------
    def _pull(self, account: AccountInfo, channel: Channel, rep: AccountReport,
              progress: Progress, stopping: Stopping) -> bool:
        """Apply batches while the channel has more; False when a stop ended it early."""
        cursors = queries.cursors(self._store.reader(), account.id)
        done = 0
        while True:
            batch = channel.pull(cursors)
            result = apply_batch(self._store, account.id, batch)
            for hook in self._after_batch:
                rep.away_notices += hook(account, result)
            rep.batches += 1
            rep.inserted += result.inserted
            rep.updated += result.updated
            rep.unchanged += result.unchanged
            rep.deleted += result.deleted
            rep.flags_changed += result.flags_changed
            rep.conversation_ids |= result.conversation_ids
            done += len(batch.messages)
            total = channel.expected_total() if isinstance(channel, ReportsTotal) else None
            total = max(total, done) if total else 0
            of = f" of {total}" if total else ""
            progress(done, total, f"{account.display_name}: {done}{of} messages")
            if not batch.more:
                return True
            if stopping():
                return False
            advanced = {**cursors, **batch.cursors}
            if advanced == cursors and not (batch.messages or batch.flag_changes
                                            or batch.deleted_remote_ids):
                log.warning("account %s: channel says 'more' but moved nowhere", account.id)
                return True
            cursors = advanced

    # -- (3) push ------------------------------------------------------------
    def _push(self, account: AccountInfo, channel: Channel, rep: AccountReport,
              progress: Progress, stopping: Stopping) -> None:
        attempted: set[int] = set()
        reader = self._store.reader()
        while True:
            # Re-query after each round: sending an item releases the next one
            # queued for the same conversation.
            # A reply scheduled for later whose customer wrote again is held
            # for a second look; it stays out of the re-query, so the loop ends.
            items = [i for i in outbox.due_items(reader, self._clock(), (account.id,))
                     if i.id not in attempted and not scheduled.held_for_review(reader, i)]
            if not items:
                return
            for item in items:
                if stopping():
                    return
                attempted.add(item.id)
                progress(len(attempted), 0,
                         f"{account.display_name}: sending {len(attempted)}")
                self._send(channel, item, rep)

    def _send(self, channel: Channel, item: OutboxEntry, rep: AccountReport) -> None:
        if item.conversation_id is not None:
            rep.conversation_ids.add(item.conversation_id)
        if not self._supported(channel, item.kind):
            outbox.mark_sent(self._store, item.id)  # a local-only change: nothing to tell
            return
        outbox.mark_sending(self._store, item.id)
        try:
            result = channel.send(item)
        except TemporaryError as exc:
            delay = self._policy.delay(item.attempts + 1, exc.retry_after)
            outbox.mark_retry(self._store, item.id, str(exc) or "the channel asked to wait",
                              self._clock() + math.ceil(delay))
            rep.retrying += 1
            return
        except AuthError as exc:
            outbox.mark_failed(self._store, item.id, f"{SIGN_IN_AGAIN}: {exc}")
            rep.failed += 1
            raise  # nothing more goes out from this account this run
        except PermanentError as exc:
            outbox.mark_failed(self._store, item.id, str(exc) or "the channel refused this")
            rep.failed += 1
            return
        outbox.mark_sent(self._store, item.id, result.remote_id)
        rep.sent += 1

    @staticmethod
    def _supported(channel: Channel, kind: str) -> bool:
        need = _NEEDS.get(kind)
        return need is None or bool(getattr(channel.capabilities, need))

    # -- watch ---------------------------------------------------------------
    def watch(self, stop: threading.Event, interval: float,
              idle_hook: Callable[[SyncReport], None] | None = None, *,
              progress: Progress | None = None,
              account_ids: Iterable[int] | None = None) -> None:
        """Sync, then wait ``interval`` seconds (or until a channel that can
        wait for changes reports one), until ``stop`` is set.

        ``stop`` is also checked inside a run (see ``run_once``). Never set it
        from a signal handler of the thread running this: ``Event.set`` takes
        the lock that thread may hold inside ``stop.wait`` and would deadlock.
        """
        ids = None if account_ids is None else tuple(account_ids)
        wake = threading.Event()
        halt = threading.Event()
        waiters = [
            threading.Thread(target=self._wait_loop, args=(account, halt, wake, interval),
                             name=f"tresen-wait-{account.id}", daemon=True)
            for account in self._accounts(ids)
        ]
        for thread in waiters:
            thread.start()
        try:
            while not stop.is_set():
                wake.clear()
                try:
                    report = self.run_once(progress, ids, stop=stop)
                except SyncBusyError as exc:
                    log.info("%s", exc)
                else:
                    if idle_hook is not None:
                        idle_hook(report)
                _sleep(stop, wake, interval)
        finally:
            halt.set()
            # A waiter may sit in an IDLE that only ends with its timeout: give
            # them all half a second together, not each (they are daemons).
            deadline = time.monotonic() + 0.5
            for thread in waiters:
                thread.join(timeout=max(0.0, deadline - time.monotonic()))

    def _wait_loop(self, account: AccountInfo, halt: threading.Event, wake: threading.Event,
                   interval: float) -> None:
        """Runs in its own thread with its own channel (IMAP IDLE needs a connection)."""
        try:
            channel = self._channel_for(account)
        except Exception:
            log.debug("account %s: no channel to wait on", account.id, exc_info=True)
            return
        try:
            if not isinstance(channel, WaitsForChanges):
                return
            while not halt.is_set():
                if channel.wait_for_changes(interval) and not halt.is_set():
                    wake.set()
        except Exception:
            log.warning("account %s: waiting for changes failed; polling instead",
                        account.id, exc_info=True)
        finally:
            channel.close()


def _sleep(stop: threading.Event, wake: threading.Event, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not stop.is_set() and not wake.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        stop.wait(min(remaining, 0.1))
