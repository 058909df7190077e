"""``EmailChannel``: one email account behind the ``Channel`` protocol.

Pull walks INBOX, the special-use Archive and Sent folders with one cursor
each (see ``folders``). Send implements exactly-once for replies on top of
the Message-ID the store fixed at queue time:

1. APPEND our copy to Sent flagged ``$SubmitPending`` (sync skips such copies);
2. hand the message to SMTP;
3. APPEND the final copy, delete the pending one, flag the original \\Answered.

So after a crash ``was_delivered`` finds either nothing in Sent (never reached
SMTP: safe to send), a final copy (delivered), or only a pending copy
(cannot tell: ``None``, the owner decides). Nothing is ever resent on a guess.
The connection is opened lazily, reused, and dropped after any error so the
next call starts clean. ``wait_for_changes`` (watch mode) IDLEs on INBOX over
a second connection of its own, so waiting never blocks a pull or a send.
"""

from __future__ import annotations

import imaplib
import logging
import sqlite3
import ssl
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from app.records import Batch, FlagChange, IncomingMessage
from app.store.outbox import OutboxEntry
from app.store.queries import AccountInfo, cursors
from services.channel import Capabilities, ChannelError, PermanentError, SendResult
from services.email.compose import build_reply
from services.email.context import conversation_messages, reply_context
from services.email.folders import (
    PENDING_KEYWORD,
    FolderCursor,
    FolderJob,
    FolderPlan,
    pull_folder,
)
from services.email.history import first_sync_start, history_key
from services.email.idle import RENEW, idle
from services.email.imap import ImapSession, connect, quote
from services.email.keywords import keyword_for
from services.email.settings import EmailSettings
from services.email.smtp import check_login, send_message

__all__ = ["EmailChannel"]

log = logging.getLogger(__name__)
_DAY = 86_400
_FALLBACK_NAMES = {"sent": ("Sent", "Sent Items", "Sent Messages", "Gesendet",
                            "Gesendete Elemente", "INBOX.Sent", "INBOX/Sent"),
                   "archive": ("Archive", "Archiv", "INBOX.Archive", "INBOX/Archive")}


