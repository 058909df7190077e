"""Older mail on demand against a real Dovecot: a first sync limited to 90 days,
then a year, then everything — in bounded batches, with new mail in between,
surviving a lost batch, never doubling a message."""

from __future__ import annotations

import contextlib
import imaplib
import io
import json
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.cli import main
from app.paths import DataPaths
from app.records import Batch
from app.store import ops
from app.store.account_settings import update_account_settings
from app.store.database import Store, open_store
from app.store.ingest import apply_batch
from app.store.queries import AccountInfo, accounts, cursors
from services.email.adapter import EmailChannel
from services.email.history import (
    UNKNOWN,
    HistoryCursor,
    coverage,
    covers,
    first_sync_start,
    history_key,
    next_work,
)
from tests.servers.dovecot import Dovecot, MailUser
from tests.servers.smtp import SmtpServer
from tests.services.email.conftest import ADDRESS, ChannelFactory, email_settings
from tests.services.email.helpers import mail, sync

DAY = 86_400
BATCH = 40
# Two years of mail, one message every ~2.4 days; none within two days of the
# 90-day and one-year marks, so a day-granular IMAP SEARCH cannot blur them.
_DAYS = [d for d in range(1, 731) if not 88 <= d <= 92 and not 363 <= d <= 367]
AGES = [_DAYS[i * len(_DAYS) // 300] for i in range(300)]


def append_dated(dovecot: Dovecot, user: MailUser, folder: str,
                 items: Sequence[tuple[bytes, int]]) -> None:
    """One MULTIAPPEND with an INTERNALDATE per message (what age limits compare)."""
    with socket.create_connection((dovecot.host, dovecot.port), timeout=30) as sock:
        reader = sock.makefile("rb")
        reader.readline()
        sock.sendall(f'a LOGIN {user.username} "{user.password}"\r\n'.encode())
        parts = [f'b APPEND "{folder}"'.encode()]
        for raw, when in items:
            parts.append(f" {imaplib.Time2Internaldate(when)} {{{len(raw)}+}}\r\n".encode())
            parts.append(raw)
        sock.sendall(b"".join(parts) + b"\r\nc LOGOUT\r\n")
        with reader:
            replies = reader.read().decode(errors="replace")
    assert "a OK" in replies and "b OK" in replies, replies


def fill(dovecot: Dovecot, user: MailUser, now: int) -> dict[str, int]:
    """Every sixth message in Archive, the rest in INBOX; Message-ID → age in days."""
    ages = {f"<m{n}@example.org>": age for n, age in enumerate(AGES)}
    for folder, pick in (("INBOX", lambda n: n % 6), ("Archive", lambda n: not n % 6)):
        append_dated(dovecot, user, folder,
                     [(mail(n, when=now - age * DAY - n), now - age * DAY)
                      for n, age in enumerate(AGES) if pick(n)])
    return ages


def stored(store: Store) -> list[str]:
    return [r[0] for r in store.reader().execute("SELECT remote_id FROM message")]


def younger(ages: dict[str, int], days: int) -> set[str]:
    return {mid for mid, age in ages.items() if age < days}


def pull_all(channel: EmailChannel, store: Store, account_id: int) -> list[Batch]:
    """What the engine does, keeping every batch for the assertions."""
    batches = []
    for _ in range(100):
        batch = channel.pull(cursors(store.reader(), account_id))
        apply_batch(store, account_id, batch)
        batches.append(batch)
        if not batch.more:
            return batches
    raise AssertionError("sync did not finish")


def channel_from_store(store: Store, account_id: int, password: str) -> EmailChannel:
    """As the engine builds it each run: from the settings the store holds now."""
    info = next(a for a in accounts(store.reader()) if a.id == account_id)
    return EmailChannel(info, password, store.reader, clock=store.clock)


def sync_run(store: Store, account_id: int, password: str) -> None:
    """One engine run: a fresh channel, pulled until done, closed."""
    with contextlib.closing(channel_from_store(store, account_id, password)) as channel:
        sync(channel, store, account_id)


def request(store: Store, account_id: int, since: int) -> None:
    update_account_settings(store, account_id, {"first_sync_days": 90, "batch_size": BATCH,
                                                "history_since": since})


def test_90_days_then_a_year_then_everything_with_new_mail_in_between(
        store: Store, account: AccountInfo, dovecot: Dovecot, mail_user: MailUser) -> None:
    now = store.clock()
    ages = fill(dovecot, mail_user, now)
    update_account_settings(store, account.id, {"first_sync_days": 90, "batch_size": BATCH})
    sync_run(store, account.id, mail_user.password)
    assert set(stored(store)) == younger(ages, 90)
    assert {c.folder: c.complete for c in coverage(cursors(store.reader(), account.id))} \
        == {"INBOX": now - 90 * DAY, "Archive": now - 90 * DAY, "Sent": now - 90 * DAY}

    request(store, account.id, now - 365 * DAY)
    channel = channel_from_store(store, account.id, mail_user.password)
    batch = channel.pull(cursors(store.reader(), account.id))
    apply_batch(store, account.id, batch)
    assert batch.more and len(batch.messages) == BATCH
    inbox_year = [n for n, age in enumerate(AGES) if n % 6 and 90 <= age < 365]
    assert channel.expected_total() == len(inbox_year)  # progress knows the folder's total
    # New mail while the older mail is still coming: it is fetched at once.
    append_dated(dovecot, mail_user, "INBOX",
                 [(mail(1000 + n, when=now), now) for n in range(3)])
    batches = pull_all(channel, store, account.id)
    channel.close()
    new = {f"<m{1000 + n}@example.org>" for n in range(3)}
    assert new <= {m.remote_id for m in batches[0].messages}
    assert all(len(b.messages) <= BATCH for b in batches)
    assert all(b.more for b in batches[:-1]) and len(batches) >= 2
    ids = stored(store)
    assert len(ids) == len(set(ids))
    assert set(ids) == younger(ages, 365) | new

    request(store, account.id, 0)
    channel = channel_from_store(store, account.id, mail_user.password)
    sync(channel, store, account.id)
    ids = stored(store)
    assert len(ids) == len(set(ids)) == 303
    assert set(ids) == set(ages) | new
    assert {c.complete for c in coverage(cursors(store.reader(), account.id))} == {0}
    again, rounds = sync(channel, store, account.id)
    assert (again.inserted, again.updated, rounds) == (0, 0, 1)
    channel.close()


def test_a_lost_batch_and_a_changed_request_double_nothing(
        store: Store, account: AccountInfo, dovecot: Dovecot, mail_user: MailUser) -> None:
    now = store.clock()
    ages = fill(dovecot, mail_user, now)
    update_account_settings(store, account.id, {"first_sync_days": 90, "batch_size": BATCH})
    sync_run(store, account.id, mail_user.password)

    request(store, account.id, now - 365 * DAY)
    channel = channel_from_store(store, account.id, mail_user.password)
    lost = channel.pull(cursors(store.reader(), account.id))  # the app dies before saving
    assert lost.messages and lost.more
    channel.close()
    channel = channel_from_store(store, account.id, mail_user.password)
    apply_batch(store, account.id, channel.pull(cursors(store.reader(), account.id)))
    apply_batch(store, account.id, channel.pull(cursors(store.reader(), account.id)))
    channel.close()
    assert len(stored(store)) == len(younger(ages, 90)) + 2 * BATCH

    request(store, account.id, 0)  # "everything" before "a year" finished: starts over
    channel = channel_from_store(store, account.id, mail_user.password)
    result, _ = sync(channel, store, account.id)
    channel.close()
    ids = stored(store)
    assert len(ids) == len(set(ids)) == 300
    assert result.inserted == 300 - len(younger(ages, 90)) - 2 * BATCH


def test_a_folder_synced_before_coverage_was_recorded_fetches_without_doubling(
        store: Store, account: AccountInfo, dovecot: Dovecot, mail_user: MailUser) -> None:
    now = store.clock()
    ages = fill(dovecot, mail_user, now)
    update_account_settings(store, account.id, {"first_sync_days": 90, "batch_size": BATCH})
    sync_run(store, account.id, mail_user.password)
    with store.write() as conn:
        conn.exec_driver_sql("DELETE FROM sync_cursor WHERE folder LIKE '%:history'")
    assert {c.complete for c in coverage(cursors(store.reader(), account.id))} == {UNKNOWN}

    request(store, account.id, now - 365 * DAY)
    sync_run(store, account.id, mail_user.password)
    ids = stored(store)
    assert len(ids) == len(set(ids))
    assert set(ids) == younger(ages, 365)
    assert {c.complete for c in coverage(cursors(store.reader(), account.id))} \
        == {now - 365 * DAY}


def test_a_request_made_before_the_first_sync_widens_it(
        store: Store, account: AccountInfo, make_channel: ChannelFactory, dovecot: Dovecot,
        mail_user: MailUser) -> None:
    now = store.clock()
    ages = fill(dovecot, mail_user, now)
    sync(make_channel(first_sync_days=90, history_since=now - 365 * DAY, batch_size=500),
         store, account.id)
    assert set(stored(store)) == younger(ages, 365)


def test_history_rules() -> None:
    year, quarter = 1_790_000_000 - 365 * DAY, 1_790_000_000 - 90 * DAY
    assert first_sync_start(quarter, None) == quarter
    assert first_sync_start(quarter, year) == year
    assert first_sync_start(quarter, 0) == 0 and first_sync_start(0, year) == 0
    assert covers(0, year) and covers(year, quarter) and covers(year, year + 3600)
    assert not covers(quarter, year) and not covers(quarter, 0) and not covers(UNKNOWN, year)
    idle = HistoryCursor(7, quarter)
    assert next_work(idle, None, 500) is None
    work = next_work(idle, year, 500)
    assert work == HistoryCursor(7, quarter, year, 500)
    assert next_work(HistoryCursor(7, quarter, year, 120), year, 510) == \
        HistoryCursor(7, quarter, year, 120)  # resumes where it was
    assert next_work(HistoryCursor(7, quarter, year, 120), 0, 510) == \
        HistoryCursor(7, quarter, 0, 510)  # a new request starts over
    assert HistoryCursor.parse(work.format()) == work and work.done() == HistoryCursor(7, year)
    assert HistoryCursor.parse("1:2:3") is None and HistoryCursor.parse("x:1:2:3") is None


# -- the command line -----------------------------------------------------------------

def _cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data: Path,
         *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_sets_the_request_and_says_what_the_next_sync_fetches(
        tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer, mail_user: MailUser,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = open_store(DataPaths(data).store)
    ws = ops.create_workspace(store, "Bäckerei")
    acc = ops.create_account(store, ws, "email", "Bäckerei", ADDRESS,
                             email_settings(dovecot, smtp, mail_user, first_sync_days=90))
    feed = ops.create_account(store, ws, "feed", "Forum", "https://forum.example/feed", {})
    now = store.clock()
    fill(dovecot, mail_user, now)
    channel = channel_from_store(store, acc, mail_user.password)
    sync(channel, store, acc)
    channel.close()
    store.close()

    code, out, _ = _cli(monkeypatch, capsys, data, "history", str(acc), "--json")
    status = json.loads(out)
    assert code == 0 and status["requested_since"] is None
    assert [f["folder"] for f in status["folders"]] == ["Archive", "INBOX", "Sent"]
    assert all(f["known"] and not f["complete_all"] and not f["pending"]
               for f in status["folders"])

    code, out, _ = _cli(monkeypatch, capsys, data, "history", str(acc), "--days", "365")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3 and all("the next sync fetches mail since" in li for li in lines)
    code, out, _ = _cli(monkeypatch, capsys, data, "history", str(acc), "--all", "--json")
    status = json.loads(out)
    assert status["requested_all"] and all(f["pending"] for f in status["folders"])

    store = open_store(DataPaths(data).store)
    info = next(a for a in accounts(store.reader()) if a.id == acc)
    assert info.settings["history_since"] == 0
    channel = channel_from_store(store, acc, mail_user.password)
    sync(channel, store, acc)
    channel.close()
    assert len(stored(store)) == 300
    store.close()
    code, out, _ = _cli(monkeypatch, capsys, data, "history", str(acc))
    assert code == 0 and out.count("has all mail; nothing to fetch") == 3

    code, _, err = _cli(monkeypatch, capsys, data, "history", str(feed), "--all")
    assert code == 1 and "only email accounts" in err
    code, _, err = _cli(monkeypatch, capsys, data, "history", "99", "--all")
    assert code == 1 and "no account with id 99" in err
    code, _, err = _cli(monkeypatch, capsys, data, "history", str(acc), "--all", "--days", "3")
    assert code == 2


def test_history_key_is_per_folder() -> None:
    assert history_key("INBOX") == "INBOX:history"
    assert [c.folder for c in coverage({"INBOX": "1:5:0:4:0:0", "INBOX:history": "1:0:-1:0",
                                        "Sent": "1:1:0:0:0:0"})] == ["INBOX", "Sent"]
