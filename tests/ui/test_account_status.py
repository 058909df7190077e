"""Per-account sync status in the sidebar, and signing in again from there.

The status comes from what the real sync engine records; the password is
tested against a real Dovecot and aiosmtpd before it is kept, and a Mastodon
account signs in again against the local Mastodon test server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from app.store import ops, queries
from app.store.database import Store
from app.store.sync_state import record_sync
from services.registry import channel_factory
from services.secrets import SecretStore
from services.sync import SyncEngine
from tests.conftest import FakeClock
from tests.servers.dovecot import Dovecot, MailUser
from tests.servers.smtp import SmtpServer, smtp_server
from tests.services.mastodon.server import FakeMastodon
from tests.services.mastodon.test_oauth import Browser
from tests.ui.conftest import Inbox
from ui.dialogs.accounts.sign_in_again import SignInAgainDialog
from ui.main_window import MainWindow
from ui.models.sidebar import ACCOUNT_ROLE, SIGN_IN_ROLE
from ui.taskman import Change

ADDRESS = "hallo@baeckerei.example"


def _click_account(qtbot: QtBot, window: MainWindow, account_id: int) -> None:
    item = window.sidebar_model.find(("account", _workspace_of(window, account_id), account_id))
    assert item is not None
    window.sidebar.scrollTo(item.index())
    rect = window.sidebar.visualRect(item.index())
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _workspace_of(window: MainWindow, account_id: int) -> int:
    return next(a.workspace_id for a in queries.accounts(window.store.reader())
                if a.id == account_id)


def test_each_workspace_lists_its_accounts_with_last_sync_and_errors(
        store: Store, clock: FakeClock, inbox: Inbox,
        make_window: Callable[..., MainWindow]) -> None:
    record_sync(store, inbox.account_id, synced_at=clock.now - 180, error="")
    broken = ops.create_account(store, inbox.bike_workspace_id, "email", "Kette Support",
                                "support@kette.example", {})
    record_sync(store, broken, synced_at=None,
                error="could not fetch new messages: imap.kette.example:993 did not answer"
                      " in time")
    window = make_window()
    model = window.sidebar_model

    assert model.find(("accounts", inbox.workspace_id)) is not None
    assert model.account_status(inbox.account_id) == "synced 3 min ago"
    assert model.account_status(broken) == "Sync failed"
    item = model.find(("account", inbox.bike_workspace_id, broken))
    assert item is not None
    badge = item.parent().child(item.row(), 1)
    assert not badge.icon().isNull()  # the warning sign
    assert "did not answer in time" in badge.toolTip() and "did not answer" in item.toolTip()
    assert not item.data(SIGN_IN_ROLE)  # a timeout is not fixed by a password
    ok = model.find(("account", inbox.workspace_id, inbox.account_id))
    assert ok is not None and ok.parent().child(ok.row(), 1).icon().isNull()
    # Without a change notification the age still moves on (the 30 s clock timer).
    clock.now += 120
    window._clock_timer.timeout.emit()
    assert model.account_status(inbox.account_id) == "synced 5 min ago"


def test_selecting_an_account_lists_only_its_conversations(
        store: Store, inbox: Inbox, make_window: Callable[..., MainWindow]) -> None:
    other = ops.create_account(store, inbox.workspace_id, "demo", "Zweites Postfach",
                               "zwei@sonnenschein.example")
    window = make_window()
    assert window.inbox_model.rowCount() > 0
    assert window.sidebar.select_key(("account", inbox.workspace_id, other))
    assert window.inbox_model.rowCount() == 0
    assert window.sidebar.select_key(("account", inbox.workspace_id, inbox.account_id))
    assert window.inbox_model.rowCount() == 3  # Anna, Ben and Cara: all open


# -- email: the password again ------------------------------------------------------------
@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp(dovecot: Dovecot) -> Iterator[SmtpServer]:
    with smtp_server() as server:
        yield server


class Syncs(QObject):
    """Stands in for the window's ``SyncScheduler``: counts ``sync_now`` calls."""

    progress = Signal(int, int, str)
    finished = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def sync_now(self) -> None:
        self.calls += 1

    def stop(self) -> None:
        pass


def _email_account(store: Store, dovecot: Dovecot, smtp: SmtpServer, user: MailUser) -> int:
    ws = ops.create_workspace(store, "Bäckerei Sonnenschein", "de")
    return ops.create_account(store, ws, "email", "Bäckerei Sonnenschein", ADDRESS, {
        "imap_host": dovecot.host, "imap_port": dovecot.port, "imap_security": "none",
        "smtp_host": smtp.host, "smtp_port": smtp.port, "smtp_security": "none",
        "username": user.username, "timeout": 5, "first_sync_days": 0})


