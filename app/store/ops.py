"""User actions: each one transaction that changes local state and, where a
channel must learn of it, enqueues an outbox item.

The change is committed before the call returns, so the window can show it at
once and a crash or restart loses nothing. Every action returns an ``Undo``
that reverses it the same way (as another action), which is what the
window's "z" runs. Reversing an action whose outbox item has not been
attempted yet simply withdraws that item, so flipping a label back and forth
offline sends nothing at all.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlmodel import Session, col, select

from app.records import ConversationStatus, DeliveryState, Direction
from app.store.colours import default_colour, parse_colour
from app.store.database import InvalidInputError, NotFoundError, Store
from app.store.models import (
    Account,
    Conversation,
    ConversationLabel,
    Label,
    Message,
    OutboxItem,
    Workspace,
)
from app.store.undo import Undo

MAX_REPLY_CHARS = 100_000

# Outbox kinds whose pending item a later opposite action withdraws.
_OPPOSITE = {"label": "unlabel", "unlabel": "label", "archive": "unarchive",
             "unarchive": "archive", "read": "unread", "unread": "read"}


def new_key() -> str:
    return uuid.uuid4().hex


# -- workspaces, accounts, labels -------------------------------------------
def create_workspace(store: Store, name: str, language: str = "en") -> int:
    name = name.strip()
    if not name:
        raise InvalidInputError("a workspace needs a name")
    with store.session() as s:
        if s.exec(select(Workspace).where(Workspace.name == name)).first():
            raise InvalidInputError(f"a workspace named {name!r} already exists")
        ws = Workspace(name=name, language=language, created_at=store.clock())
        s.add(ws)
        s.flush()
        assert ws.id is not None
        return ws.id


def resolve_workspace(store: Store, ref: str) -> int:
    """A workspace by id or by name (ids win when a name is also a number)."""
    conn = store.reader()
    if ref.isdigit():
        row = conn.execute("SELECT id FROM workspace WHERE id = ?", (int(ref),)).fetchone()
        if row:
            return int(row[0])
    row = conn.execute("SELECT id FROM workspace WHERE name = ? COLLATE NOCASE",
                       (ref,)).fetchone()
    if row is None:
        raise NotFoundError(f"no workspace {ref!r}")
    return int(row[0])


def create_account(store: Store, workspace_id: int, kind: str, display_name: str,
                   identity: str, settings: dict[str, Any] | None = None) -> int:
    with store.session() as s:
        if s.get(Workspace, workspace_id) is None:
            raise NotFoundError(f"no workspace with id {workspace_id}")
        account = Account(workspace_id=workspace_id, kind=kind, display_name=display_name,
                          identity=identity, settings=json.dumps(settings or {}),
                          created_at=store.clock())
        s.add(account)
        s.flush()
        assert account.id is not None
        return account.id


def delete_account(store: Store, account_id: int) -> None:
    """Remove an account with everything that came from it, in one transaction.

    Its conversations, messages (and their search rows), outbox items and
    cursors go; contacts stay with the workspace. The caller removes the
    account's secret from keyring.
    """
    with store.write() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM account WHERE id = ?",
                                (account_id,)).fetchone() is None:
            raise NotFoundError(f"no account with id {account_id}")
        # The index is contentless: SQLite needs the indexed values to forget them.
        conn.exec_driver_sql(
            "INSERT INTO message_fts (message_fts, rowid, subject, body, author)"
            " SELECT 'delete', id, subject, text, author_name || ' ' || author_handle"
            " FROM message WHERE account_id = ?", (account_id,))
        conn.exec_driver_sql("DELETE FROM account WHERE id = ?", (account_id,))


def ensure_label(s: Session, workspace_id: int, name: str, colour: str | None = None) -> Label:
    name = name.strip()
    if not name:
        raise InvalidInputError("a label needs a name")
    label = s.exec(select(Label).where(Label.workspace_id == workspace_id,
                                       Label.name == name)).first()
    if label is None:
        label = Label(workspace_id=workspace_id, name=name,
                      colour=parse_colour(colour) if colour else default_colour(name))
        s.add(label)
        s.flush()
    elif colour:
        label.colour = parse_colour(colour)
    return label


def create_label(store: Store, workspace_id: int, name: str, colour: str | None = None) -> int:
    with store.session() as s:
        label = ensure_label(s, workspace_id, name, colour)
        assert label.id is not None
        return label.id


# -- helpers -----------------------------------------------------------------
def _conversation(s: Session, conversation_id: int) -> Conversation:
    conv = s.get(Conversation, conversation_id)
    if conv is None:
        raise NotFoundError(f"no conversation with id {conversation_id}")
    return conv


def _enqueue(s: Session, store: Store, conv: Conversation, kind: str,
             payload: dict[str, Any], message_id: int | None = None,
             key: str | None = None) -> None:
    opposite = _OPPOSITE.get(kind)
    if opposite is not None:
        pending = s.exec(
            select(OutboxItem)
            .where(OutboxItem.conversation_id == conv.id, OutboxItem.kind == opposite,
                   OutboxItem.state == "pending", OutboxItem.attempts == 0)
            .order_by(col(OutboxItem.id).desc())
        ).first()
        if pending is not None and json.loads(pending.payload) == payload:
            s.delete(pending)
            return
    now = store.clock()
    s.add(OutboxItem(account_id=conv.account_id, conversation_id=conv.id, message_id=message_id,
                     kind=kind, payload=json.dumps(payload, sort_keys=True),
                     idempotency_key=key or new_key(), next_attempt_at=now, created_at=now))


def outgoing_remote_id(account_kind: str, identity: str, key: str) -> str:
    """The id our reply will carry on the channel, fixed when it is queued.

    Email knows it up front (the Message-ID we write); other channels assign
    theirs on send, so until then the message carries a local placeholder.
    """
    if account_kind in ("email", "demo"):
        domain = identity.rpartition("@")[2] or "tresen.invalid"
        return f"<{key}@{domain}>"
    return f"local:{key}"


# -- actions -----------------------------------------------------------------
def queue_outgoing(s: Session, store: Store, conv: Conversation, body: str, *,
                   subject_prefix: str = "Re: ", answers: bool = True,
                   extra: dict[str, Any] | None = None) -> Message:
    """Write our message (state queued) and its outbox item in the caller's transaction.

    ``answers`` is False for automatic notices: they tell the customer when
    we will answer, so the conversation keeps waiting for a real reply.
    """
    account = s.get(Account, conv.account_id)
    assert account is not None and account.id is not None and conv.id is not None
    key = new_key()
    now = store.clock()
    last_in = s.exec(
        select(Message).where(Message.conversation_id == conv.id,
                              Message.direction == Direction.IN.value)
        .order_by(col(Message.sent_at).desc())
    ).first()
    subject = conv.subject
    if subject and not subject.lower().startswith(("re:", "aw:", subject_prefix.lower())):
        subject = f"{subject_prefix}{subject}"
    msg = Message(account_id=account.id, conversation_id=conv.id,
                  remote_id=outgoing_remote_id(account.kind, account.identity, key),
                  direction=Direction.OUT.value, author_name=account.display_name,
                  author_handle=account.identity, sent_at=now, subject=subject, text=body,
                  state=DeliveryState.QUEUED.value, read=True,
                  meta=json.dumps(extra or {}, sort_keys=True))
    s.add(msg)
    s.flush()
    assert msg.id is not None
    s.connection().exec_driver_sql(
        "INSERT INTO message_fts (rowid, subject, body, author) VALUES (?, ?, ?, ?)",
        (msg.id, subject, body, f"{msg.author_name} {msg.author_handle}"),
    )
    payload = {"text": body, "subject": subject,
               "in_reply_to": last_in.remote_id if last_in else None, **(extra or {})}
    _enqueue(s, store, conv, "reply", payload, message_id=msg.id, key=key)
    if answers:
        conv.waiting_since = None
        conv.snippet = " ".join(body.split())[:160]
    conv.last_activity = max(conv.last_activity, now)
    conv.message_count += 1
    return msg


def _check_body(text: str) -> str:
    body = text.strip("\n")
    if not body.strip():
        raise InvalidInputError("the reply is empty")
    if len(body) > MAX_REPLY_CHARS:
        raise InvalidInputError(f"the reply is longer than {MAX_REPLY_CHARS} characters")
    return body


def reply(store: Store, conversation_id: int, text: str) -> tuple[int, Undo]:
    """Queue a reply; returns the new message id."""
    body = _check_body(text)
    with store.session() as s:
        msg = queue_outgoing(s, store, _conversation(s, conversation_id), body)
        assert msg.id is not None
        return msg.id, Undo("cancel_reply", conversation_id, (msg.id,), "reply")


def cancel_reply(store: Store, message_id: int) -> None:
    """Withdraw a reply that has not been attempted yet; refuse otherwise."""
    from app.store.ingest import refresh_conversation

    with store.session() as s:
        msg = s.get(Message, message_id)
        if msg is None:
            raise NotFoundError(f"no message with id {message_id}")
        item = s.exec(select(OutboxItem).where(OutboxItem.message_id == message_id)).first()
        if msg.state != DeliveryState.QUEUED.value or (item and item.attempts > 0):
            raise InvalidInputError("this reply is already on its way and cannot be withdrawn")
        conn = s.connection()
        conn.exec_driver_sql(
            "INSERT INTO message_fts (message_fts, rowid, subject, body, author)"
            " VALUES ('delete', ?, ?, ?, ?)",
            (msg.id, msg.subject, msg.text, f"{msg.author_name} {msg.author_handle}"),
        )
        conn.exec_driver_sql("DELETE FROM outbox_item WHERE message_id = ?", (message_id,))
        conn.exec_driver_sql("DELETE FROM message WHERE id = ?", (message_id,))
        s.expunge(msg)
        if item is not None:
            s.expunge(item)
        refresh_conversation(conn.connection.driver_connection.cursor(),  # type: ignore[union-attr]
                             msg.conversation_id)


def set_label(store: Store, conversation_id: int, name: str, *, present: bool = True,
              colour: str | None = None) -> Undo:
    with store.session() as s:
        conv = _conversation(s, conversation_id)
        label = ensure_label(s, conv.workspace_id, name, colour)
        link = s.get(ConversationLabel, (conversation_id, label.id))
        if present and link is None:
            s.add(ConversationLabel(conversation_id=conversation_id, label_id=label.id or 0))
            _enqueue(s, store, conv, "label", {"label": label.name})
        elif not present and link is not None:
            s.delete(link)
            _enqueue(s, store, conv, "unlabel", {"label": label.name})
        elif not present and link is None:
            raise InvalidInputError(f"conversation {conversation_id} has no label {name!r}")
        return Undo("label", conversation_id, (label.name, not present),
                    f"{'label' if present else 'unlabel'} {label.name}")


def _set_status(store: Store, conversation_id: int, status: ConversationStatus,
                snooze_until: int | None = None) -> Undo:
    with store.session() as s:
        conv = _conversation(s, conversation_id)
        before = (ConversationStatus(conv.status), conv.snooze_until)
        conv.status = status.value
        conv.snooze_until = snooze_until
        was_done = before[0] is ConversationStatus.DONE
        if status is ConversationStatus.DONE and not was_done:
            _enqueue(s, store, conv, "archive", {})
        elif status is not ConversationStatus.DONE and was_done:
            _enqueue(s, store, conv, "unarchive", {})
        return Undo("status", conversation_id, before, status.value)


def mark_done(store: Store, conversation_id: int) -> Undo:
    return _set_status(store, conversation_id, ConversationStatus.DONE)


def reopen(store: Store, conversation_id: int) -> Undo:
    return _set_status(store, conversation_id, ConversationStatus.OPEN)


def snooze(store: Store, conversation_id: int, until: int) -> Undo:
    if until <= store.clock():
        raise InvalidInputError("snooze needs a time in the future")
    return _set_status(store, conversation_id, ConversationStatus.SNOOZED, until)


def set_read(store: Store, conversation_id: int, read: bool) -> Undo:
    """Mark every incoming message read, or the newest one unread (as mail clients do)."""
    with store.session() as s:
        conv = _conversation(s, conversation_id)
        conn = s.connection()
        if read:
            changed = conn.exec_driver_sql(
                "UPDATE message SET read = 1 WHERE conversation_id = ? AND direction = 'in'"
                " AND read = 0", (conversation_id,)).rowcount
        else:
            changed = conn.exec_driver_sql(
                "UPDATE message SET read = 0 WHERE id = (SELECT id FROM message WHERE"
                " conversation_id = ? AND direction = 'in' ORDER BY sent_at DESC LIMIT 1)"
                " AND read = 1", (conversation_id,)).rowcount
        was_read = not conv.unread
        conv.unread = bool(conn.exec_driver_sql(
            "SELECT EXISTS (SELECT 1 FROM message WHERE conversation_id = ?"
            " AND direction = 'in' AND read = 0)", (conversation_id,)).scalar())
        if changed:
            _enqueue(s, store, conv, "read" if read else "unread", {})
        return Undo("read", conversation_id, (was_read,), "read" if read else "unread")


def wake_snoozed(store: Store) -> list[int]:
    """Reopen snoozed conversations whose time has come; returns their ids."""
    with store.write() as conn:
        rows = conn.exec_driver_sql(
            "UPDATE conversation SET status = 'open', snooze_until = NULL"
            " WHERE status = 'snoozed' AND snooze_until <= ? RETURNING id", (store.clock(),)
        ).fetchall()
        return [int(r[0]) for r in rows]


def apply_undo(store: Store, undo: Undo) -> Undo | None:
    """Run the inverse of an action; returns the undo of the undo (redo)."""
    if undo.action == "cancel_reply":
        cancel_reply(store, int(undo.args[0]))
        return None
    if undo.action == "label":
        name, present = undo.args
        return set_label(store, undo.conversation_id, str(name), present=bool(present))
    if undo.action == "status":
        status, until = undo.args
        return _set_status(store, undo.conversation_id, ConversationStatus(status), until)
    if undo.action == "read":
        return set_read(store, undo.conversation_id, bool(undo.args[0]))
    raise InvalidInputError(f"cannot undo {undo.action!r}")
