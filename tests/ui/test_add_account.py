"""The "Add account" dialog against a real Dovecot and aiosmtpd: test first, then save.

A wrong password is explained under the password field and saves nothing;
the right one saves the account and puts the password in keyring only;
without a keyring the person may use the account for this session only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.store import ops, queries
from app.store.database import Store
from services.registry import channel_factory
from services.secrets import SERVICE, SecretStore
from services.sync import SyncEngine
from tests.servers.dovecot import Dovecot, MailUser, own_dovecot
from tests.servers.smtp import SmtpServer
from tests.services.test_secrets import MemoryKeyring
from ui.dialogs.accounts import AddAccountDialog, account_opener
from ui.main_window import MainWindow
from ui.taskman import TaskManager

ADDRESS = "hallo@baeckerei.example"






@pytest.fixture
def taskman() -> Iterator[TaskManager]:
    manager = TaskManager()
    yield manager
    manager.shutdown()


MakeDialog = Callable[..., AddAccountDialog]


@pytest.fixture
def make_dialog(qtbot: QtBot, store: Store, taskman: TaskManager) -> MakeDialog:
    def make(secrets: SecretStore | None = None) -> AddAccountDialog:
        dialog = AddAccountDialog(store, secrets or SecretStore(), taskman=taskman)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def fill(dialog: AddAccountDialog, server: Dovecot, smtp: SmtpServer, user: MailUser,
         password: str | None = None) -> None:
    dialog.email_choice.click()
    form = dialog.form
    dialog.workspace.choose_new("Bäckerei Sonnenschein")
    form.address.setText(ADDRESS)
    form.display_name.setText("Bäckerei Sonnenschein")
    form.password.setText(user.password if password is None else password)
    form.username.setText(user.username)
    for proto, host, port in (("imap", server.host, server.port),
                              ("smtp", smtp.host, smtp.port)):
        form.hosts[proto].setText(host)
        form.set_security(proto, "none")
        form.ports[proto].setValue(port)


def wait_idle(qtbot: QtBot, dialog: AddAccountDialog) -> None:
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() or not dialog.isVisible(),
                    timeout=15_000)


def test_the_email_form_starts_with_sensible_defaults(qtbot: QtBot,
                                                      make_dialog: MakeDialog) -> None:
    dialog = make_dialog()
    assert not dialog.save_button.isVisible()
    assert dialog.mastodon_choice.isEnabled()
    assert dialog.feed_choice.isEnabled()
    qtbot.mouseClick(dialog.email_choice, Qt.MouseButton.LeftButton)
    assert dialog.save_button.isVisible()
    assert dialog.workspace.name.isVisible()  # an empty store: a new workspace is typed in

    form = dialog.form
    qtbot.keyClicks(form.address, ADDRESS)
    assert form.hosts["imap"].text() == "imap.baeckerei.example"
    assert form.hosts["smtp"].text() == "smtp.baeckerei.example"
    assert form.username.placeholderText() == ADDRESS
    assert (form.ports["imap"].value(), form.ports["smtp"].value()) == (993, 465)
    form.set_security("imap", "starttls")
    form.set_security("smtp", "starttls")
    assert (form.ports["imap"].value(), form.ports["smtp"].value()) == (143, 587)
    form.ports["smtp"].setValue(2525)
    form.set_security("smtp", "ssl")
    assert form.ports["smtp"].value() == 2525  # a port typed by hand stays
    assert form.draft().login == ADDRESS


def test_no_encryption_for_another_computer_is_refused(qtbot: QtBot, store: Store,
                                                       make_dialog: MakeDialog) -> None:
    dialog = make_dialog()
    dialog.email_choice.click()
    form = dialog.form
    qtbot.keyClicks(form.address, ADDRESS)
    form.set_security("imap", "none")
    assert "127.0.0.1" in form.error_of("imap_security")  # said at once, before any test
    form.display_name.setText("Bäckerei")
    form.password.setText("geheim")
    dialog.workspace.choose_new("Bäckerei")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert "127.0.0.1" in form.error_of("imap_security")
    assert dialog.status.text() == "Nothing was saved."
    assert not dialog.progress.isVisible()  # refused before contacting anything
    assert queries.accounts(store.reader()) == []


def test_a_wrong_password_is_explained_next_to_it_and_nothing_is_saved(
        qtbot: QtBot, store: Store, smtp: SmtpServer, make_dialog: MakeDialog,
        memory_keyring: MemoryKeyring) -> None:
    dialog = make_dialog()
    with own_dovecot() as server:  # failed logins make Dovecot slow down for everyone
        fill(dialog, server, smtp, server.add_user(), password="falsch")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.progress.isVisible() and not dialog.save_button.isEnabled()
        wait_idle(qtbot, dialog)

    error = dialog.form.error_of("password")
    assert "refused the user name or password" in error, error
    assert dialog.form.error_of("imap_host") == ""
    assert dialog.isVisible() and dialog.status.text() == "Nothing was saved."
    assert queries.accounts(store.reader()) == [] and queries.workspaces(store.reader()) == []
    assert memory_keyring.entries == {}


def test_an_unreachable_server_is_explained_next_to_its_port(
        qtbot: QtBot, mail_server: Dovecot, smtp: SmtpServer, make_dialog: MakeDialog,
        store: Store, memory_keyring: MemoryKeyring) -> None:
    dialog = make_dialog()
    fill(dialog, mail_server, smtp, mail_server.add_user())
    dialog.form.ports["smtp"].setValue(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)

    assert "refused the connection" in dialog.form.error_of("smtp_port")
    assert queries.accounts(store.reader()) == []


def test_the_right_password_saves_the_account_and_keeps_it_in_keyring_only(
        qtbot: QtBot, store: Store, tmp_path: Path, mail_server: Dovecot, smtp: SmtpServer,
        make_dialog: MakeDialog, memory_keyring: MemoryKeyring) -> None:
    user = mail_server.add_user()
    dialog = make_dialog()
    fill(dialog, mail_server, smtp, user)

    with qtbot.waitSignal(dialog.account_added, timeout=15_000) as added:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    [acc] = queries.accounts(store.reader())
    assert added.args == [acc.id] and dialog.result() == QDialog.DialogCode.Accepted
    assert (acc.kind, acc.identity, acc.display_name) == ("email", ADDRESS,
                                                          "Bäckerei Sonnenschein")
    assert acc.settings["imap_port"] == mail_server.port
    assert acc.settings["username"] == user.username
    [ws] = queries.workspaces(store.reader())
    assert (ws.id, ws.name) == (acc.workspace_id, "Bäckerei Sonnenschein")
    assert memory_keyring.entries == {(SERVICE, f"account:{acc.id}"): user.password}
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert user.password.encode() not in path.read_bytes(), path


def test_an_existing_workspace_can_be_chosen(qtbot: QtBot, store: Store, mail_server: Dovecot,
                                             smtp: SmtpServer, make_dialog: MakeDialog,
                                             memory_keyring: MemoryKeyring) -> None:
    ops.create_workspace(store, "Radladen Kette")
    kette = ops.create_workspace(store, "Bäckerei")
    dialog = make_dialog()
    fill(dialog, mail_server, smtp, mail_server.add_user())
    dialog.workspace.combo.setCurrentIndex(dialog.workspace.combo.findData(kette))
    assert not dialog.workspace.name.isVisible()

    with qtbot.waitSignal(dialog.account_added, timeout=15_000):
        dialog.save_button.click()

    assert [a.workspace_id for a in queries.accounts(store.reader())] == [kette]


def test_without_keyring_the_account_works_for_this_session_only(
        qtbot: QtBot, store: Store, mail_server: Dovecot, smtp: SmtpServer,
        make_dialog: MakeDialog, no_keyring: None) -> None:
    user = mail_server.add_user()
    secrets = SecretStore()
    dialog = make_dialog(secrets)
    fill(dialog, mail_server, smtp, user)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.keyring_prompt is not None
                    and dialog.keyring_prompt.isVisible(), timeout=15_000)
    prompt = dialog.keyring_prompt
    assert prompt is not None
    assert "session only" in prompt.session_button.text()
    assert queries.accounts(store.reader()) == []  # nothing before the person decided

    with qtbot.waitSignal(dialog.account_added, timeout=15_000) as added:
        prompt.session_button.click()

    account_id = added.args[0]
    assert secrets.session_only and secrets.get(account_id) == user.password
    # The sync engine shares this SecretStore (see app.cli.gui): the account syncs.
    report = SyncEngine(store, channel_factory(store, secrets)).run_once()
    assert [(a.account_id, a.error) for a in report.accounts] == [(account_id, "")]
    # The next start has no password: the sync says so instead of failing obscurely.
    report = SyncEngine(store, channel_factory(store, SecretStore(session_only=True))).run_once()
    assert "password needed" in report.accounts[0].error


def test_cancelling_the_keyring_prompt_saves_nothing(
        qtbot: QtBot, store: Store, mail_server: Dovecot, smtp: SmtpServer,
        make_dialog: MakeDialog, no_keyring: None) -> None:
    secrets = SecretStore()
    dialog = make_dialog(secrets)
    fill(dialog, mail_server, smtp, mail_server.add_user())
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.keyring_prompt is not None, timeout=15_000)
    assert dialog.keyring_prompt is not None
    dialog.keyring_prompt.cancel_button.click()

    assert dialog.status.text() == "Nothing was saved."
    assert dialog.save_button.isEnabled() and not secrets.session_only
    assert queries.accounts(store.reader()) == [] and queries.workspaces(store.reader()) == []


def test_the_windows_add_account_button_opens_the_dialog(
        qtbot: QtBot, store: Store, mail_server: Dovecot, smtp: SmtpServer,
        make_window: Callable[..., MainWindow], memory_keyring: MemoryKeyring) -> None:
    opener = account_opener(SecretStore())
    results: list[bool] = []

    def add_account(parent: QWidget) -> bool:
        results.append(opener(parent))
        return results[-1]

    user = mail_server.add_user()

    def drive() -> None:  # runs inside the dialog's own event loop
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AddAccountDialog)
        fill(dialog, mail_server, smtp, user)
        dialog.save_button.click()

    window = make_window(add_account=add_account)
    QTimer.singleShot(0, drive)
    qtbot.mouseClick(window.add_account_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: results == [True], timeout=15_000)

    assert [a.identity for a in queries.accounts(store.reader())] == [ADDRESS]
