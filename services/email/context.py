"""What the email adapter reads from the store (read-only, plain sqlite3).

An outbox item carries only the reply text and subject; the recipient, the
Message-ID fixed at queue time and the References chain live in the store.
Expunge detection likewise compares the server's folder with what the store
remembers of it, so the adapter needs no UID map of its own.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

__all__ = ["ConversationMessage", "ReplyContext", "conversation_messages", "folder_remote_ids",
           "reply_context"]


@dataclass(frozen=True, slots=True)
class ReplyContext:
    message_id: str
    to_name: str
    to_address: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConversationMessage:
    remote_id: str
    direction: str
    folder: str
    sent_at: int


def reply_context(conn: sqlite3.Connection, message_id: int | None,
                  conversation_id: int | None, in_reply_to: str | None) -> ReplyContext | None:
    """None when the message is gone (the reply was withdrawn meanwhile)."""
    if message_id is None:
        return None
    row = conn.execute("SELECT remote_id, conversation_id FROM message WHERE id = ?",
                       (message_id,)).fetchone()
    if row is None:
        return None
    remote_id, conv_id = str(row[0]), int(row[1] if conversation_id is None else conversation_id)
    contact = conn.execute(
        "SELECT c.handle, c.display_name FROM conversation v JOIN contact c"
        " ON c.id = v.contact_id WHERE v.id = ?", (conv_id,)).fetchone()
    if contact is None:  # fall back to whoever wrote to us last
        contact = conn.execute(
            "SELECT author_handle, author_name FROM message WHERE conversation_id = ?"
            " AND direction = 'in' ORDER BY sent_at DESC LIMIT 1", (conv_id,)).fetchone()
    to_address, to_name = (str(contact[0]), str(contact[1])) if contact else ("", "")
    references: list[str] = []
    if in_reply_to:
        parent = conn.execute(
            "SELECT meta FROM message WHERE conversation_id = ? AND remote_id = ?",
            (conv_id, in_reply_to)).fetchone()
        meta = json.loads(parent[0] or "{}") if parent else {}
        references = [r for r in str(meta.get("references", "")).split() if r]
        if not references:  # the parent did not say; the thread's first message is the root
            root = conn.execute(
                "SELECT remote_id FROM message WHERE conversation_id = ? AND remote_id LIKE '<%'"
                " ORDER BY sent_at, id LIMIT 1", (conv_id,)).fetchone()
            if root and root[0] != in_reply_to:
                references.append(str(root[0]))
        references.append(in_reply_to)
    return ReplyContext(remote_id, to_name, to_address, tuple(dict.fromkeys(references)))


def conversation_messages(conn: sqlite3.Connection,
                          conversation_id: int | None) -> list[ConversationMessage]:
    if conversation_id is None:
        return []
    return [ConversationMessage(str(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in conn.execute(
        "SELECT remote_id, direction, folder, sent_at FROM message WHERE conversation_id = ?"
        " AND state IN ('received', 'sent') ORDER BY sent_at, id", (conversation_id,))]


def folder_remote_ids(conn: sqlite3.Connection, account_id: int, folder: str) -> set[str]:
    return {str(r[0]) for r in conn.execute(
        "SELECT remote_id FROM message WHERE account_id = ? AND folder = ?", (account_id, folder))}
