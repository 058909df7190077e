"""Mentions and Listening in the window: the right channel icon on each row, and
"Open in browser" (address shown first) instead of a reply box for feed entries."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QRect, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QPainter
from PySide6.QtWidgets import QMessageBox, QStyleOptionViewItem

from app.records import IncomingMessage, Stream
from app.store import ops, queries
from app.store.database import Store
from tests.conftest import FakeClock
from tests.factories import incoming, ingest
from ui.assets import icon
from ui.main_window import MainWindow
from ui.models.inbox import ROW_ROLE

ENTRY_URL = "https://forum.example/t/bester-baecker-in-der-stadt/4711#post-3"


def _entry(clock: FakeClock, link: str | None) -> IncomingMessage:
    msg = incoming("feed:4711", "Die Zimtschnecken von Sonnenschein sind die besten!",
                   sent_at=clock.now - 600, author="krümelmonster",
                   handle="krümelmonster@forum.example", subject="Bester Bäcker in der Stadt?",
                   stream=Stream.LISTENING)
    return dataclasses.replace(msg, meta={"link": link} if link else {})


@pytest.fixture
def channels(store: Store, clock: FakeClock) -> dict[str, int]:
    ws = ops.create_workspace(store, "Bäckerei Sonnenschein", "de")
    feed = ops.create_account(store, ws, "feed", "Forum Stadtleben",
                              "https://forum.example/search.rss?q=Sonnenschein",
                              {"url": "https://forum.example/search.rss?q=Sonnenschein"})
    masto = ops.create_account(store, ws, "mastodon", "Bäckerei Sonnenschein",
                               "@baeckerei@social.example",
                               {"instance": "https://social.example", "acct": "baeckerei"})
    ingest(store, feed, _entry(clock, ENTRY_URL))
    ingest(store, masto, incoming("masto:1", "@baeckerei habt ihr Sonntag offen?",
                                  sent_at=clock.now - 300, author="Lena",
                                  handle="@lena@social.example", stream=Stream.MENTIONS))
    conn = store.reader()
    return {stream: int(conn.execute("SELECT id FROM conversation WHERE stream = ?",
                                      (stream,)).fetchone()[0])
            for stream in ("listening", "mentions")}


def _painted_icon(window: MainWindow, conv_id: int) -> QImage:
    """Paint the conversation's list row and cut out where the channel icon goes."""
    model = window.inbox_model
    row = model.row_of(conv_id)
    assert row is not None
    index = model.index(row, 0)
    image = QImage(400, 60, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 400, 60)
    option.font = window.inbox.font()
    painter = QPainter(image)
    window.inbox.itemDelegate().paint(painter, option, index)
    painter.end()
    assert index.data(ROW_ROLE) is not None
    return image.copy(12, 8, 18, 18)


def _icon_image(name: str) -> QImage:
    image = QImage(18, 18, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    icon(name).paint(painter, QRect(0, 0, 18, 18))
    painter.end()
    return image


def test_mentions_and_listening_rows_show_their_channels_icon(
        channels: dict[str, int], make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    assert window.sidebar.select_key(("view", None, queries.View.OPEN))
    assert _painted_icon(window, channels["mentions"]) == _icon_image("mastodon")
    assert _painted_icon(window, channels["listening"]) == _icon_image("feed")
    assert _painted_icon(window, channels["listening"]) != _icon_image("mastodon")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []

    def record(url: QUrl) -> bool:
        urls.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", record)
    return urls


def test_a_feed_entry_offers_its_page_instead_of_a_reply_box(
        qtbot: QtBot, channels: dict[str, int], make_window: Callable[..., MainWindow],
        opened: list[str]) -> None:
    window = make_window()
    window._show(channels["listening"])
    view = window.conversation
    assert view.listening.isVisible() and not view.editor.isVisible()
    window.start_reply()  # "r" leads to the button, there is nothing to type into
    assert view.listening.open_button.hasFocus()

    view.listening.open_button.click()

    box = view.browser.link_dialog
    assert box is not None and box.isVisible()
    assert ENTRY_URL in box.text()  # the real address, before anything opens
    assert opened == []
    box.button(QMessageBox.StandardButton.Open).click()
    assert opened == [ENTRY_URL]

    window._show(channels["mentions"])  # a Mastodon mention can be answered in place
    assert view.editor.isVisible() and not view.listening.isVisible()


def test_an_entry_without_an_address_says_where_to_answer(
        store: Store, clock: FakeClock, make_window: Callable[..., MainWindow]) -> None:
    ws = ops.create_workspace(store, "Radladen", "de")
    feed = ops.create_account(store, ws, "feed", "Bewertungen", "https://reviews.example/f",
                              {})
    ingest(store, feed, _entry(clock, None))
    conv_id = int(store.reader().execute("SELECT id FROM conversation").fetchone()[0])
    window = make_window()
    window._show(conv_id)
    bar = window.conversation.listening
    assert bar.isVisible() and not bar.open_button.isEnabled()
    assert "no address" in bar.text.text()
