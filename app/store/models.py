"""SQLModel tables: the current shape of the store.

Timestamps are UTC epoch seconds. The DDL that creates and upgrades these
tables lives in ``schema.py``; ``tests/app/store/test_schema.py`` keeps the two
in agreement. Bulk paths (ingest) use Core statements on ``Model.__table__``;
the ORM classes serve ops and tests where clarity beats speed.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, LargeBinary, String, UniqueConstraint
from sqlmodel import Field, SQLModel


class Workspace(SQLModel, table=True):
    """One business or client; everything else belongs to exactly one."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    language: str = "en"
    signature: str = ""
    created_at: int
    availability: str | None = None
    """The schedule as JSON (``app.availability.schedule_to_json``), None = not set."""


class Account(SQLModel, table=True):
    """A channel connection. ``settings`` is JSON and never holds a secret."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    kind: str
    display_name: str
    identity: str
    settings: str = "{}"
    created_at: int
    last_sync_at: int | None = None
    last_error: str = ""
    availability: str | None = None
    """An account's own schedule, overriding the workspace's; None = inherit."""


class Contact(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace_id", "handle"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    handle: str
    display_name: str = ""
    is_bot: bool = False


class Conversation(SQLModel, table=True):
    """A thread with one customer.

    ``waiting_since`` is the customer's oldest unanswered message (None when we
    answered last); ``unread`` is true while any incoming message is unread.
    """

    __table_args__ = (UniqueConstraint("account_id", "thread_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    account_id: int = Field(foreign_key="account.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    thread_key: str
    stream: str
    subject: str = ""
    snippet: str = ""
    status: str = "open"
    snooze_until: int | None = None
    unread: bool = False
    waiting_since: int | None = None
    last_activity: int
    message_count: int = 0


class Message(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("account_id", "remote_id"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    conversation_id: int = Field(foreign_key="conversation.id")
    remote_id: str
    direction: str
    author_name: str = ""
    author_handle: str = ""
    sent_at: int
    subject: str = ""
    text: str = ""
    html: str | None = None
    state: str
    read: bool = False
    folder: str = ""
    meta: str = "{}"
    content_hash: str = ""


class Label(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    name: str
    colour: str


class ConversationLabel(SQLModel, table=True):
    __tablename__ = "conversation_label"

    conversation_id: int = Field(foreign_key="conversation.id", primary_key=True)
    label_id: int = Field(foreign_key="label.id", primary_key=True)


class OutboxItem(SQLModel, table=True):
    """Something a channel must learn of, committed with the local change.

    ``idempotency_key`` is made when the item is queued and travels with every
    attempt (email Message-ID, Mastodon Idempotency-Key), so a retry after a
    crash can be recognised instead of sent twice.
    """

    __tablename__ = "outbox_item"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id")
    message_id: int | None = Field(default=None, foreign_key="message.id")
    kind: str
    payload: str = "{}"
    idempotency_key: str = Field(unique=True)
    state: str = "pending"
    attempts: int = 0
    next_attempt_at: int
    last_error: str = ""
    created_at: int


class SyncCursor(SQLModel, table=True):
    __tablename__ = "sync_cursor"

    account_id: int = Field(foreign_key="account.id", primary_key=True)
    folder: str = Field(primary_key=True)
    value: str
    updated_at: int


class Attachment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    name: str
    content_type: str
    size: int
    part_id: str = ""


class RawSource(SQLModel, table=True):
    """The undecoded bytes of a message we could not fully parse."""

    __tablename__ = "raw_source"

    message_id: int = Field(
        sa_column=Column("message_id", Integer, primary_key=True)
    )
    data: bytes = Field(sa_column=Column("data", LargeBinary, nullable=False))
    note: str = Field(default="", sa_column=Column("note", String, nullable=False))


class AwayNotice(SQLModel, table=True):
    """One away notice we queued: what the per-sender and hourly limits count."""

    __tablename__ = "away_notice"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id")
    message_id: int | None = Field(default=None, foreign_key="message.id")
    sender: str
    sent_at: int


__all__ = [
    "Account",
    "Attachment",
    "AwayNotice",
    "Contact",
    "Conversation",
    "ConversationLabel",
    "Label",
    "Message",
    "OutboxItem",
    "RawSource",
    "SyncCursor",
    "Workspace",
]
