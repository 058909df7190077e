"""Schema migrations, one SQL script per version (``PRAGMA user_version``).

The scripts are frozen history: a store written by any earlier release is
upgraded in place by running every later script in one transaction. The
SQLModel classes in ``models.py`` describe the *current* schema and a test
checks that both agree, so the ORM and the migrations cannot drift apart.
"""

from __future__ import annotations

V1 = """
CREATE TABLE workspace (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL DEFAULT 'en',
    signature TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    display_name TEXT NOT NULL,
    identity TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_account_workspace ON account(workspace_id);
CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
    handle TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    is_bot INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_id, handle)
);
CREATE TABLE conversation (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    thread_key TEXT NOT NULL,
    stream TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    snippet TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    snooze_until INTEGER,
    unread INTEGER NOT NULL DEFAULT 0,
    waiting_since INTEGER,
    last_activity INTEGER NOT NULL,
    message_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, thread_key)
);
CREATE INDEX ix_conversation_ws_status ON conversation(workspace_id, status, last_activity);
CREATE INDEX ix_conversation_status ON conversation(status, last_activity);
CREATE INDEX ix_conversation_stream ON conversation(stream, status, last_activity);
CREATE INDEX ix_conversation_ws_stream
    ON conversation(workspace_id, stream, status, last_activity);
CREATE INDEX ix_conversation_activity ON conversation(last_activity);
CREATE INDEX ix_conversation_waiting ON conversation(workspace_id, waiting_since)
    WHERE status = 'open' AND waiting_since IS NOT NULL;
CREATE INDEX ix_conversation_waiting_all ON conversation(waiting_since)
    WHERE status = 'open' AND waiting_since IS NOT NULL;
CREATE INDEX ix_conversation_counts
    ON conversation(workspace_id, stream, status, unread, waiting_since);
CREATE TABLE message (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
    remote_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    author_name TEXT NOT NULL DEFAULT '',
    author_handle TEXT NOT NULL DEFAULT '',
    sent_at INTEGER NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    html TEXT,
    state TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    folder TEXT NOT NULL DEFAULT '',
    meta TEXT NOT NULL DEFAULT '{}',
    content_hash TEXT NOT NULL DEFAULT '',
    UNIQUE (account_id, remote_id)
);
CREATE INDEX ix_message_conversation ON message(conversation_id, sent_at);
CREATE TABLE label (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    colour TEXT NOT NULL,
    UNIQUE (workspace_id, name)
);
CREATE TABLE conversation_label (
    conversation_id INTEGER NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL REFERENCES label(id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, label_id)
);
CREATE INDEX ix_conversation_label_label ON conversation_label(label_id, conversation_id);
CREATE TABLE outbox_item (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    conversation_id INTEGER REFERENCES conversation(id) ON DELETE CASCADE,
    message_id INTEGER REFERENCES message(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_outbox_state ON outbox_item(state, next_attempt_at);
CREATE INDEX ix_outbox_conversation ON outbox_item(conversation_id, id);
CREATE TABLE sync_cursor (
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    folder TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, folder)
);
CREATE VIRTUAL TABLE message_fts USING fts5(
    subject, body, author,
    content='',
    tokenize="unicode61 remove_diacritics 2"
);
"""

V2 = """
ALTER TABLE account ADD COLUMN last_sync_at INTEGER;
ALTER TABLE account ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
CREATE TABLE attachment (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    part_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_attachment_message ON attachment(message_id);
CREATE TABLE raw_source (
    message_id INTEGER PRIMARY KEY REFERENCES message(id) ON DELETE CASCADE,
    data BLOB NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
"""
"""Sync status per account for the sidebar; attachments and the raw source of
messages that could not be parsed, so nothing a channel delivered is dropped."""

