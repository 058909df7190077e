"""Pulling mentions and direct messages into a real store from a local instance."""

from __future__ import annotations

import time

from app.store.database import Store
from app.store.queries import AccountInfo, cursors
from services.mastodon.adapter import BACKFILL, NOTIFICATIONS
from tests.services.mastodon.conftest import ChannelFactory
from tests.services.mastodon.helpers import conversations, messages, sync
from tests.services.mastodon.server import FakeMastodon


def _customers(mastodon: FakeMastodon) -> tuple[dict[str, object], ...]:
    anna = mastodon.add_account("anna", "Anna Becker", domain="social.example")
    bernd = mastodon.add_account("bernd", "Bernd Krause")
    bot = mastodon.add_account("deals", "Deal Bot", domain="bots.example", bot=True)
    return anna, bernd, bot


def test_first_sync_sorts_streams_contacts_and_bots(store: Store, account: AccountInfo,
                                                    mastodon: FakeMastodon,
                                                    make_channel: ChannelFactory) -> None:
    anna, bernd, bot = _customers(mastodon)
    t = time.time() - 3600
    mastodon.add_status(anna, "Habt ihr morgen Dinkelbrot?", at=t)
    mastodon.add_status(bernd, "Meine Bestellung <b>fehlt</b> <img src=x onerror=alert(1)>",
                        visibility="direct", at=t + 60)
    mastodon.add_status(bot, "Beste Angebote!", visibility="unlisted", at=t + 120)
    mastodon.add_other_notification("favourite", anna)

    sync(store, account.id, make_channel())

    convs = {c["handle"]: c for c in conversations(store)}
    assert set(convs) == {"@anna@social.example", "@bernd@127.0.0.1", "@deals@bots.example"}
    assert convs["@anna@social.example"]["stream"] == "mentions"
    assert convs["@anna@social.example"]["name"] == "Anna Becker"
    assert convs["@bernd@127.0.0.1"]["stream"] == "direct"
    assert convs["@deals@bots.example"]["stream"] == "mentions"
    assert [c["bot"] for c in convs.values()] == [0, 0, 1]
    bernd_msg = messages(store, convs["@bernd@127.0.0.1"]["id"])[0]
    assert "Meine Bestellung fehlt" in bernd_msg["text"]
    assert "<b>fehlt</b>" in bernd_msg["html"]  # as sent; the thread view sanitizes it
    assert all(m["direction"] == "in" and not m["read"] for m in messages(store))
    # Only mentions were asked for: the favourite never arrives.
    asked = [r for r in mastodon.requests if r.path == "/api/v1/notifications"]
    assert all(r.query["types[]"] == ["mention"] for r in asked)


def test_incremental_sync_fetches_only_what_is_new(store: Store, account: AccountInfo,
                                                   mastodon: FakeMastodon,
                                                   make_channel: ChannelFactory) -> None:
    anna, bernd, _ = _customers(mastodon)
    mastodon.add_status(anna, "Erste Frage")
    sync(store, account.id, make_channel())
    first_cursor = cursors(store.reader(), account.id)[NOTIFICATIONS]

    mastodon.add_status(bernd, "Zweite Frage", visibility="direct")
    mastodon.requests.clear()
    sync(store, account.id, make_channel())

    asked = [r for r in mastodon.requests if r.path == "/api/v1/notifications"]
    assert [r.query["min_id"] for r in asked] == [[first_cursor]]
    assert len(messages(store)) == 2
    assert cursors(store.reader(), account.id)[NOTIFICATIONS] == mastodon.notifications[-1]["id"]

    # Nothing new: nothing fetched twice, nothing written.
    batches = sync(store, account.id, make_channel())
    assert [len(b.messages) for b in batches] == [0]


