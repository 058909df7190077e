"""Adding a Mastodon account from the window, against the local Mastodon test server.

The test stands in for the system browser: ``QDesktopServices.openUrl`` is
replaced by a ``Browser`` from the OAuth tests, which loads the authorize
page and follows its redirect to Tresen's loopback listener, as a browser
would after the person clicked "Authorize".
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from app.store import queries
from app.store.database import Store
from services.secrets import SERVICE, SecretStore
from tests.services.mastodon.server import FakeMastodon
from tests.services.mastodon.test_oauth import Browser, _refuses_connections
from tests.services.test_secrets import MemoryKeyring
from tests.ui.test_add_account import taskman  # noqa: F401 - fixture
from ui.dialogs.accounts import AddAccountDialog
from ui.taskman import TaskManager


@pytest.fixture
def mastodon() -> Iterator[FakeMastodon]:
    server = FakeMastodon().start()
    yield server
    server.stop()


class SystemBrowser:
    """Replaces ``QDesktopServices.openUrl``: records each URL, then (optionally)
    lets ``Browser`` act on it in a thread of its own, like a separate browser."""

    def __init__(self, act: Callable[[str], None] | None) -> None:
        self.act = act
        self.urls: list[str] = []

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url.toString())
        if self.act is not None:
            threading.Thread(target=self.act, args=(url.toString(),), daemon=True).start()
        return True


@pytest.fixture
def dialog(qtbot: QtBot, store: Store, taskman: TaskManager,  # noqa: F811
           memory_keyring: MemoryKeyring) -> AddAccountDialog:
    made = AddAccountDialog(store, SecretStore(), taskman=taskman)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def _browser(monkeypatch: pytest.MonkeyPatch, act: Callable[[str], None] | None
             ) -> SystemBrowser:
    browser = SystemBrowser(act)
    monkeypatch.setattr(QDesktopServices, "openUrl", browser)
    return browser


def test_signing_in_through_the_browser_saves_the_account_and_token(
        qtbot: QtBot, store: Store, dialog: AddAccountDialog, mastodon: FakeMastodon,
        memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    system = _browser(monkeypatch, Browser())
    assert dialog.mastodon_choice.isEnabled()
    dialog.mastodon_choice.click()
    dialog.mastodon_workspace.choose_new("Bäckerei Sonnenschein")
    dialog.mastodon_form.instance.setText(mastodon.base_url)

    with qtbot.waitSignal(dialog.account_added, timeout=15_000) as added:
        dialog.save_button.click()

    [acc] = queries.accounts(store.reader())
    assert added.args == [acc.id]
    assert (acc.kind, acc.identity) == ("mastodon", "@baeckerei@127.0.0.1")
    assert acc.settings == {"instance": mastodon.base_url, "account_id": mastodon.me["id"],
                            "acct": "baeckerei"}
    [(key, token)] = memory_keyring.entries.items()
    assert key == (SERVICE, f"account:{acc.id}") and token in mastodon.valid_tokens
    assert token not in (store.path.read_bytes() + store.path.with_name(
        store.path.name + "-wal").read_bytes()).decode("latin-1")
    [url] = system.urls
    assert url.startswith(f"{mastodon.base_url}/oauth/authorize?")


def test_cancel_stops_waiting_frees_the_port_and_saves_nothing(
        qtbot: QtBot, store: Store, dialog: AddAccountDialog, mastodon: FakeMastodon,
        monkeypatch: pytest.MonkeyPatch) -> None:
    system = _browser(monkeypatch, None)  # the person never clicks "Authorize"
    dialog.mastodon_choice.click()
    dialog.mastodon_workspace.choose_new("Bäckerei")
    dialog.mastodon_form.instance.setText(mastodon.base_url)
    dialog.save_button.click()
    qtbot.waitUntil(dialog.mastodon_form.cancel_sign_in.isVisible, timeout=10_000)
    assert dialog.mastodon_form.browser_url.text() == system.urls[0]
    assert not dialog.save_button.isEnabled()

    dialog.mastodon_form.cancel_sign_in.click()

    assert dialog.save_button.isEnabled()
    assert "cancelled" in dialog.status.text()
    redirect = QUrl(system.urls[0]).query().split("redirect_uri=")[1].split("&")[0]
    redirect = QUrl.fromPercentEncoding(redirect.encode())
    qtbot.waitUntil(lambda: _refuses_connections(redirect), timeout=5_000)
    assert queries.accounts(store.reader()) == [] and queries.workspaces(store.reader()) == []


@pytest.mark.parametrize(("address", "expected"), [
    ("http://mastodon.example", "Only https://"),
    ("https://mastodon.example/@baeckerei", "not a server address"),
])
def test_a_wrong_address_is_explained_before_anything_is_contacted(
        dialog: AddAccountDialog, monkeypatch: pytest.MonkeyPatch, address: str,
        expected: str) -> None:
    system = _browser(monkeypatch, None)
    dialog.mastodon_choice.click()
    dialog.mastodon_workspace.choose_new("Bäckerei")
    dialog.mastodon_form.instance.setText(address)
    dialog.save_button.click()
    assert expected in dialog.mastodon_form.field.error.text()
    assert system.urls == [] and dialog.save_button.isEnabled()


def test_an_address_where_nothing_answers_is_an_unknown_instance(
        qtbot: QtBot, store: Store, dialog: AddAccountDialog,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _browser(monkeypatch, None)
    dialog.mastodon_choice.click()
    dialog.mastodon_workspace.choose_new("Bäckerei")
    dialog.mastodon_form.instance.setText("http://127.0.0.1:1")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert "No Mastodon server answers" in dialog.mastodon_form.field.error.text()
    assert queries.accounts(store.reader()) == []


def test_access_declined_in_the_browser_is_said_plainly(
        qtbot: QtBot, store: Store, dialog: AddAccountDialog, mastodon: FakeMastodon,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _browser(monkeypatch, Browser(deny=True))
    dialog.mastodon_choice.click()
    dialog.mastodon_workspace.choose_new("Bäckerei")
    dialog.mastodon_form.instance.setText(mastodon.base_url)
    dialog.save_button.click()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert "not granted" in dialog.mastodon_form.field.error.text()
    assert queries.accounts(store.reader()) == []


def test_no_answer_from_the_browser_times_out_with_a_clear_message(
        qtbot: QtBot, dialog: AddAccountDialog, mastodon: FakeMastodon,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _browser(monkeypatch, None)
    dialog.sign_in.timeout = 0.3
    dialog.mastodon_choice.click()
    dialog.mastodon_workspace.choose_new("Bäckerei")
    dialog.mastodon_form.instance.setText(mastodon.base_url)
    dialog.save_button.click()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert "No answer from the browser in time" in dialog.mastodon_form.field.error.text()