class EmailChannel:
    """IMAP + SMTP for one account.

    ``reader`` returns a read connection to the store (``Store.reader``): the
    adapter looks up recipients, Message-IDs and which folder holds what.
    ``password`` comes from keyring via the composition root and is kept
    only in memory. ``clock`` (epoch seconds) decides the first-sync window.
    """

    def __init__(self, account: AccountInfo, password: str,
                 reader: Callable[[], sqlite3.Connection], *,
                 clock: Callable[[], int] | None = None,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self._account = account
        self._settings = EmailSettings.from_json(account.settings)
        self._password = password
        self._reader = reader
        self._clock = clock or (lambda: int(datetime.now(UTC).timestamp()))
        self._ssl = ssl_context
        self._session: ImapSession | None = None
        self._idle_session: ImapSession | None = None
        self._idle_failures = 0
        self._folders: dict[str, str] = {}
        self._plans: dict[str, FolderPlan] = {}  # folder → the plan of an unfinished import
        self._pulled = 0  # messages delivered by this channel's pulls (progress)
        self._remaining = 0  # messages the last pull knew were still to come
        self._capabilities = Capabilities(replies=True, read_state=True)
        self._ours = frozenset({account.identity.lower(), *self._settings.aliases})

    def __repr__(self) -> str:  # never show the password
        return f"EmailChannel(account={self._account.id}, {self._account.identity!r})"

    # -- connection ----------------------------------------------------------
    @property
    def capabilities(self) -> Capabilities:
        return self._capabilities

    def _imap(self) -> ImapSession:
        if self._session is None:
            s = self._settings
            session = connect(s.imap, s.username, self._password, timeout=s.timeout,
                              ssl_context=self._ssl)
            try:
                self._folders = self._discover(session)
                # Read-write: EXAMINE reports no PERMANENTFLAGS at all.
                inbox = session.select("INBOX", readonly=False)
            except ChannelError:
                session.close()
                raise
            self._capabilities = Capabilities(
                replies=True, read_state=True, archive="archive" in self._folders,
                remote_labels="\\*" in inbox.permanent_flags)
            self._session = session
        return self._session

    def _discover(self, session: ImapSession) -> dict[str, str]:
        folders = {"inbox": "INBOX"}
        listed = session.list_folders()
        for name, attrs in listed:
            for role in ("sent", "archive"):
                if f"\\{role}" in attrs and role not in folders:
                    folders[role] = name
        names = {name for name, _ in listed}
        for role, candidates in _FALLBACK_NAMES.items():
            if role not in folders:
                found = next((c for c in candidates if c in names), None)
                if found:
                    folders[role] = found
        return folders

    def _drop(self) -> None:
        self._plans.clear()
        if self._session is not None:
            self._session.close()
            self._session = None

    def probe(self) -> Capabilities:
        """Log in to IMAP and SMTP once; raises the channel errors in plain words."""
        self._imap()
        s = self._settings
        check_login(s.smtp, s.username, self._password, timeout=s.timeout,
                    ssl_context=self._ssl)
        return self._capabilities

    def close(self) -> None:
        self._drop()
        if self._idle_session is not None:
            self._idle_session.close()
            self._idle_session = None

    # -- watch ---------------------------------------------------------------
    def wait_for_changes(self, timeout: float) -> bool:
        """Block until INBOX changes (True) or ``timeout`` passes (False).

        Never raises: a dropped or refused connection returns True, so the
        engine syncs (and reports the error) instead of silently waiting; a
        refusal first waits a growing while, so an outage does not spin.
        """
        deadline = time.monotonic() + timeout
        try:
            session, missed = self._idle_inbox()
        except ChannelError as exc:
            self._idle_failures += 1
            log.info("account %s: cannot wait for new mail (%s)", self._account.id, exc)
            time.sleep(min(timeout, 2.0 ** min(self._idle_failures, 8)))
            return True
        self._idle_failures = 0
        if missed:
            return True
        if "IDLE" not in session.capabilities:
            time.sleep(max(0.0, timeout))  # the engine's periodic poll does the work
            return False
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                if idle(session.connection, min(remaining, RENEW)):
                    return True
            except (OSError, EOFError, imaplib.IMAP4.error) as exc:
                log.info("account %s: IDLE ended (%s)", self._account.id, exc)
                session.abort()
                self._idle_session = None
                return True
        return False

    def _idle_inbox(self) -> tuple[ImapSession, bool]:
        """The waiting session, and whether INBOX holds mail the last stored sync did
        not see: IDLE reports only what happens while it waits, so mail delivered
        between the last pull and a new session's SELECT would wait for the next
        periodic poll. (Nothing stored yet: nothing to compare, no wake-up.)"""
        if self._idle_session is not None:
            return self._idle_session, False
        s = self._settings
        session = connect(s.imap, s.username, self._password, timeout=s.timeout,
                          ssl_context=self._ssl)
        try:
            state = session.select("INBOX", readonly=True)
        except ChannelError:
            session.abort()
            raise
        self._idle_session = session
        stored = FolderCursor.parse(cursors(self._reader(), self._account.id).get("INBOX"))
        missed = stored is not None and (state.uidvalidity != stored.uidvalidity
                                         or state.uidnext > stored.next)
        return session, missed

    # -- pull ----------------------------------------------------------------
    def pull(self, cursors: Mapping[str, str]) -> Batch:
        try:
            return self._pull(cursors)
        except ChannelError:
            self._drop()
            raise

    def _pull(self, cursors: Mapping[str, str]) -> Batch:
        session = self._imap()
        days = self._settings.first_sync_days
        request = self._settings.history_since
        since = first_sync_start(self._clock() - days * _DAY if days else 0, request)
        budget = self._settings.batch_size
        messages: list[IncomingMessage] = []
        flags: list[FlagChange] = []
        deleted: list[str] = []
        new_cursors: dict[str, str] = {}
        more = False
        for role in ("inbox", "archive", "sent"):
            name = self._folders.get(role)
            if name is None:
                continue
            job = FolderJob(name, role, self._account.id, self._ours, since, self._reader,
                            self._locator(name), request)
            # The next pull starts in INBOX: only there can its first FETCH go out early.
            result = pull_folder(session, job, cursors.get(name), budget - len(messages),
                                 self._plans.pop(name, None), cursors.get(history_key(name)),
                                 ahead=role == "inbox")
            if result.plan is not None:
                self._plans[name] = result.plan
            messages += result.messages
            flags += result.flag_changes
            deleted += result.deleted
            if result.cursor != cursors.get(name):
                new_cursors[name] = result.cursor
            if result.history is not None:
                new_cursors[history_key(name)] = result.history
            self._remaining = result.remaining
            if result.more or len(messages) >= budget:
                more = result.more or role != "sent"
                break
        self._pulled += len(messages)
        return Batch(tuple(messages), tuple(flags), tuple(deleted), new_cursors, more)

    def expected_total(self) -> int | None:
        """Messages this run delivers in all, as far as the current folder tells."""
        return self._pulled + self._remaining if self._remaining else None

    def _locator(self, here: str) -> Callable[[str], str | None]:
        """Finds which other synced folder holds a Message-ID (a move, not a delete)."""
        def locate(remote_id: str) -> str | None:
            session = self._imap()
            for name in self._folders.values():
                if name != here and self._uids_of(session, name, [remote_id], readonly=True):
                    return name
            return None

        return locate

    @staticmethod
    def _uids_of(session: ImapSession, folder: str, remote_ids: list[str], *,
                 readonly: bool) -> list[int]:
        if session.selected != folder or (not readonly and session.readonly):
            session.select(folder, readonly=readonly)
        uids: list[int] = []
        for remote_id in remote_ids:
            uids += session.search("HEADER", "Message-ID", quote(remote_id))
        return uids

    # -- send ----------------------------------------------------------------
    def send(self, item: OutboxEntry) -> SendResult:
        try:
            if item.kind == "reply":
                return self._send_reply(item)
            self._mirror(item)
            return SendResult()
        except ChannelError:
            self._drop()
            raise

    def _send_reply(self, item: OutboxEntry) -> SendResult:
        payload = item.payload
        ctx = reply_context(self._reader(), item.message_id, item.conversation_id,
                            payload.get("in_reply_to"))
        if ctx is None:
            raise PermanentError("the reply no longer exists in the store")
        if not ctx.to_address:
            raise PermanentError("this conversation has no address to reply to")
        msg = build_reply(ctx, from_name=self._account.display_name,
                          from_address=self._account.identity,
                          subject=str(payload.get("subject") or ""),
                          text=str(payload.get("text") or ""))
        raw = msg.as_bytes()
        session = self._imap()
        sent = self._folders.get("sent") if self._settings.save_sent else None
        if sent:
            session.append(sent, ["\\Seen", PENDING_KEYWORD], raw)
        s = self._settings
        send_message(s.smtp, s.username, self._password, msg, timeout=s.timeout,
                     ssl_context=self._ssl)
        # Accepted by SMTP: from here on nothing may raise, or the engine would resend.
        try:
            self._after_send(ctx.message_id, raw, sent, ctx.references[-1:])
        except ChannelError as exc:
            log.warning("reply %s was sent, but filing it failed: %s", ctx.message_id, exc)
            self._drop()
        return SendResult(remote_id=ctx.message_id)

    def _after_send(self, message_id: str, raw: bytes, sent: str | None,
                    parents: tuple[str, ...]) -> None:
        session = self._imap()
        if sent:
            session.append(sent, ["\\Seen"], raw)
            session.select(sent, readonly=False)
            pending = session.search("HEADER", "Message-ID", quote(message_id),
                                     "KEYWORD", PENDING_KEYWORD)
            if pending:
                session.store(pending, "+FLAGS", ["\\Deleted"])
                session.expunge_uids(",".join(map(str, pending)))
        for folder in (self._folders["inbox"], self._folders.get("archive")):
            if folder and parents:
                uids = self._uids_of(session, folder, list(parents), readonly=False)
                session.store(uids, "+FLAGS", ["\\Answered"])

    def was_delivered(self, item: OutboxEntry) -> bool | None:
        ctx = reply_context(self._reader(), item.message_id, item.conversation_id, None)
        if item.kind != "reply" or ctx is None:
            return None
        try:
            session = self._imap()
            sent = self._folders.get("sent")
            if sent is None:
                return None
            uids = self._uids_of(session, sent, [ctx.message_id], readonly=True)
            if not uids:
                return False if self._settings.save_sent else None
            copies = session.fetch(uids, "(UID FLAGS)")
        except ChannelError:
            self._drop()
            return None
        if any(PENDING_KEYWORD not in c.flags for c in copies):
            return True
        return None

    # -- mirroring local actions ---------------------------------------------
    def _mirror(self, item: OutboxEntry) -> None:
        session = self._imap()
        messages = conversation_messages(self._reader(), item.conversation_id)
        incoming = [m.remote_id for m in messages if m.direction == "in"]
        every = [m.remote_id for m in messages]
        inbox, archive = self._folders["inbox"], self._folders.get("archive")
        folders = [f for f in (inbox, archive, self._folders.get("sent")) if f]
        if item.kind in ("read", "unread"):
            targets = incoming if item.kind == "read" else incoming[-1:]
            op = "+FLAGS" if item.kind == "read" else "-FLAGS"
            self._store_in(session, folders, targets, op, "\\Seen")
        elif item.kind in ("label", "unlabel"):
            if not self._capabilities.remote_labels:
                return  # local only; capabilities tell the UI so
            keyword = keyword_for(str(item.payload.get("label", "")))
            op = "+FLAGS" if item.kind == "label" else "-FLAGS"
            self._store_in(session, folders, every, op, keyword)
        elif item.kind in ("archive", "unarchive"):
            if archive is None:
                return
            source, target = (inbox, archive) if item.kind == "archive" else (archive, inbox)
            uids = self._uids_of(session, source, incoming, readonly=False)
            session.move(uids, target)
        else:
            raise PermanentError(f"email cannot carry out {item.kind!r}")

    def _store_in(self, session: ImapSession, folders: list[str], remote_ids: list[str],
                  op: str, flag: str) -> None:
        for folder in folders:
            uids = self._uids_of(session, folder, remote_ids, readonly=False)
            session.store(uids, op, [flag])