V3 = """
ALTER TABLE workspace ADD COLUMN availability TEXT;
ALTER TABLE account ADD COLUMN availability TEXT;
CREATE TABLE away_notice (
    id INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
    conversation_id INTEGER REFERENCES conversation(id) ON DELETE SET NULL,
    message_id INTEGER REFERENCES message(id) ON DELETE SET NULL,
    sender TEXT NOT NULL,
    sent_at INTEGER NOT NULL
);
CREATE INDEX ix_away_notice_sender ON away_notice(workspace_id, sender, sent_at);
CREATE INDEX ix_away_notice_time ON away_notice(workspace_id, sent_at);
"""
"""Availability schedules (JSON, per workspace with per-account overrides) and
the history of away notices that the loop guards' rate limits read."""

_TALLY_KEY = ("workspace_id = {r}.workspace_id AND stream = {r}.stream AND status = {r}.status"
              " AND unread = {r}.unread AND waiting = ({r}.waiting_since IS NOT NULL)")

V4 = f"""
DROP INDEX ix_conversation_counts;
CREATE TABLE conversation_tally (
    workspace_id INTEGER NOT NULL,
    stream TEXT NOT NULL,
    status TEXT NOT NULL,
    unread INTEGER NOT NULL,
    waiting INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, stream, status, unread, waiting)
) WITHOUT ROWID;
INSERT INTO conversation_tally
    SELECT workspace_id, stream, status, unread, waiting_since IS NOT NULL, count(*)
    FROM conversation GROUP BY 1, 2, 3, 4, 5;
CREATE TRIGGER conversation_tally_insert AFTER INSERT ON conversation BEGIN
    INSERT INTO conversation_tally VALUES (NEW.workspace_id, NEW.stream, NEW.status,
        NEW.unread, NEW.waiting_since IS NOT NULL, 1)
        ON CONFLICT (workspace_id, stream, status, unread, waiting) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER conversation_tally_delete AFTER DELETE ON conversation BEGIN
    UPDATE conversation_tally SET n = n - 1 WHERE {_TALLY_KEY.format(r="OLD")};
END;
CREATE TRIGGER conversation_tally_update
    AFTER UPDATE OF workspace_id, stream, status, unread, waiting_since ON conversation
    WHEN OLD.workspace_id IS NOT NEW.workspace_id OR OLD.stream IS NOT NEW.stream
        OR OLD.status IS NOT NEW.status OR OLD.unread IS NOT NEW.unread
        OR (OLD.waiting_since IS NULL) IS NOT (NEW.waiting_since IS NULL)
BEGIN
    UPDATE conversation_tally SET n = n - 1 WHERE {_TALLY_KEY.format(r="OLD")};
    INSERT INTO conversation_tally VALUES (NEW.workspace_id, NEW.stream, NEW.status,
        NEW.unread, NEW.waiting_since IS NOT NULL, 1)
        ON CONFLICT (workspace_id, stream, status, unread, waiting) DO UPDATE SET n = n + 1;
END;
"""
"""Sidebar counts kept as a tally by triggers on ``conversation``.

Counting 100,000 conversations for every change notification cost ~30 ms on
the GUI thread; the tally has a few dozen rows. The triggers fire per
conversation (not per message, which is why FTS rows are not written by
triggers) and only when a counted column really changed."""

V5 = """
CREATE VIRTUAL TABLE message_terms USING fts5vocab(message_fts, instance);
"""
"""The search index's vocabulary (a view of it; it stores nothing), sorted by word.

FTS5 answers ``rech*`` by merging the postings of every word starting with
``rech`` before the first row comes back: 14 ms at 1M messages for a word in a
quarter of them, 200-300 ms for ``re*``. One seek per word in this table lists
those words in 1-2 ms, and FTS5 walks their OR newest first lazily
(``search.py``). A prefix index would avoid the merge too, but it helps only
prefixes of exactly its length, and each length made FTS inserts 40-50% slower
and the index 60% bigger."""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4, V5)
"""``MIGRATIONS[n]`` upgrades a store from ``user_version`` n to n + 1."""

SCHEMA_VERSION = len(MIGRATIONS)
