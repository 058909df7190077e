"""The demo workspaces: a German bakery and an English bike shop.

The demo is what a new person sees before connecting a real account, so it
must look like a real week at the counter: threads in German and English,
replies we already sent, labels, some customers waiting for minutes and some
for days. The words live in ``resources/demo/*.json`` (one file per
workspace, easy to edit or translate); this module only combines them —
greeting × request × sign-off × filled-in slots — so a few hundred
conversations read varied rather than copy-pasted.

Everything is written through the store's real write path (workspaces, accounts
and labels via ``ops``, messages via ``apply_batch``, a few fresh replies via
``ops``) so the demo exercises the same invariants as a synced account.
Older history (labels, done, snoozed) is settled in one transaction without
outbox items: those changes happened "long ago" and the channel knew of
them, so the outbox shows only the handful of pending demo actions.
The same seed and ``now`` always give the same demo.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sqlmodel import col, select

from app.records import Attachment, Batch, Direction, IncomingMessage, Stream
from app.store import ops, queries
from app.store.database import InvalidInputError, Store
from app.store.ingest import apply_batch
from app.store.models import Conversation, ConversationLabel

DEMO_FILES = ("bakery.json", "bikes.json")
MINUTE, HOUR, DAY = 60, 3600, 86_400


# -- content -------------------------------------------------------------------
def load_spec(name: str) -> dict[str, Any]:
    """One workspace's demo content; via importlib so a frozen bundle finds it."""
    text = resources.files("resources").joinpath("demo", name).read_text(encoding="utf-8")
    spec: dict[str, Any] = json.loads(text)
    return spec


def demo_workspace_names() -> list[str]:
    return [str(load_spec(name)["workspace"]["name"]) for name in DEMO_FILES]


class Slots(dict[str, str]):
    """Template values picked on first use, then fixed for the conversation.

    ``{product}`` in the customer's question and in our answer is the same
    product; keys ending in a digit (``{bread2}``) pick a second, different
    value from the same word list.
    """

    def __init__(self, rng: random.Random, words: dict[str, list[str]],
                 fixed: dict[str, str]) -> None:
        super().__init__(fixed)
        self._rng = rng
        self._words = words

    def __missing__(self, key: str) -> str:
        if key in ("order_no", "invoice_no", "ticket"):
            value = str(self._rng.randint(10_000, 99_999))
        elif key == "phone":
            value = f"{self._rng.randint(100, 999)} {self._rng.randint(1000, 9999)}"
        else:
            base = key.rstrip("0123456789")
            choices = self._words.get(base)
            if not choices:
                raise KeyError(key)
            taken = {v for k, v in self.items() if k.rstrip("0123456789") == base}
            fresh = [c for c in choices if c not in taken] or choices
            value = self._rng.choice(fresh)
        self[key] = value
        return value

    def fill(self, template: str) -> str:
        return template.format_map(self)


@dataclass(slots=True)
class _Planned:
    """One message of a planned thread before it becomes an ``IncomingMessage``."""

    direction: Direction
    sent_at: int
    text: str
    attachment: str = ""


@dataclass(slots=True)
class _Thread:
    """A planned conversation; what the store made of it is filled in later."""

    account: str
    stream: Stream
    thread_key: str
    subject: str
    labels: list[str]
    person: dict[str, str]
    messages: list[_Planned] = field(default_factory=list)
    closing: bool = False  # ends with the customer's "thanks": nothing left to answer
    pending_answer: str = ""  # our answer that `now` cut off: the customer still waits
    reply_prefix: str = "Re:"
    conversation_id: int = 0


