"""A realistic, seeded store at scale, written through the sync write path.

Several workspaces and accounts, German and English text of realistic
length, labels, unread and waiting conversations and a few very long threads.
Messages are generated roughly in time order, as a first sync delivers them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from app.records import Batch, Direction, IncomingMessage, Stream
from app.store import ops
from app.store.colours import default_colour
from app.store.database import Store
from app.store.ingest import apply_batch

_DE = tuple((
    "hallo guten tag ich habe am montag bei ihnen brötchen bestellt und die lieferung "
    "ist leider nicht angekommen könnten sie bitte nachsehen wo sie bleibt vielen "
    "dank für die schnelle antwort wir feiern am samstag einen geburtstag und "
    "brauchen eine torte mit erdbeeren ohne nüsse wegen einer allergie ist das "
    "möglich die rechnung stimmt nicht der betrag ist doppelt abgebucht worden bitte "
    "um rückruf öffnungszeiten sonntag frisch gebacken sauerteig dinkel vollkorn "
    "croissant kuchen reklamation freundliche grüße aus der nachbarschaft"
).split())
_EN = tuple((
    "hello my bike has a flat tyre and the gears are slipping could you book me in "
    "for a repair this week the invoice shows the wrong amount please check my order "
    "number thanks for the quick reply i ordered a helmet online but it has not "
    "arrived yet is the warranty still valid after two years brakes chain service "
    "appointment saddle wheel spokes refund exchange delivery tracking opening hours "
    "weekend kind regards from the riverside cycling club"
).split())
_NAMES = ("Anna", "Bernd", "Carla", "David", "Emma", "Felix", "Greta", "Hannah", "Jonas",
          "Klara", "Liam", "Mia", "Noah", "Olivia", "Paul", "Sophie", "Tom", "Ursula")
_LABELS = ("Bestellung", "Reklamation", "Allergene", "Rückruf", "Repair", "Order", "Warranty")


@dataclass(frozen=True, slots=True)
class CorpusSpec:
    conversations: int = 100_000
    messages: int = 1_000_000
    workspaces: int = 5
    accounts_per_workspace: int = 2
    long_threads: int = 3
    long_thread_length: int = 2_000
    seed: int = 20261123
    start: int = 1_700_000_000
    batch_messages: int = 5_000


def _text(rng: random.Random, words: tuple[str, ...] | list[str], n: int) -> str:
    return " ".join(rng.choices(words, k=n)).capitalize() + "."


def _thread_lengths(spec: CorpusSpec, rng: random.Random) -> list[int]:
    """Lengths that add up to ``spec.messages`` with a long tail and a few giants."""
    normal = spec.conversations - spec.long_threads
    budget = spec.messages - spec.long_threads * spec.long_thread_length
    lengths = [1 + int(rng.expovariate(1 / max(budget / normal - 1, 0.01)))
               for _ in range(normal)]
    scale = budget / sum(lengths)
    # Real threads rarely pass a few hundred messages; the giants are separate.
    lengths = [min(max(1, round(n * scale)), 300) for n in lengths]
    shortfall = budget - sum(lengths)
    step = 1 if shortfall > 0 else -1
    while shortfall:  # spread the rounding error without breaking the cap
        for i in range(len(lengths)):
            if shortfall and 1 <= lengths[i] + step <= 300:
                lengths[i] += step
                shortfall -= step
    giants = [spec.long_thread_length] * spec.long_threads
    return giants + lengths


def _conversation(rng: random.Random, conv_no: int, length: int, start: int,
                  account_domain: str) -> Iterator[IncomingMessage]:
    german = conv_no % 2 == 0
    words = _DE if german else _EN
    name = rng.choice(_NAMES)
    handle = f"{name.lower()}.{conv_no}@example.org"
    stream = (Stream.DIRECT, Stream.DIRECT, Stream.DIRECT, Stream.MENTIONS,
              Stream.LISTENING)[conv_no % 5]
    subject = _text(rng, words, rng.randint(2, 6)).rstrip(".")
    t = start
    root = f"<c{conv_no}.0@example.org>"
    # Most threads end with the customer (waiting) or with us (answered).
    for i in range(length):
        ours = i % 2 == 1 and rng.random() < 0.8
        t += rng.randint(60, 36_000) if length < 100 else rng.randint(5, 60)
        yield IncomingMessage(
            remote_id=f"<c{conv_no}.{i}@example.org>" if i else root,
            thread_key=root, stream=stream,
            direction=Direction.OUT if ours else Direction.IN,
            author_name="Team" if ours else name,
            author_handle=f"team@{account_domain}" if ours else handle,
            sent_at=t, subject=subject if i == 0 else f"Re: {subject}",
            text=_text(rng, words, rng.randint(15, 90)),
            parent_ids=(root,) if i else (),
            read=rng.random() < 0.9,
            contact_handle=handle, contact_name=name,
        )


ACCOUNT_CHANNELS = ("email", "mastodon", "feed")


def create_accounts(store: Store, spec: CorpusSpec) -> tuple[list[int], list[int]]:
    """The corpus's workspaces and accounts; returns (workspace ids, account ids)."""
    accounts: list[int] = []
    workspace_ids: list[int] = []
    for w in range(spec.workspaces):
        ws = ops.create_workspace(store, f"Workspace {w + 1}", "de" if w % 2 == 0 else "en")
        workspace_ids.append(ws)
        for a in range(spec.accounts_per_workspace):
            accounts.append(ops.create_account(
                store, ws, "demo", f"Account {w + 1}.{a + 1}", f"team@ws{w + 1}-{a}.example",
                {"channel": ACCOUNT_CHANNELS[a % 3]}))
    return workspace_ids, accounts


