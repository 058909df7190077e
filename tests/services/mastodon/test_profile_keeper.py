"""The profile field kept in step with the workspace schedule, against the local instance."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.availability import schedule_from_json
from app.store import ops
from app.store.account_settings import update_account_settings
from app.store.away import set_workspace_schedule
from app.store.database import Store
from app.store.queries import AccountInfo, accounts
from services.channel import AuthError, PermanentError
from services.mastodon.profile_keeper import (
    FLAG,
    MAX_LENGTH,
    TEXT_KEY,
    ProfileNoticeError,
    ProfileNoticeKeeper,
    profile_text,
)
from services.registry import channel_factory
from services.secrets import SecretStore
from services.sync import SyncEngine
from tests.conftest import FakeClock
from tests.services.mastodon.server import TOKEN, FakeMastodon

WEEK = {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]], "wed": [["09:00", "17:00"]],
        "thu": [["09:00", "17:00"]], "fri": [["09:00", "17:00"]]}
HOURS_DE = "Mo–Fr 9:00–17:00 (Europe/Berlin)"
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # the FakeClock's week, a Monday


def schedule(**extra: Any) -> Any:
    return schedule_from_json({"timezone": "Europe/Berlin", "hours": WEEK, **extra})


@pytest.fixture
def secrets(account: AccountInfo) -> SecretStore:
    kept = SecretStore(session_only=True)  # no process-wide keyring needed
    kept.set(account.id, TOKEN)
    return kept


@pytest.fixture
def keeper(store: Store, secrets: SecretStore, clock: FakeClock) -> ProfileNoticeKeeper:
    clock.now = int(MONDAY.timestamp())
    return ProfileNoticeKeeper(store, secrets, clock)


def fresh(store: Store, account: AccountInfo) -> AccountInfo:
    return next(a for a in accounts(store.reader()) if a.id == account.id)


def patches(mastodon: FakeMastodon) -> int:
    return sum(r.method == "PATCH" for r in mastodon.requests)


# -- the text ---------------------------------------------------------------------------
def test_text_shows_hours_closures_by_date_and_nothing_without_schedule() -> None:
    assert profile_text(None, MONDAY, "de") == ""
    assert profile_text(schedule(), MONDAY, "de") == HOURS_DE
    assert profile_text(schedule(), MONDAY, "en") == \
        "Mon–Fri 9:00 AM–5:00 PM (Europe/Berlin)"
    holidays = schedule(closures=[{"start": "2026-12-24", "end": "2027-01-01",
                                   "reason": "Betriebsurlaub"}])
    assert profile_text(holidays, MONDAY, "de") == HOURS_DE  # more than two weeks ahead
    dec14 = datetime(2026, 12, 14, 10, tzinfo=UTC)
    assert profile_text(holidays, dec14, "de") == \
        f"{HOURS_DE} · geschlossen 24.12.–1.1.: Betriebsurlaub"
    assert profile_text(holidays, datetime(2026, 12, 28, 10, tzinfo=UTC), "en") == \
        "Closed until Monday, January 4, 2027, 9:00 AM: Betriebsurlaub · " \
        "Mon–Fri 9:00 AM–5:00 PM (Europe/Berlin)"
    short = schedule(closures=[{"start": "2026-11-25T12:00", "end": "2026-11-25T15:00",
                                "reason": "Inventur"}])
    assert profile_text(short, MONDAY, "en").endswith("· closed Nov 25, 12:00 PM–3:00 PM:"
                                                      " Inventur")


def test_text_is_one_line_within_mastodons_limit() -> None:
    long_reason = "Umbau\nder Backstube " * 30
    text = profile_text(schedule(closures=[{"start": "2026-11-20", "end": "2026-11-30",
                                            "reason": long_reason}]), MONDAY, "de")
    assert len(text) == MAX_LENGTH and text.endswith("…") and "\n" not in text
    assert text.startswith("Geschlossen bis Dienstag, 1. Dezember, 9:00: Umbau der Backstube")


# -- the keeper ---------------------------------------------------------------------------
def test_on_publishes_then_only_changes_reach_the_server(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        keeper: ProfileNoticeKeeper, clock: FakeClock) -> None:
    mastodon.profile_fields = [{"name": "Website", "value": "https://baeckerei.example"}]
    set_workspace_schedule(store, account.workspace_id, schedule())

    assert keeper.enable(account) == (HOURS_DE, "de")
    assert mastodon.profile_fields == [
        {"name": "Website", "value": "https://baeckerei.example"},
        {"name": "Erreichbarkeit", "value": HOURS_DE}]
    assert fresh(store, account).settings[TEXT_KEY] == HOURS_DE

    before = len(mastodon.requests)
    clock.advance(6 * 3600)  # closing time passes: the field says nothing time-bound
    keeper(account)
    keeper(account)
    assert len(mastodon.requests) == before  # no PATCH, not even a look at the profile

    set_workspace_schedule(store, account.workspace_id, schedule(
        closures=[{"start": "2026-11-27", "end": "2026-11-27", "reason": "Inventur"}]))
    keeper(account)
    keeper(account)
    assert patches(mastodon) == 2  # on, then exactly one update
    assert mastodon.profile_fields[1] == {
        "name": "Erreichbarkeit", "value": f"{HOURS_DE} · geschlossen 27.11.: Inventur"}

    clock.now = int(datetime(2026, 11, 27, 12, tzinfo=UTC).timestamp())  # the day itself
    keeper(account)
    assert mastodon.profile_fields[1]["value"] == \
        f"Geschlossen bis Montag, 30. November, 9:00: Inventur · {HOURS_DE}"


def test_off_removes_only_our_field_and_the_state(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        keeper: ProfileNoticeKeeper) -> None:
    mastodon.profile_fields = [{"name": "Website", "value": "https://baeckerei.example"}]
    set_workspace_schedule(store, account.workspace_id, schedule())
    keeper.enable(account)

    keeper.disable(account)
    assert mastodon.profile_fields == [{"name": "Website", "value": "https://baeckerei.example"}]
    settings = fresh(store, account).settings
    assert FLAG not in settings and TEXT_KEY not in settings
    before = len(mastodon.requests)
    keeper(account)  # switched off: the hook leaves the profile alone
    assert len(mastodon.requests) == before


def test_schedule_removed_takes_the_field_away(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        keeper: ProfileNoticeKeeper) -> None:
    set_workspace_schedule(store, account.workspace_id, schedule())
    keeper.enable(account)
    set_workspace_schedule(store, account.workspace_id, None)
    keeper(account)
    assert mastodon.profile_fields == []
    assert fresh(store, account).settings[FLAG] is True  # back when hours are set again


def test_on_is_refused_without_hours_or_room_and_leaves_nothing_on(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        keeper: ProfileNoticeKeeper) -> None:
    with pytest.raises(ProfileNoticeError, match="no opening hours"):
        keeper.enable(account)
    set_workspace_schedule(store, account.workspace_id, schedule())
    mastodon.profile_fields = [{"name": f"F{i}", "value": "x"} for i in range(4)]
    with pytest.raises(PermanentError, match="already has 4 fields"):
        keeper.enable(account)
    assert FLAG not in fresh(store, account).settings
    assert patches(mastodon) == 0


def test_a_failed_update_is_tried_again_on_the_next_sync(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        keeper: ProfileNoticeKeeper) -> None:
    set_workspace_schedule(store, account.workspace_id, schedule())
    keeper.enable(account)
    set_workspace_schedule(store, account.workspace_id, schedule(closures=[
        {"start": "2026-11-26", "end": "2026-11-26", "reason": "Betriebsausflug"}]))
    mastodon.valid_tokens.clear()  # revoked
    with pytest.raises(AuthError, match="sign in again"):
        keeper(account)
    assert fresh(store, account).settings[TEXT_KEY] == HOURS_DE  # not recorded as shown
    mastodon.valid_tokens.add(TOKEN)
    keeper(account)
    assert mastodon.profile_fields[0]["value"].endswith("geschlossen 26.11.: Betriebsausflug")


def test_the_sync_engine_runs_the_keeper_for_mastodon_accounts_only(
        store: Store, account: AccountInfo, mastodon: FakeMastodon, secrets: SecretStore,
        keeper: ProfileNoticeKeeper, clock: FakeClock) -> None:
    ops.create_account(store, account.workspace_id, "demo", "Demo", "demo@example.org",
                       {"demo": True, FLAG: True})
    set_workspace_schedule(store, account.workspace_id, schedule())
    update_account_settings(store, account.id, {FLAG: True})
    engine = SyncEngine(store, channel_factory(store, secrets), clock=clock,
                        maintenance=[keeper])
    report = engine.run_once()
    assert report.ok, [a.error for a in report.failed]
    assert mastodon.profile_fields == [{"name": "Erreichbarkeit", "value": HOURS_DE}]
    engine.run_once()
    assert patches(mastodon) == 1
