"""Adding a feed (Listening) from the window, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.store import queries
from app.store.database import Store
from services.registry import channel_factory
from services.secrets import SecretStore
from services.sync import SyncEngine
from tests.services.feeds.samples import RSS
from tests.services.feeds.server import FeedServer, Route
from tests.services.test_secrets import MemoryKeyring
from tests.ui.test_add_account import taskman  # noqa: F401 - fixture
from ui.dialogs.accounts import AddAccountDialog
from ui.taskman import TaskManager


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    server = FeedServer()
    server.start()
    yield server
    server.close()


@pytest.fixture
def dialog(qtbot: QtBot, store: Store, taskman: TaskManager,  # noqa: F811
           memory_keyring: MemoryKeyring) -> AddAccountDialog:
    made = AddAccountDialog(store, SecretStore(), taskman=taskman)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    made.feed_choice.click()
    made.feed_workspace.choose_new("Bäckerei Sonnenschein")
    return made


def test_a_readable_feed_is_saved_and_its_entries_reach_listening(
        qtbot: QtBot, store: Store, dialog: AddAccountDialog, feeds: FeedServer,
        memory_keyring: MemoryKeyring) -> None:
    url = feeds.serve("/search.rss", Route(RSS.encode(), etag='"v1"'))
    dialog.feed_form.url.setText(url)
    dialog.feed_form.name.setText("Brotforum")
    dialog.feed_form.keywords.setText("Sonntag")
    with qtbot.waitSignal(dialog.account_added, timeout=10_000) as added:
        dialog.save_button.click()

    [acc] = queries.accounts(store.reader())
    assert added.args == [acc.id]
    assert (acc.kind, acc.display_name, acc.identity) == ("feed", "Brotforum", url)
    assert acc.settings["keywords"] == ["Sonntag"] and acc.settings["interval_minutes"] >= 15
    assert memory_keyring.entries == {}  # a feed has no secret
    assert len(feeds.hits("/search.rss")) == 1  # read once before saving
    SyncEngine(store, channel_factory(store, SecretStore())).run_once()
    rows = queries.conversation_rows(store.reader(), queries.conversation_ids(
        store.reader(), queries.ConversationFilter(stream="listening")))
    assert [r.subject for r in rows.values()] == ["Öffnungszeiten am Sonntag"]


def test_an_address_without_a_feed_is_explained_and_nothing_saved(
        qtbot: QtBot, store: Store, dialog: AddAccountDialog, feeds: FeedServer) -> None:
    dialog.feed_form.url.setText(feeds.url("/nothing-here"))
    dialog.save_button.click()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert "could not read a feed there" in dialog.feed_form.field.error.text()
    assert "404" in dialog.feed_form.field.error.text()
    assert queries.accounts(store.reader()) == [] and queries.workspaces(store.reader()) == []


def test_a_non_web_address_is_refused_before_anything_is_fetched(
        dialog: AddAccountDialog, store: Store) -> None:
    dialog.feed_form.url.setText("file:///etc/passwd")
    dialog.save_button.click()
    assert "http:// or https://" in dialog.feed_form.field.error.text()
    assert dialog.save_button.isEnabled() and queries.accounts(store.reader()) == []
