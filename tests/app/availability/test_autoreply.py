"""The whole decision on a virtual clock: loops, floods and restarts.

``FakeStore`` keeps exactly what a real store would persist (when each sender
last got a notice, when notices went out) and can be saved and reloaded as
JSON, which is how a restart is simulated: nothing survives but that text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta

import pytest

from app.availability import (
    AutoReplyDecision,
    Schedule,
    decide_auto_reply,
    normalize_address,
    notice_headers,
)
from tests.app.availability.cases import CUSTOMER, EXCLUDED, OWN, PLAIN
from tests.app.availability.helpers import SPLIT_WEEK, berlin, enabled, schedule

ALWAYS_CLOSED = schedule({}, auto_reply=enabled(), language="de", business_name="Radladen")
START = berlin(2026, 8, 8, 9, 0)  # a Saturday


class FakeStore:
    """One Tresen workspace's notice history, persisted as JSON text."""

    def __init__(self, schedule: Schedule, own: tuple[str, ...], saved: str = "") -> None:
        self.schedule = schedule
        self.own = own
        data = json.loads(saved) if saved else {"last": {}, "sent": []}
        self.last = {k: datetime.fromisoformat(v) for k, v in data["last"].items()}
        self.sent = [datetime.fromisoformat(v) for v in data["sent"]]
        self.outbox: list[tuple[str, dict[str, str], str]] = []

    def save(self) -> str:
        return json.dumps(
            {
                "last": {k: v.isoformat() for k, v in self.last.items()},
                "sent": [v.isoformat() for v in self.sent],
            }
        )

    def receive(
        self,
        headers: Mapping[str, str],
        sender: str,
        message_at: datetime,
        now: datetime | None = None,
        is_bot: bool = False,
    ) -> AutoReplyDecision:
        now = message_at + timedelta(minutes=1) if now is None else now
        key = normalize_address(sender)
        decision = decide_auto_reply(
            self.schedule,
            now=now,
            message_at=message_at,
            headers=headers,
            sender=sender,
            own_addresses=self.own,
            is_bot=is_bot,
            last_notice_to_sender=self.last.get(key),
            recent_notices=self.sent,
        )
        if decision.send:
            assert decision.text is not None
            self.last[key] = now
            self.sent.append(now)
            self.outbox.append((key, notice_headers(headers), decision.text))
        else:
            assert decision.text is None and decision.reason
        return decision


@pytest.mark.parametrize(
    ("extra", "sender", "is_bot"),
    [case[1:4] for case in EXCLUDED],
    ids=[case[0] for case in EXCLUDED],
)
def test_every_excluded_message_gets_zero_notices(
    extra: dict[str, str], sender: str, is_bot: bool
) -> None:
    store = FakeStore(ALWAYS_CLOSED, OWN)
    store.receive({**PLAIN, **extra}, sender, START, is_bot=is_bot)
    assert store.outbox == []


def test_a_plain_personal_message_gets_exactly_one_correctly_headed_notice() -> None:
    store = FakeStore(ALWAYS_CLOSED, OWN)
    decision = store.receive(PLAIN, "Anna Berg <anna@example.org>", START)
    assert decision.send
    ((to, headers, text),) = store.outbox
    assert to == CUSTOMER
    assert headers == {
        "Auto-Submitted": "auto-replied",
        "X-Auto-Response-Suppress": "All",
        "Subject": "Auto: Ist mein Rad fertig?",
        "In-Reply-To": "<q1@example.org>",
        "References": "<q1@example.org>",
    }
    assert text.startswith("Vielen Dank für Ihre Nachricht an Radladen.")


def test_references_chain_is_extended() -> None:
    headers = notice_headers({**PLAIN, "References": "<a@x> <b@x>", "Subject": "AUTO: x"})
    assert headers["References"] == "<a@x> <b@x> <q1@example.org>"
    assert headers["Subject"] == "AUTO: x"