def iter_batches(spec: CorpusSpec, n_accounts: int
                 ) -> Iterator[tuple[int, tuple[IncomingMessage, ...]]]:
    """(account index, messages) in the order a first sync would deliver them.

    Deterministic for ``spec.seed``: two passes yield identical batches, which
    is how the benchmark feeds the same rows to the raw-SQLite limit.
    """
    rng = random.Random(spec.seed)
    lengths = _thread_lengths(spec, rng)
    span = 3 * 365 * 86_400
    pending: list[list[IncomingMessage]] = [[] for _ in range(n_accounts)]
    for conv_no, length in enumerate(lengths):
        index = conv_no % n_accounts
        start = spec.start + span * conv_no // len(lengths)
        pending[index].extend(_conversation(rng, conv_no, length, start,
                                            f"ws-{index}.example"))
        if len(pending[index]) >= spec.batch_messages:
            yield index, tuple(pending[index])
            pending[index] = []
    for index, messages in enumerate(pending):
        if messages:
            yield index, tuple(messages)


def build_corpus(store: Store, spec: CorpusSpec = CorpusSpec()) -> dict[str, float]:
    """Fill ``store`` through the sync write path; returns counts and the time
    spent in ``apply_batch`` alone (generating the text is not the store's cost)."""
    workspace_ids, accounts = create_accounts(store, spec)
    total = 0
    ingest_seconds = 0.0
    for index, messages in iter_batches(spec, len(accounts)):
        started = time.perf_counter()
        apply_batch(store, accounts[index], Batch(messages=messages))
        ingest_seconds += time.perf_counter() - started
        total += len(messages)
    _label_some(store, random.Random(spec.seed), workspace_ids)
    conversations = store.reader().execute("SELECT count(*) FROM conversation").fetchone()[0]
    return {"messages": total, "conversations": conversations, "accounts": len(accounts),
            "ingest_seconds": ingest_seconds}


def _label_some(store: Store, rng: random.Random, workspace_ids: list[int]) -> None:
    """Label about 5% of conversations in one transaction (bulk, not one op each)."""
    with store.write() as conn:
        for ws in workspace_ids:
            for name in _LABELS:
                conn.exec_driver_sql(
                    "INSERT INTO label (workspace_id, name, colour) VALUES (?, ?, ?)",
                    (ws, name, default_colour(name)))
        labels: dict[int, list[int]] = {}
        for label_id, ws in conn.exec_driver_sql("SELECT id, workspace_id FROM label"):
            labels.setdefault(ws, []).append(label_id)
        picked = conn.exec_driver_sql(
            "SELECT id, workspace_id FROM conversation WHERE id % 20 = ?",
            (rng.randrange(20),)).fetchall()
        conn.exec_driver_sql(
            "INSERT INTO conversation_label (conversation_id, label_id) VALUES (?, ?)",
            [(conv, rng.choice(labels[ws])) for conv, ws in picked])
        # Some triage history: a third done, a few snoozed.
        conn.exec_driver_sql("UPDATE conversation SET status = 'done' WHERE id % 3 = 0")
        conn.exec_driver_sql("UPDATE conversation SET status = 'snoozed',"
                             " snooze_until = last_activity + 86400 WHERE id % 97 = 1")