def test_reply_chain_is_one_conversation_found_through_the_context(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory) -> None:
    anna, bernd, _ = _customers(mastodon)
    # Someone else's post (not to us) that Anna answers, mentioning us.
    t = time.time() - 3600
    other = mastodon.add_status(bernd, "Wer backt das beste Brot?", mention_us=False, at=t)
    first = mastodon.add_status(anna, "Die hier!", reply_to=other, at=t + 60)
    sync(store, account.id, make_channel())
    # We answered elsewhere (on the phone), Anna answers that.
    ours = mastodon.add_status(mastodon.me, "@anna Danke!", reply_to=first, mention_us=False,
                               at=t + 120)
    again = mastodon.add_status(anna, "Gern, bis morgen", reply_to=ours, at=t + 180)
    unrelated = mastodon.add_status(anna, "Neues Thema: Öffnungszeiten?", at=t + 240)
    sync(store, account.id, make_channel())

    convs = conversations(store)
    assert [c["thread_key"] for c in convs] == [other["id"], unrelated["id"]]
    thread = messages(store, convs[0]["id"])
    assert [m["remote_id"] for m in thread] == [other["id"], first["id"], ours["id"],
                                                again["id"]]
    assert [m["direction"] for m in thread] == ["in", "in", "out", "in"]
    assert thread[0]["read"] == 1  # context, not a message to us
    contexts = [r.path for r in mastodon.requests if r.path.endswith("/context")]
    assert contexts == [f"/api/v1/statuses/{first['id']}/context",
                        f"/api/v1/statuses/{again['id']}/context"]


def test_known_parent_needs_no_context_call(store: Store, account: AccountInfo,
                                            mastodon: FakeMastodon,
                                            make_channel: ChannelFactory) -> None:
    anna, _, _ = _customers(mastodon)
    root = mastodon.add_status(anna, "Frage")
    sync(store, account.id, make_channel())
    mastodon.add_status(anna, "Nachtrag", reply_to=root)
    sync(store, account.id, make_channel())
    assert not [r for r in mastodon.requests if r.path.endswith("/context")]
    assert [c["message_count"] for c in conversations(store)] == [2]


def test_batches_are_bounded_and_nothing_is_lost_or_doubled(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory) -> None:
    anna, _, _ = _customers(mastodon)
    for n in range(7):
        mastodon.add_status(anna, f"Frage {n}")
    batches = sync(store, account.id, make_channel(batch_size=3, first_sync_limit=5))
    # First sync: the newest page, back to the limit of five, then a forward check.
    assert [len(b.messages) for b in batches] == [3, 2, 0]
    assert batches[0].more and not batches[-1].more
    assert cursors(store.reader(), account.id)[BACKFILL] == "done"
    assert len(messages(store)) == 5

    for n in range(7, 14):
        mastodon.add_status(anna, f"Frage {n}")
    batches = sync(store, account.id, make_channel(batch_size=3))
    assert [len(b.messages) for b in batches] == [3, 3, 1]
    texts = [m["text"] for m in messages(store)]
    assert len(texts) == len(set(texts)) == 12
    assert texts[-1].endswith("Frage 13")


def test_context_budget_ends_the_batch_early_and_resumes(
        store: Store, account: AccountInfo, mastodon: FakeMastodon,
        make_channel: ChannelFactory) -> None:
    anna, bernd, _ = _customers(mastodon)
    roots = [mastodon.add_status(bernd, f"Post {n}", mention_us=False) for n in range(3)]
    replies = [mastodon.add_status(anna, f"Antwort {n}", reply_to=r)
               for n, r in enumerate(roots)]
    batches = sync(store, account.id, make_channel(context_budget=1))
    assert len(batches) >= 3 and batches[0].more
    assert {c["thread_key"] for c in conversations(store)} == {r["id"] for r in roots}
    stored = {m["remote_id"] for m in messages(store)}
    assert {r["id"] for r in replies} <= stored


def test_read_marker_sets_read_and_follows_later_moves(store: Store, account: AccountInfo,
                                                       mastodon: FakeMastodon,
                                                       make_channel: ChannelFactory) -> None:
    anna, bernd, _ = _customers(mastodon)
    mastodon.add_status(anna, "Gelesen auf dem Handy")
    mastodon.add_status(bernd, "Noch ungelesen", visibility="direct")
    mastodon.marker = mastodon.notifications[0]["id"]
    sync(store, account.id, make_channel())
    assert [m["read"] for m in messages(store)] == [1, 0]
    assert [c["unread"] for c in conversations(store)] == [0, 1]

    mastodon.marker = mastodon.notifications[1]["id"]  # read in the web interface
    sync(store, account.id, make_channel())
    assert [m["read"] for m in messages(store)] == [1, 1]
    assert [c["unread"] for c in conversations(store)] == [0, 0]
