""""Fetch older messages…" on an email account's line: the request reaches the store
through the writer, and the window's real sync scheduler fetches the mail from a
real Dovecot at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QMenu

from app.store import ops, queries
from app.store.database import Store
from services.registry import channel_factory
from services.secrets import SecretStore
from services.sync import SyncEngine
from tests.conftest import FakeClock
from tests.servers.dovecot import Dovecot
from tests.servers.smtp import SmtpServer
from tests.services.email.conftest import ADDRESS, email_settings
from tests.services.email.test_history import fill, younger
from tests.ui.conftest import Inbox, settle
from ui.main_window import MainWindow
from ui.sync import SyncScheduler
from ui.taskman import TaskManager
from ui.widgets.sidebar_view import HistoryDialog

DAY = 86_400


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot()
    server.start()
    yield server
    server.stop()


def _menu_texts(window: MainWindow, account_id: int) -> list[str] | None:
    item = window.sidebar_model.find(("account", _workspace(window, account_id), account_id))
    assert item is not None
    menu = window.sidebar.account_menu(item.index())
    return None if menu is None else [a.text() for a in menu.actions()]


def _workspace(window: MainWindow, account_id: int) -> int:
    return next(a.workspace_id for a in queries.accounts(window.store.reader())
                if a.id == account_id)


def _open_dialog(window: MainWindow, account_id: int) -> HistoryDialog:
    item = window.sidebar_model.find(("account", _workspace(window, account_id), account_id))
    assert item is not None
    menu = window.sidebar.account_menu(item.index())
    assert menu is not None
    [action] = menu.actions()
    action.trigger()
    dialog = window.sidebar.history_dialog
    assert isinstance(dialog, HistoryDialog) and dialog.isVisible()
    return dialog


def _setting(store: Store, account_id: int) -> object:
    info = next(a for a in queries.accounts(store.reader()) if a.id == account_id)
    return info.settings.get("history_since")


def test_fetching_everything_sets_the_request_and_syncs_the_older_mail(
        qtbot: QtBot, store: Store, dovecot: Dovecot, smtp: SmtpServer,
        make_window: Callable[..., MainWindow]) -> None:
    user = dovecot.add_user()
    now = store.clock()
    ages = fill(dovecot, user, now)
    ws = ops.create_workspace(store, "Bäckerei Sonnenschein", "de")
    acc = ops.create_account(store, ws, "email", "Bäckerei Sonnenschein", ADDRESS,
                             email_settings(dovecot, smtp, user, first_sync_days=90))
    secrets = SecretStore(session_only=True)
    secrets.set(acc, user.password)
    engine = SyncEngine(store, channel_factory(store, secrets))
    engine.run_once()
    stored = {r[0] for r in store.reader().execute("SELECT remote_id FROM message")}
    assert stored == younger(ages, 90)

    taskman = TaskManager()
    syncs = SyncScheduler(taskman, engine, 3_600_000)
    window = make_window(taskman=taskman, sync=syncs, secrets=secrets)
    try:
        assert _menu_texts(window, acc) == ["Fetch older messages…"]
        dialog = _open_dialog(window, acc)
        assert ADDRESS in dialog.intro.text()
        dialog.options[0].setChecked(True)
        with qtbot.waitSignal(syncs.finished, timeout=30_000) as finished:
            dialog.fetch_button.click()
        assert finished.args == [""]
        assert _setting(store, acc) == 0
        rows = [r[0] for r in store.reader().execute("SELECT remote_id FROM message")]
        assert len(rows) == len(set(rows)) == 300
        assert window.sidebar.history_dialog is None
        settle(qtbot, window)
    finally:
        taskman.shutdown()


def test_six_months_without_a_scheduler_only_records_the_request(
        qtbot: QtBot, store: Store, clock: FakeClock, dovecot: Dovecot, smtp: SmtpServer,
        make_window: Callable[..., MainWindow]) -> None:
    ws = ops.create_workspace(store, "Bäckerei Sonnenschein", "de")
    acc = ops.create_account(store, ws, "email", "Bäckerei Sonnenschein", ADDRESS,
                             email_settings(dovecot, smtp, dovecot.add_user()))
    window = make_window()
    dialog = _open_dialog(window, acc)
    dialog.reject()
    settle(qtbot, window)
    assert _setting(store, acc) is None  # cancelled: nothing asked

    dialog = _open_dialog(window, acc)
    assert dialog.days() == 365  # the preselected choice
    dialog.options[183].setChecked(True)
    dialog.fetch_button.click()
    qtbot.waitUntil(lambda: _setting(store, acc) is not None, timeout=5_000)
    settle(qtbot, window)
    assert _setting(store, acc) == clock.now - 183 * DAY


def test_only_email_account_lines_offer_older_messages(
        store: Store, inbox: Inbox, make_window: Callable[..., MainWindow]) -> None:
    feed = ops.create_account(store, inbox.workspace_id, "feed", "Forum",
                              "https://forum.example/feed", {})
    email = ops.create_account(store, inbox.workspace_id, "email", "Laden",
                               "laden@sonnenschein.example", {})
    window = make_window()
    assert _menu_texts(window, email) == ["Fetch older messages…"]
    assert _menu_texts(window, inbox.account_id) is None  # a demo account
    assert _menu_texts(window, feed) is None
    # A right click on the line pops the same menu up.
    item = window.sidebar_model.find(("account", inbox.workspace_id, email))
    assert item is not None
    window.sidebar.scrollTo(item.index())
    window.sidebar.customContextMenuRequested.emit(
        window.sidebar.visualRect(item.index()).center())
    [menu] = [m for m in window.sidebar.findChildren(QMenu) if m.isVisible()]
    assert [a.text() for a in menu.actions()] == ["Fetch older messages…"]
    menu.close()
    workspace = window.sidebar_model.find(("workspace", inbox.workspace_id))
    assert workspace is not None
    assert window.sidebar.account_menu(workspace.index()) is None
