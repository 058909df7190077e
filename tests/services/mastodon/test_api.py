"""The HTTP client against a real local server: every failure a clear channel error."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from app.store.database import Store
from app.store.queries import AccountInfo, cursors
from services.channel import AuthError, PermanentError, TemporaryError
from services.mastodon.api import MastodonApi, OutcomeUnknown
from services.mastodon.entities import UnexpectedResponse
from services.mastodon.ratelimit import parse_reset, parse_retry_after
from tests.services.mastodon.conftest import ChannelFactory, Sleeps
from tests.services.mastodon.helpers import messages, sync
from tests.services.mastodon.server import TOKEN, FakeMastodon, iso


@pytest.fixture
def api(mastodon: FakeMastodon, sleeps: Sleeps) -> Iterator[MastodonApi]:
    client = MastodonApi(mastodon.base_url, TOKEN, timeout=0.5, sleep=sleeps)
    yield client
    client.close()


def test_bearer_token_and_link_pagination(api: MastodonApi, mastodon: FakeMastodon) -> None:
    anna = mastodon.add_account("anna", "Anna")
    for n in range(5):
        mastodon.add_status(anna, f"n{n}")
    page = api.get_page("/api/v1/notifications", {"limit": 2, "types[]": ["mention"]})
    assert [n["id"] for n in page.items] == [n["id"] for n in mastodon.notifications[:2:-1]]
    assert page.next_url is not None and page.prev_url is not None
    older = api.get_page(page.next_url)
    assert [n["id"] for n in older.items] == [mastodon.notifications[i]["id"] for i in (2, 1)]
    assert mastodon.requests[-1].query["types[]"] == ["mention"]
    assert {r.headers["authorization"] for r in mastodon.requests} == {f"Bearer {TOKEN}"}
    assert TOKEN not in repr(api)


def test_revoked_token_is_an_auth_error_that_says_sign_in_again(
        api: MastodonApi, mastodon: FakeMastodon) -> None:
    mastodon.valid_tokens.clear()
    with pytest.raises(AuthError, match="sign in again") as info:
        api.get("/api/v1/accounts/verify_credentials")
    assert "The access token is invalid" in str(info.value)


def test_429_honours_retry_after(api: MastodonApi, mastodon: FakeMastodon) -> None:
    mastodon.rate_remaining = 0
    mastodon.retry_after = "42"
    with pytest.raises(TemporaryError) as info:
        api.get("/api/v1/notifications")
    assert info.value.retry_after == 42


def test_429_without_retry_after_waits_for_the_reset(api: MastodonApi,
                                                     mastodon: FakeMastodon) -> None:
    mastodon.rate_remaining = 0
    mastodon.rate_reset = time.time() + 120
    with pytest.raises(TemporaryError) as info:
        api.get("/api/v1/notifications")
    assert info.value.retry_after is not None and 110 < info.value.retry_after <= 120


def test_slows_down_before_the_budget_runs_out(api: MastodonApi, mastodon: FakeMastodon,
                                               sleeps: Sleeps) -> None:
    mastodon.rate_remaining = 3  # the answer will say 2 left
    mastodon.rate_reset = time.time() + 3
    api.get("/api/v1/notifications")
    assert sleeps == []
    api.get("/api/v1/notifications")  # the client paused for the reset first
    assert len(sleeps) == 1 and 1 < sleeps[0] <= 3
    assert len(mastodon.requests) == 2


def test_far_reset_is_handed_to_the_engine_without_calling(api: MastodonApi,
                                                           mastodon: FakeMastodon,
                                                           sleeps: Sleeps) -> None:
    mastodon.rate_remaining = 2
    mastodon.rate_reset = time.time() + 600
    api.get("/api/v1/notifications")
    with pytest.raises(TemporaryError) as info:
        api.get("/api/v1/notifications")
    assert info.value.retry_after is not None and 590 < info.value.retry_after <= 600
    assert len(mastodon.requests) == 1 and sleeps == []


@pytest.mark.parametrize(("fault", "error", "text"), [
    ({"status": 503, "body": b'{"error": "Service Unavailable"}'}, TemporaryError,
     "Service Unavailable"),
    ({"status": 500, "body": b"<html>oops</html>"}, TemporaryError, "500"),
    ({"status": 422, "body": b'{"error": "Validation failed: Text too long"}'},
     PermanentError, "Validation failed: Text too long"),
    ({"status": 404, "body": b'{"error": "Record not found"}'}, PermanentError,
     "Record not found"),
    ({"status": 200, "body": b'[{"id": "1", "type": "ment'}, TemporaryError, "not JSON"),
    ({"status": 200, "body": b'[{"id": "1"}, ', "truncate": True}, TemporaryError,
     "broke off"),
    ({"status": 200, "body": b"<html>captive portal</html>"}, TemporaryError, "not JSON"),
    ({"status": 200, "body": b'{"error": "not a list"}'}, UnexpectedResponse, "not a list"),
    ({"status": 302, "body": b"{}", "headers": {"Location": "https://evil.example/"}},
     PermanentError, "redirect"),
    ({"hang": 5.0}, TemporaryError, "did not answer within 0.5 seconds"),
])
def test_failures_become_clear_channel_errors(api: MastodonApi, mastodon: FakeMastodon,
                                             fault: dict[str, object],
                                             error: type[Exception], text: str) -> None:
    mastodon.fail_next("/api/v1/notifications", **fault)
    with pytest.raises(error, match=text):
        api.get_page("/api/v1/notifications")


def test_a_write_whose_answer_is_lost_is_unknown_not_temporary(
        api: MastodonApi, mastodon: FakeMastodon) -> None:
    mastodon.fail_next("/api/v1/statuses", method="POST", status=502, after_handling=True)
    with pytest.raises(OutcomeUnknown):
        api.post("/api/v1/statuses", {"status": "Hallo"}, idempotency_key="k1", unsafe=True)
    assert len(mastodon.our_statuses()) == 1  # it did arrive; only recovery can tell


def test_cannot_connect_is_temporary(store: Store) -> None:
    closed = FakeMastodon()  # bound, never serving, then closed: the port refuses
    url = closed.base_url
    closed.stop()
    client = MastodonApi(url, TOKEN, timeout=0.5)
    with pytest.raises(TemporaryError, match="could not reach"):
        client.get("/api/v1/notifications")
    client.close()


def test_link_to_another_host_is_not_followed(api: MastodonApi, mastodon: FakeMastodon) -> None:
    mastodon.fail_next("/api/v1/notifications", body=b"[]", headers={
        "Link": '<https://evil.example/api/v1/notifications?max_id=1>; rel="next"'})
    assert api.get_page("/api/v1/notifications").next_url is None


def test_header_parsing() -> None:
    assert parse_reset("2020-09-08T13:25:00.019685Z") == pytest.approx(1599571500.019685)
    assert parse_reset(iso(1_800_000_000)) == 1_800_000_000
    assert parse_reset("soon") is None
    assert parse_retry_after("30", 0) == 30
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470) == 10


def test_revoked_token_during_sync_loses_nothing(store: Store, account: AccountInfo,
                                                 mastodon: FakeMastodon,
                                                 make_channel: ChannelFactory) -> None:
    anna = mastodon.add_account("anna", "Anna")
    mastodon.add_status(anna, "Vor dem Widerruf")
    sync(store, account.id, make_channel())
    before = (messages(store), cursors(store.reader(), account.id))

    mastodon.add_status(anna, "Nach dem Widerruf")
    mastodon.valid_tokens.clear()
    with pytest.raises(AuthError, match="sign in again"):
        sync(store, account.id, make_channel())
    assert (messages(store), cursors(store.reader(), account.id)) == before

    mastodon.valid_tokens.add(TOKEN)  # signed in again
    sync(store, account.id, make_channel())
    assert [m["text"].split()[-1] for m in messages(store)] == ["Widerruf", "Widerruf"]
    assert len(messages(store)) == 2


def test_malformed_page_mid_sync_applies_no_partial_batch(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory) -> None:
    anna = mastodon.add_account("anna", "Anna")
    mastodon.add_status(anna, "Eins")
    body = (b'[{"id": "9", "type": "mention", "created_at": "2025-01-01T00:00:00Z",'
            b' "account": {"id": "1", "username": "x", "acct": "x"},'
            b' "status": {"id": "77", "content": "<p>ohne Zeit</p>"}}]')
    mastodon.fail_next("/api/v1/notifications", body=body)
    with pytest.raises(UnexpectedResponse, match="status without a valid 'created_at'"):
        sync(store, account.id, make_channel())
    assert messages(store) == [] and cursors(store.reader(), account.id) == {}
    sync(store, account.id, make_channel())
    assert len(messages(store)) == 1