def test_no_notice_while_switched_off_or_open() -> None:
    off = FakeStore(schedule({}), OWN)
    assert off.receive(PLAIN, CUSTOMER, START).reason == "automatic notices are switched off"
    open_shop = FakeStore(schedule(SPLIT_WEEK, auto_reply=enabled()), OWN)
    tuesday_morning = berlin(2026, 8, 4, 10, 0)
    assert open_shop.receive(PLAIN, CUSTOMER, tuesday_morning).reason == "we are open"
    assert off.outbox == open_shop.outbox == []


def test_fifty_messages_over_six_days_with_a_restart_get_one_notice_per_period() -> None:
    store = FakeStore(ALWAYS_CLOSED, OWN)
    step = timedelta(days=6) / 49
    sent_at: list[int] = []
    for index in range(50):
        if index == 25:  # restart: only the persisted text survives
            store = FakeStore(ALWAYS_CLOSED, OWN, store.save())
        if store.receive(PLAIN, CUSTOMER, START + index * step).send:
            sent_at.append(index)
    # One notice at once, none for the next four days, a second right after them.
    assert sent_at == [0, 33]
    assert 32 * step < timedelta(days=4) <= 33 * step


def test_with_a_longer_period_six_days_bring_exactly_one_notice() -> None:
    weekly = schedule({}, auto_reply=enabled(period_days=7))
    store = FakeStore(weekly, OWN)
    step = timedelta(days=6) / 49
    notices = sum(store.receive(PLAIN, CUSTOMER, START + i * step).send for i in range(50))
    assert notices == 1


def test_hourly_cap_limits_a_flood_from_many_senders() -> None:
    store = FakeStore(ALWAYS_CLOSED, OWN)  # cap 20 per hour
    for minute in range(30):
        store.receive(PLAIN, f"kunde{minute}@example.org", START + timedelta(minutes=minute))
    assert len(store.outbox) == 20
    assert store.outbox[-1][0] == "kunde19@example.org"
    # An hour after the first notices, room frees up again.
    later = START + timedelta(minutes=62)
    assert store.receive(PLAIN, "spaet@example.org", later - timedelta(minutes=1), later).send


def test_after_a_week_offline_only_fresh_messages_are_answered() -> None:
    store = FakeStore(ALWAYS_CLOSED, OWN)
    back_online = START + timedelta(days=6, hours=2)
    decisions = [
        store.receive(PLAIN, f"kunde{day}@example.org", START + timedelta(days=day), back_online)
        for day in range(7)
    ]
    assert [d.send for d in decisions] == [False] * 6 + [True]
    assert "old" in decisions[5].reason


def test_two_tresen_stores_answer_each_other_at_most_once_each_way() -> None:
    shop = FakeStore(ALWAYS_CLOSED, ("laden@radladen.de",))
    bakery = FakeStore(ALWAYS_CLOSED, ("info@baeckerei.example",))
    first = {"To": "laden@radladen.de", "Subject": "Brötchen?", "Message-ID": "<m1@b>"}
    assert shop.receive(first, "info@baeckerei.example", START).send
    _, headers, _ = shop.outbox[0]
    reply = {**headers, "To": "info@baeckerei.example"}
    decision = bakery.receive(reply, "laden@radladen.de", START + timedelta(minutes=2))
    assert not decision.send and decision.reason.startswith("Auto-Submitted")
    assert (len(shop.outbox), len(bakery.outbox)) == (1, 0)


def test_even_peers_that_drop_auto_submitted_stop_after_one_notice_each_way() -> None:
    shop = FakeStore(ALWAYS_CLOSED, ("laden@radladen.de",))
    bakery = FakeStore(ALWAYS_CLOSED, ("info@baeckerei.example",))
    stores = {"laden@radladen.de": shop, "info@baeckerei.example": bakery}
    queue = [("laden@radladen.de", "info@baeckerei.example", START)]
    rounds = 0
    while queue and rounds < 100:
        rounds += 1
        to, sender, at = queue.pop(0)
        headers = {"To": to, "Subject": "Hallo"}  # a broken peer: no Auto-Submitted
        if stores[to].receive(headers, sender, at).send:
            queue.append((sender, to, at + timedelta(minutes=1)))
    assert (len(shop.outbox), len(bakery.outbox)) == (1, 1)
    assert rounds == 3