def test_a_session_password_that_ended_is_asked_for_again_and_tested_first(
        qtbot: QtBot, store: Store, dovecot: Dovecot, smtp: SmtpServer,
        make_window: Callable[..., MainWindow]) -> None:
    user = dovecot.add_user()
    acc = _email_account(store, dovecot, smtp, user)
    secrets = SecretStore(session_only=True)  # a new run: the session password is gone
    SyncEngine(store, channel_factory(store, secrets)).run_once()
    [info] = queries.accounts(store.reader())
    assert info.last_error.startswith("Sign in again")
    syncs = Syncs()
    window = make_window(secrets=secrets, sync=syncs)
    assert window.sidebar_model.account_status(acc) == "Password needed"

    _click_account(qtbot, window, acc)
    dialog = window.sign_in_dialog
    assert isinstance(dialog, SignInAgainDialog) and dialog.isVisible()
    assert ADDRESS in dialog.intro.text()

    dialog.password.setText("falsch")
    dialog.ok_button.click()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=10_000)
    assert "refused the user name or password" in dialog.field.error.text()
    assert secrets.get(acc) is None and dialog.isVisible()

    dialog.password.setText(user.password)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        dialog.ok_button.click()
    assert secrets.get(acc) == user.password
    assert syncs.calls == 1  # synced at once with the new password
    report = SyncEngine(store, channel_factory(store, secrets)).run_once()
    assert [a.error for a in report.accounts] == [""]
    window.ctx.taskman.notify(Change.all())  # what the scheduler's sync run ends with
    assert window.sidebar_model.account_status(acc) == "synced just now"
    item = window.sidebar_model.find(("account", info.workspace_id, acc))
    assert item is not None and not item.data(SIGN_IN_ROLE)


def test_clicking_a_healthy_account_asks_for_nothing(
        qtbot: QtBot, store: Store, inbox: Inbox, make_window: Callable[..., MainWindow]) -> None:
    window = make_window(secrets=SecretStore(session_only=True))
    _click_account(qtbot, window, inbox.account_id)
    assert window.sign_in_dialog is None
    assert window.sidebar.currentIndex().data(ACCOUNT_ROLE) == inbox.account_id


# -- Mastodon: the browser again ------------------------------------------------------------
def _browse_with(monkeypatch: pytest.MonkeyPatch, browser: Browser) -> None:
    """``QDesktopServices.openUrl`` → ``browser``, in a thread as a separate browser."""

    def open_url(url: QUrl) -> bool:
        threading.Thread(target=browser, args=(url.toString(),), daemon=True).start()
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)


@pytest.fixture
def mastodon() -> Iterator[FakeMastodon]:
    server = FakeMastodon().start()
    yield server
    server.stop()


def test_a_revoked_mastodon_token_is_replaced_by_signing_in_again(
        qtbot: QtBot, store: Store, mastodon: FakeMastodon, monkeypatch: pytest.MonkeyPatch,
        make_window: Callable[..., MainWindow]) -> None:
    ws = ops.create_workspace(store, "Bäckerei Sonnenschein", "de")
    acc = ops.create_account(store, ws, "mastodon", "Bäckerei Sonnenschein",
                             "@baeckerei@127.0.0.1",
                             {"instance": mastodon.base_url, "account_id": mastodon.me["id"],
                              "acct": "baeckerei", "timeout": 2})
    secrets = SecretStore(session_only=True)
    secrets.set(acc, "revoked-token")
    SyncEngine(store, channel_factory(store, secrets)).run_once()
    assert queries.accounts(store.reader())[0].last_error.startswith("Sign in again")
    browser = Browser()
    _browse_with(monkeypatch, browser)
    window = make_window(secrets=secrets)
    assert window.sidebar_model.account_status(acc) == "Sign in again"

    window.sidebar.sign_in_requested.emit(acc)
    dialog = window.sign_in_dialog
    assert isinstance(dialog, SignInAgainDialog)
    with qtbot.waitSignal(dialog.signed_in, timeout=15_000):
        dialog.ok_button.click()

    token = secrets.get(acc)
    assert token is not None and token in mastodon.valid_tokens
    report = SyncEngine(store, channel_factory(store, secrets)).run_once()
    assert [a.error for a in report.accounts] == [""]


def test_signing_in_as_another_mastodon_account_is_refused(
        qtbot: QtBot, store: Store, mastodon: FakeMastodon, monkeypatch: pytest.MonkeyPatch,
        make_window: Callable[..., MainWindow]) -> None:
    ws = ops.create_workspace(store, "Bäckerei Sonnenschein", "de")
    acc = ops.create_account(store, ws, "mastodon", "Radladen", "@radladen@127.0.0.1",
                             {"instance": mastodon.base_url, "account_id": "999",
                              "acct": "radladen"})
    record_sync(store, acc, synced_at=None, error="Sign in again: 401")
    browser = Browser()
    _browse_with(monkeypatch, browser)
    secrets = SecretStore(session_only=True)
    window = make_window(secrets=secrets)
    window.sidebar.sign_in_requested.emit(acc)
    dialog = window.sign_in_dialog
    assert isinstance(dialog, SignInAgainDialog)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(dialog.field.error.text()), timeout=15_000)
    assert "@baeckerei@127.0.0.1" in dialog.field.error.text()
    assert secrets.get(acc) is None and dialog.isVisible()