# -- building one workspace -----------------------------------------------------
class _Composer:
    """Turns a workspace spec into planned threads (pure: no store access)."""

    def __init__(self, spec: dict[str, Any], rng: random.Random, now: int) -> None:
        self.spec = spec
        self.rng = rng
        self.now = now
        self.words: dict[str, list[str]] = spec["words"]
        self.parts: dict[str, list[str]] = spec["parts"]
        self.topics: list[dict[str, Any]] = spec["topics"]
        self.current_parts = self.parts

    def pick(self, items: Sequence[str]) -> str:
        return self.rng.choice(list(items))

    def start_time(self) -> int:
        """Most conversations are recent, as in a real inbox; some go back weeks."""
        roll = self.rng.random()
        if roll < 0.08:
            age = self.rng.randint(2 * MINUTE, 3 * HOUR)
        elif roll < 0.33:
            age = self.rng.randint(3 * HOUR, 2 * DAY)
        elif roll < 0.68:
            age = self.rng.randint(2 * DAY, 14 * DAY)
        else:
            age = self.rng.randint(14 * DAY, 60 * DAY)
        return self.now - age

    def thread(self, index: int) -> _Thread:
        topic = self.rng.choices(self.topics, weights=[t["weight"] for t in self.topics])[0]
        person = self.person(topic.get("people", "customers"))
        slots = Slots(self.rng, self.words, person)
        style = topic["style"]
        account = topic["account"]
        # A topic may bring its own phrases (English visitors of the German bakery).
        self.current_parts = {**self.parts, **topic.get("parts", {})}
        case = self.rng.choice(topic["threads"])
        subjects = case.get("subjects") or topic.get("subjects")
        subject = slots.fill(self.pick(subjects)) if subjects else ""
        labels = list(topic.get("labels", []))
        labels += [lb for lb in case.get("labels", []) if lb not in labels]
        key = f"demo-{self.spec['key']}-{index}"
        if topic["stream"] == Stream.LISTENING.value:
            slots.fill("{site}")  # where the entry was found, kept in the message's meta
        thread = _Thread(account, Stream(topic["stream"]), key, subject, labels, slots,
                         reply_prefix=self.current_parts["reply_prefix"][0])
        at = self.start_time()
        thread.messages.append(_Planned(Direction.IN, at, self.customer(style, case["ask"],
                                                                        slots)))
        if style == "review":
            return thread  # forums and review sites: we listen, we do not answer there
        at += self.delay(short=style == "post")
        answer = self.pick(case["answer"]) if isinstance(case["answer"], list) else case["answer"]
        thread.messages.append(_Planned(Direction.OUT, at, self.ours(style, answer, slots),
                                        slots.fill(case.get("attachment", ""))))
        roll = self.rng.random()
        if roll < 0.3 and topic.get("follow_ups"):
            follow = self.rng.choice(topic["follow_ups"])
            at += self.delay(short=True)
            thread.messages.append(_Planned(Direction.IN, at,
                                            self.customer(style, follow["ask"], slots, short=True)))
            if self.rng.random() < 0.6:
                at += self.delay(short=style == "post")
                thread.messages.append(_Planned(Direction.OUT, at,
                                                self.ours(style, follow["answer"], slots)))
        elif roll < 0.6 and topic.get("thanks"):
            at += self.delay(short=True)
            thread.messages.append(_Planned(Direction.IN, at, self.customer(
                style, self.pick(topic["thanks"]), slots, short=True)))
            thread.closing = True
        return thread

    def delay(self, *, short: bool = False) -> int:
        if short or self.rng.random() < 0.8:
            return self.rng.randint(8 * MINUTE, 7 * HOUR)
        return self.rng.randint(20 * HOUR, 2 * DAY)

    def person(self, kind: str) -> dict[str, str]:
        people = self.spec["people"][kind]
        first, last = self.pick(people["first"]), self.pick(people["last"])
        slug = f"{first}.{last}".lower()
        for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), (" ", "")):
            slug = slug.replace(a, b)
        domain = self.pick(people["mail_domains"])
        server = self.pick(people["servers"])
        nick = self.pick(people["nicks"]).format(first=first.lower(), last=last.lower(),
                                                 n=self.rng.randint(2, 99))
        for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
            nick = nick.replace(a, b)
        return {"first": first, "last": last, "name": f"{first} {last}",
                "mail": f"{slug}@{domain}", "nick": nick, "handle": f"@{nick}@{server}"}

    def customer(self, style: str, body: str, slots: Slots, *, short: bool = False) -> str:
        text = slots.fill(body)
        if style != "mail":
            return text
        prefix = "short_" if short else ""
        greeting = slots.fill(self.pick(self.current_parts[f"{prefix}greeting"]))
        sign_off = slots.fill(self.pick(self.current_parts[f"{prefix}sign_off"]))
        return f"{greeting}\n\n{text}\n\n{sign_off}"

    def ours(self, style: str, body: str, slots: Slots) -> str:
        text = slots.fill(body)
        if style == "post":
            return f"{slots['handle']} {text}"
        greeting = slots.fill(self.pick(self.current_parts["reply_greeting"]))
        sign_off = slots.fill(self.pick(self.current_parts["reply_sign_off"]))
        return f"{greeting}\n\n{text}\n\n{sign_off}"


def _messages(thread: _Thread, spec: dict[str, Any], now: int) -> list[IncomingMessage]:
    """The thread as a channel would deliver it, cut off at ``now``."""
    account = spec["accounts"][thread.account]
    person = thread.person
    out: list[IncomingMessage] = []
    parents: tuple[str, ...] = ()
    for n, planned in enumerate(thread.messages):
        if planned.sent_at > now - MINUTE:
            # Not happened yet: the customer is still waiting for this answer.
            if n == 1 and planned.direction is Direction.OUT:
                thread.pending_answer = planned.text
            thread.closing = False
            break
        incoming = planned.direction is Direction.IN
        remote_id = _remote_id(account, thread.thread_key, n)
        subject = thread.subject
        if subject and n:
            prefix = thread.reply_prefix if incoming else "Re:"
            subject = f"{prefix} {subject}"
        out.append(IncomingMessage(
            remote_id=remote_id, thread_key=thread.thread_key, stream=thread.stream,
            direction=planned.direction,
            author_name=person["name"] if incoming else account["display_name"],
            author_handle=_handle(account, person) if incoming else account["identity"],
            sent_at=planned.sent_at, subject=subject, text=planned.text, parent_ids=parents,
            read=not incoming or now - planned.sent_at > 36 * HOUR,
            contact_handle=_handle(account, person), contact_name=person["name"],
            attachments=(Attachment(planned.attachment, "application/pdf", 48_213),)
            if planned.attachment else (),
            meta={"site": person["site"]} if "site" in person else {},
        ))
        parents = (remote_id,)
    return out


