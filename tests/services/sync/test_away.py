"""Away notices from the sync engine: loop guards, periods, restarts, two stores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from app.availability import schedule_from_json
from app.records import Batch, IncomingMessage, Stream
from app.store import away, ops, outbox, queries
from app.store.database import Store, open_store
from app.store.outbox import OutboxEntry
from services.channel import Capabilities, SendResult
from services.sync import SyncEngine
from services.sync.away import AwayResponder
from tests.conftest import FakeClock
from tests.factories import incoming

DAY = 86_400
# 2026-11-22 is a Sunday: the shop below is closed all weekend.
SUNDAY_NOON = 1_795_345_200
CLOSED_WEEKENDS = {
    "timezone": "Europe/Berlin",
    "hours": {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    "auto_reply": {"enabled": True, "period_days": 4, "max_age_hours": 24 * 30},
}
NEVER_OPEN = {"timezone": "Europe/Berlin", "hours": {},
              "auto_reply": {"enabled": True, "period_days": 4, "max_age_hours": 24 * 30}}


@dataclass
class Inbox:
    """A channel whose far side the test (or another store) drops messages into."""

    arriving: list[IncomingMessage] = field(default_factory=list)
    sent: list[dict[str, object]] = field(default_factory=list)

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities()

    def pull(self, cursors: Mapping[str, str]) -> Batch:
        batch, self.arriving = tuple(self.arriving), []
        return Batch(messages=batch)

    def send(self, item: OutboxEntry) -> SendResult:
        self.sent.append(item.payload)
        return SendResult()

    def was_delivered(self, item: OutboxEntry) -> bool | None:
        return None

    def close(self) -> None:
        pass


def _setup(store: Store, schedule: dict[str, object], identity: str) -> tuple[int, Inbox]:
    ws = ops.create_workspace(store, f"Shop {identity}", "de")
    acc = ops.create_account(store, ws, "email", "Shop", identity)
    away.set_workspace_schedule(store, ws, schedule_from_json(schedule))
    return acc, Inbox()


def _engine(store: Store, inbox: Inbox, clock: FakeClock) -> SyncEngine:
    return SyncEngine(store, lambda _account: inbox, clock=clock,
                      after_batch=[AwayResponder(store, clock)])


def _notices(store: Store) -> list[OutboxEntry]:
    return [i for i in outbox.list_outbox(store.reader(), include_sent=True)
            if i.payload.get("auto_submitted")]


def _mail(sender: str, at: int, headers: dict[str, str] | None = None,
          text: str = "Habt ihr heute offen?") -> IncomingMessage:
    msg = incoming(f"t-{sender}-{at}", text, sent_at=at, handle=sender)
    return replace(msg, meta={f"h:{k}": v for k, v in (headers or {}).items()})


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(SUNDAY_NOON)


def test_plain_message_while_closed_gets_one_correct_notice(store: Store,
                                                            clock: FakeClock) -> None:
    _acc, inbox = _setup(store, CLOSED_WEEKENDS, "hallo@shop.example")
    inbox.arriving.append(_mail("anna@example.org", clock.now - 60,
                                {"To": "hallo@shop.example"}))
    report = _engine(store, inbox, clock).run_once()
    assert report.accounts[0].away_notices == 1
    [payload] = inbox.sent
    assert payload["auto_submitted"] == "auto-replied"
    assert str(payload["subject"]).startswith("Auto: ")
    assert "Montag" in str(payload["text"])  # next opening, in the workspace's language
    row = queries.conversation_row(store.reader(), 1)
    assert row.waiting_since == clock.now - 60  # still waiting for a real answer


@pytest.mark.parametrize("headers", [
    {"Auto-Submitted": "auto-replied"},
    {"Precedence": "bulk"},
    {"List-Id": "<news.example.org>"},
    {"Return-Path": "<>"},
    {"X-Auto-Response-Suppress": "OOF"},
])
def test_excluded_messages_get_no_notice(store: Store, clock: FakeClock,
                                         headers: dict[str, str]) -> None:
    _acc, inbox = _setup(store, CLOSED_WEEKENDS, "hallo@shop.example")
    inbox.arriving.append(_mail("anna@example.org", clock.now - 60,
                                {"To": "hallo@shop.example", **headers}))
    _engine(store, inbox, clock).run_once()
    assert inbox.sent == [] and _notices(store) == []


@pytest.mark.parametrize("sender", ["mailer-daemon@example.org", "noreply@example.org",
                                    "hallo@shop.example"])
def test_system_and_own_senders_get_no_notice(store: Store, clock: FakeClock,
                                              sender: str) -> None:
    _acc, inbox = _setup(store, CLOSED_WEEKENDS, "hallo@shop.example")
    inbox.arriving.append(_mail(sender, clock.now - 60, {"To": "hallo@shop.example"}))
    _engine(store, inbox, clock).run_once()
    assert _notices(store) == []


def test_no_notice_while_open_or_when_the_server_answers(store: Store,
                                                         clock: FakeClock) -> None:
    acc, inbox = _setup(store, CLOSED_WEEKENDS, "hallo@shop.example")
    clock.now = SUNDAY_NOON + DAY  # Monday noon: open
    inbox.arriving.append(_mail("anna@example.org", clock.now - 60))
    _engine(store, inbox, clock).run_once()
    assert _notices(store) == []
    with store.write() as conn:
        conn.exec_driver_sql("UPDATE account SET settings = ? WHERE id = ?",
                             ('{"server_away_notice": true}', acc))
    clock.now = SUNDAY_NOON + 6 * DAY  # Saturday: closed, but Sieve answers
    inbox.arriving.append(_mail("bob@example.org", clock.now - 60))
    _engine(store, inbox, clock).run_once()
    assert _notices(store) == []


def test_fifty_messages_over_six_days_with_a_restart_get_one_notice_per_period(
        tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "store.sqlite3"
    store = open_store(path, clock)
    _acc, inbox = _setup(store, NEVER_OPEN, "hallo@shop.example")
    sent_at: list[int] = []
    for i in range(50):
        if i == 25:  # the laptop restarts half-way
            store.close()
            store = open_store(path, clock)
        clock.now = SUNDAY_NOON + i * (6 * DAY // 50)
        inbox.arriving.append(_mail("anna@example.org", clock.now - 30, text=f"Nachricht {i}"))
        before = len(inbox.sent)
        _engine(store, inbox, clock).run_once()
        if len(inbox.sent) > before:
            sent_at.append(clock.now)
    store.close()
    assert len(sent_at) == 2
    assert sent_at[0] == SUNDAY_NOON
    assert sent_at[1] - sent_at[0] >= 4 * DAY


def test_stale_messages_after_a_week_offline_get_no_notice(store: Store,
                                                           clock: FakeClock) -> None:
    schedule = {**NEVER_OPEN, "auto_reply": {"enabled": True, "max_age_hours": 24}}
    _acc, inbox = _setup(store, schedule, "hallo@shop.example")
    inbox.arriving.append(_mail("anna@example.org", clock.now - 7 * DAY))
    _engine(store, inbox, clock).run_once()
    assert _notices(store) == []


@pytest.mark.parametrize("keeps_headers", [True, False])
def test_two_stores_answering_each_other_send_at_most_one_notice_each_way(
        tmp_path: Path, clock: FakeClock, keeps_headers: bool) -> None:
    a = open_store(tmp_path / "a.sqlite3", clock)
    b = open_store(tmp_path / "b.sqlite3", clock)
    _, inbox_a = _setup(a, NEVER_OPEN, "info@a.example")
    _, inbox_b = _setup(b, NEVER_OPEN, "info@b.example")
    inbox_a.arriving.append(_mail("info@b.example", clock.now, {"To": "info@a.example"}))
    engines = {"a": _engine(a, inbox_a, clock), "b": _engine(b, inbox_b, clock)}
    delivered = {"a": 0, "b": 0}
    for _round in range(6):
        for name, inbox, other, addr, other_addr in (
                ("a", inbox_a, inbox_b, "info@a.example", "info@b.example"),
                ("b", inbox_b, inbox_a, "info@b.example", "info@a.example")):
            engines[name].run_once()
            for payload in inbox.sent[delivered[name]:]:
                headers = {"To": other_addr}
                if keeps_headers:
                    headers["Auto-Submitted"] = str(payload["auto_submitted"])
                other.arriving.append(_mail(addr, clock.now, headers, str(payload["text"])))
            delivered[name] = len(inbox.sent)
            clock.advance(60)
    assert len(inbox_a.sent) <= 1 and len(inbox_b.sent) <= 1
    assert len(inbox_a.sent) == 1  # a did answer b's first, human-looking message
    a.close()
    b.close()


def test_mentions_and_listening_get_no_notice(store: Store, clock: FakeClock) -> None:
    _acc, inbox = _setup(store, NEVER_OPEN, "hallo@shop.example")
    for stream in (Stream.MENTIONS, Stream.LISTENING):
        msg = incoming(f"t-{stream}", "Public post", sent_at=clock.now, stream=stream)
        inbox.arriving.append(msg)
    _engine(store, inbox, clock).run_once()
    assert _notices(store) == []


def test_maintenance_runs_after_each_pull_and_its_errors_belong_to_the_account(
        store: Store, clock: FakeClock) -> None:
    from services.channel import AuthError

    acc, inbox = _setup(store, NEVER_OPEN, "hallo@shop.example")
    seen: list[int] = []

    def keep(account: object) -> None:
        seen.append(account.id)  # type: ignore[attr-defined]
        if len(seen) == 2:
            raise AuthError("password needed to update the away notice")

    engine = SyncEngine(store, lambda _a: inbox, clock=clock, maintenance=[keep])
    assert engine.run_once().accounts[0].error == ""
    report = engine.run_once()
    assert seen == [acc, acc]
    assert report.accounts[0].error.startswith("Sign in again: password needed")