def _remote_id(account: dict[str, Any], key: str, n: int) -> str:
    channel = account["channel"]
    if channel == "email":
        return f"<{key}.{n}@{account['identity'].rpartition('@')[2]}>"
    if channel == "mastodon":
        return f"https://{account['identity'].rpartition('@')[2]}/statuses/{key}-{n}"
    return f"{account['feed_url']}#{key}"


def _handle(account: dict[str, Any], person: dict[str, str]) -> str:
    channel = account["channel"]
    if channel == "email":
        return person["mail"]
    if channel == "mastodon":
        return person["handle"]
    return person["nick"]


# -- the public entry point --------------------------------------------------------
def build_demo(store: Store, *, seed: int = 7, now: int | None = None) -> None:
    """Write both demo workspaces into ``store``; refuses if they already exist."""
    now = store.clock() if now is None else now
    specs = [load_spec(name) for name in DEMO_FILES]
    taken = {ws.name.lower() for ws in queries.workspaces(store.reader())}
    clash = [s["workspace"]["name"] for s in specs if s["workspace"]["name"].lower() in taken]
    if clash:
        raise InvalidInputError(f"the demo is already in this store ({', '.join(clash)})")
    rng = random.Random(seed)
    for spec in specs:
        _build_workspace(store, spec, rng, now)


def _build_workspace(store: Store, spec: dict[str, Any], rng: random.Random, now: int) -> None:
    ws = spec["workspace"]
    ws_id = ops.create_workspace(store, ws["name"], ws["language"])
    account_ids = {
        key: ops.create_account(store, ws_id, "demo", acc["display_name"], acc["identity"],
                                {"channel": acc["channel"], "demo": True})
        for key, acc in spec["accounts"].items()
    }
    composer = _Composer(spec, rng, now)
    threads = [composer.thread(index) for index in range(spec["conversations"])]
    per_account: dict[str, list[IncomingMessage]] = {key: [] for key in account_ids}
    for thread in threads:
        per_account[thread.account].extend(_messages(thread, spec, now))
    for key, messages in per_account.items():
        apply_batch(store, account_ids[key], Batch(messages=tuple(messages)))
    _settle(store, ws_id, spec["labels"], threads, rng, now)
    _fresh_actions(store, threads, spec)


def _settle(store: Store, ws_id: int, colours: dict[str, str], threads: list[_Thread],
            rng: random.Random, now: int) -> None:
    """Labels, done and snoozed as the owner left them in the past (one transaction)."""
    by_key = {t.thread_key: t for t in threads}
    snoozes = 2
    with store.session() as s:
        label_ids = {name: ops.ensure_label(s, ws_id, name, colour).id or 0
                     for name, colour in colours.items()}
        convs = s.exec(select(Conversation).where(Conversation.workspace_id == ws_id)
                       .order_by(col(Conversation.id))).all()
        for conv in convs:
            thread = by_key[conv.thread_key]
            thread.conversation_id = conv.id or 0
            if thread.labels and rng.random() < 0.8:
                s.add_all(ConversationLabel(conversation_id=conv.id or 0,
                                            label_id=label_ids[name])
                          for name in thread.labels)
            idle = now - conv.last_activity
            if thread.closing and idle > DAY:
                conv.status = "done"  # "thanks!" needs no answer: archived
            elif conv.waiting_since is None:
                if idle > 2 * DAY and rng.random() < 0.85:
                    conv.status = "done"
                elif idle > DAY and snoozes and thread.stream is Stream.DIRECT:
                    snoozes -= 1
                    conv.status = "snoozed"
                    conv.snooze_until = now + rng.randint(20 * HOUR, 4 * DAY)
            elif thread.stream is Stream.LISTENING and idle > 2 * DAY and rng.random() < 0.8:
                conv.status = "done"  # read and noted; nothing to answer on a review site
            elif idle > 10 * DAY or (idle > 4 * DAY and rng.random() < 0.8):
                conv.status = "done"  # settled by phone or over the counter


def _fresh_actions(store: Store, threads: list[_Thread], spec: dict[str, Any]) -> None:
    """Two replies and a label still in the outbox, as after a morning offline."""
    conn = store.reader()
    candidates = [t for t in threads if t.pending_answer and t.stream is Stream.DIRECT]
    rows = queries.conversation_rows(conn, [t.conversation_id for t in candidates])
    waiting = [t for t in candidates if rows[t.conversation_id].status == "open"]
    for thread in waiting[:2]:
        ops.reply(store, thread.conversation_id, thread.pending_answer)
    for thread in waiting[2:3]:
        ops.set_label(store, thread.conversation_id, spec["fresh_label"])


__all__ = ["DEMO_FILES", "build_demo", "demo_workspace_names", "load_spec"]
