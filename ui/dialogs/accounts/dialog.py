"""The "Add account" dialog: choose a channel, fill it in, test it, save it.

Nothing is saved until the connection test passed (email) or the sign-in
completed (Mastodon): a half-working account would only show sync errors
later, far from the field that was wrong. The test runs off the GUI thread;
the save runs on the window's database writer when there is one. With no
usable keyring the person chooses between session-only and cancel
(``KeyringPrompt``) — the password is never written anywhere else.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QTimer, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.store import queries
from app.store.database import Store
from services.accounts import (
    AccountSetupError,
    Problem,
    check_new,
    email_settings,
    probe_email,
    probe_feed,
    save_account,
    save_email_account,
    save_feed_account,
)
from services.feeds.settings import FeedSettingsError
from services.mastodon.oauth import SignIn
from services.mastodon.settings import SettingsError as MastodonSettingsError
from services.mastodon.settings import normalize_instance
from services.secrets import KeyringUnavailable, SecretStore
from ui.assets import icon
from ui.dialogs.accounts.background import Background
from ui.dialogs.accounts.email_form import EmailForm
from ui.dialogs.accounts.feed_form import FeedForm
from ui.dialogs.accounts.fields import ERROR_STYLE
from ui.dialogs.accounts.mastodon_form import MastodonForm
from ui.dialogs.accounts.mastodon_signin import MastodonSignIn
from ui.dialogs.accounts.messages import explain, explain_sign_in
from ui.dialogs.accounts.workspace_picker import WorkspacePicker
from ui.dialogs.keyring_prompt import KeyringPrompt, ask_about_keyring
from ui.taskman import TaskManager

__all__ = ["AddAccountDialog"]

TR_CONTEXT = "AddAccount"


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


def ui_language() -> str:
    """The language a new workspace starts with (its notices, its signature)."""
    return "de" if QLocale().language() == QLocale.Language.German else "en"


class AddAccountDialog(QDialog):
    """Signals:
    account_added(int): the new account's id, after it and its secret were saved.
    """

    account_added = Signal(int)

    def __init__(self, store: Store, secrets: SecretStore, *,
                 taskman: TaskManager | None = None,
                 ssl_context: ssl.SSLContext | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.secrets = secrets
        self.taskman = taskman
        self.ssl_context = ssl_context
        self.account_id: int | None = None
        self.keyring_prompt: KeyringPrompt | None = None
        self._background = Background()
        self._pending: Callable[[], int] | None = None  # the save, once tested
        self.sign_in = MastodonSignIn(parent=self)
        self._saving = False
        self.setWindowTitle(_tr("Add an account"))
        self.setStyleSheet(ERROR_STYLE + " QLabel#formHint, QLabel#status { color: #616e7c; }")
        self._build()
        self._connect_signals()
        self._show_choice()

    # -- construction ------------------------------------------------------------------
    def _build(self) -> None:
        self.pages = QStackedWidget()
        self.choice_page = self._build_choice()
        self.pages.addWidget(self.choice_page)
        self.form = EmailForm()
        self.email_page, self.workspace = self._add_page(self.form, self.form.rows,
                                                         stretch=False)
        self.mastodon_form = MastodonForm()
        self.mastodon_page, self.mastodon_workspace = self._add_page(
            self.mastodon_form, self.mastodon_form.rows)
        self.feed_form = FeedForm()
        self.feed_page, self.feed_workspace = self._add_page(self.feed_form,
                                                             self.feed_form.rows)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: a login has no measurable steps
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.back_button = QPushButton(_tr("Back"))
        self.save_button = QPushButton(_tr("Test and save"))
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(_tr("Cancel"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)
        self.setMinimumWidth(640)

    def _add_page(self, form: QWidget, rows: QFormLayout, *,
                  stretch: bool = True) -> tuple[QWidget, WorkspacePicker]:
        """One channel's page: "Workspace:" on top of its form."""
        picker = WorkspacePicker(queries.workspaces(self.store.reader()))
        if picker.combo.count() == 1:  # only "New workspace…": suggest typing one
            picker.choose_new("")
        rows.insertRow(0, _tr("Workspace:"), picker)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form)
        if stretch:
            layout.addStretch()
        self.pages.addWidget(page)
        return page, picker

    def _build_choice(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(_tr("Which channel do you want to add?"))
        title.setObjectName("emptyTitle")
        layout.addWidget(title)
        self.email_choice = QCommandLinkButton(
            _tr("Email"), _tr("Any provider with IMAP and SMTP: read, reply, label and "
                              "archive customer mail."))
        self.email_choice.setIcon(icon("email"))
        self.mastodon_choice = QCommandLinkButton(
            _tr("Mastodon"), _tr("Direct messages and mentions of your business account."))
        self.mastodon_choice.setIcon(icon("mastodon"))
        self.feed_choice = QCommandLinkButton(
            _tr("Feed (listening)"), _tr("RSS, Atom or JSON Feed of a forum or review site "
                                         "that talks about you."))
        self.feed_choice.setIcon(icon("feed"))
        for button in (self.email_choice, self.mastodon_choice, self.feed_choice):
            layout.addWidget(button)
        layout.addStretch()
        return page

    def _connect_signals(self) -> None:
        self.email_choice.clicked.connect(self._show_email)
        self.mastodon_choice.clicked.connect(self._show_mastodon)
        self.feed_choice.clicked.connect(self._show_feed)
        self.back_button.clicked.connect(self._show_choice)
        self.save_button.clicked.connect(self._primary)
        self.mastodon_form.cancel_sign_in.clicked.connect(self.cancel_sign_in)
        self.sign_in.browser_opened.connect(self._browser_opened)
        self.sign_in.succeeded.connect(self._signed_in)
        self.sign_in.failed.connect(self._sign_in_failed)
        self.cancel_button.clicked.connect(self.reject)
        self.form.hint_changed.connect(lambda: QTimer.singleShot(0, self, self._fit))

    # -- pages -----------------------------------------------------------------------------
    def _show_choice(self) -> None:
        self._switch(self.choice_page)
        self.back_button.hide()
        self.save_button.hide()
        self._set_status("")

    def _switch(self, page: QWidget) -> None:
        """Show ``page`` at its own height: a stack is otherwise as tall as its tallest page."""
        for index in range(self.pages.count()):
            other = self.pages.widget(index)
            if other is None:
                continue
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.pages.setCurrentWidget(page)
        if self.isVisible():
            QTimer.singleShot(0, self, self.adjustSize)

    def _show_email(self) -> None:
        self._switch(self.email_page)
        self.save_button.setText(_tr("Test and save"))
        self.back_button.show()
        self.save_button.show()
        self.form.address.setFocus()

    def _show_mastodon(self) -> None:
        self._switch(self.mastodon_page)
        self.save_button.setText(_tr("Sign in with the browser"))
        self.back_button.show()
        self.save_button.show()
        self.mastodon_form.instance.setFocus()

    def _show_feed(self) -> None:
        self._switch(self.feed_page)
        self.save_button.setText(_tr("Test and save"))
        self.back_button.show()
        self.save_button.show()
        self.feed_form.url.setFocus()

    def _primary(self) -> None:
        if self.pages.currentWidget() is self.mastodon_page:
            self.start_sign_in()
        elif self.pages.currentWidget() is self.feed_page:
            self.test_feed()
        else:
            self.test_and_save()

    def _set_status(self, text: str, busy: bool = False) -> None:
        self.status.setText(text)
        self.progress.setVisible(busy)
        QTimer.singleShot(0, self, self._fit)

    def _fit(self) -> None:
        """Grow to fit wrapped error lines; Qt sizes a shown dialog only by its minimum."""
        layout = self._layout
        layout.activate()
        width = max(self.width(), self.sizeHint().width())
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else 0
        self.resize(width, max(self.height(), height, self.sizeHint().height()))

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.form, self.workspace, self.save_button, self.back_button,
                       self.mastodon_workspace, self.mastodon_form.field, self.feed_form,
                       self.feed_workspace):
            widget.setEnabled(not busy)

    # -- test and save ---------------------------------------------------------------------
    def test_and_save(self) -> None:
        """Check the input here, then log in to both servers off the GUI thread."""
        self.form.clear_errors()
        self.workspace.field.set_error("")
        draft = self.form.draft()
        target = self.workspace.choice()
        try:
            email_settings(draft)
            check_new(self.store, target, "email", draft.identity)
        except AccountSetupError as exc:
            self._show_problem(exc)
            return
        store, secrets = self.store, self.secrets
        language = ui_language()
        self._pending = lambda: save_email_account(store, secrets, target, draft,
                                                   language=language)
        self._set_busy(True)
        self._set_status(_tr("Testing the connection to %1 and %2…")
                         .replace("%1", draft.imap_host).replace("%2", draft.smtp_host), True)
        context = self.ssl_context
        self._background.run(lambda: probe_email(draft, ssl_context=context),
                             self._tested, self._failed)

    # -- feeds -----------------------------------------------------------------------------
    def test_feed(self) -> None:
        """Fetch the feed once off the GUI thread; save only when it could be read."""
        form = self.feed_form
        form.field.set_error("")
        self.feed_workspace.field.set_error("")
        try:
            settings = form.settings()
            target = self.feed_workspace.choice()
            check_new(self.store, target, "feed", str(settings["url"]))
        except FeedSettingsError as exc:
            form.field.set_error(_tr("Enter the feed's web address (http:// or https://)."),
                                 str(exc))
            self._set_status(_tr("Nothing was saved."))
            return
        except AccountSetupError as exc:
            self._show_problem(exc)
            return
        store, name, language = self.store, form.display_name(), ui_language()
        self._pending = lambda: save_feed_account(store, target, name, settings, language)
        self._set_busy(True)
        self._set_status(_tr("Reading the feed…"), True)
        self._background.run(lambda: probe_feed(settings), self._feed_read, self._feed_failed)

    def _feed_read(self, _entries: int) -> None:
        self._save()  # no secret: no keyring question

    def _feed_failed(self, exc: Exception) -> None:
        self._pending = None
        self._set_busy(False)
        self.feed_form.field.set_error(_tr("Tresen could not read a feed there: %1")
                                       .replace("%1", str(exc)), str(exc))
        self._set_status(_tr("Nothing was saved."))

    # -- Mastodon sign-in -----------------------------------------------------------------
    def start_sign_in(self) -> None:
        """Check the address and workspace here, then sign in through the browser."""
        form = self.mastodon_form
        form.field.set_error("")
        self.mastodon_workspace.field.set_error("")
        try:
            instance = normalize_instance(form.instance.text())
            target = self.mastodon_workspace.choice()
            if isinstance(target, str):
                check_new(self.store, target, "mastodon", "")
        except MastodonSettingsError as exc:
            form.field.set_error(explain_sign_in(exc), str(exc))
            self._set_status(_tr("Nothing was saved."))
            return
        except AccountSetupError as exc:
            self._show_problem(exc)
            return
        self._set_busy(True)
        self._set_status(_tr("Waiting for you to allow access in the browser…"), True)
        self.sign_in.start(instance, ui_language())

    def cancel_sign_in(self) -> None:
        if not self.sign_in.running:
            return
        self.sign_in.cancel()
        self.mastodon_form.show_waiting("")
        self._set_busy(False)
        self._set_status(_tr("Sign-in cancelled. Nothing was saved."))

    def _browser_opened(self, url: str) -> None:
        self.mastodon_form.show_waiting(url)
        QTimer.singleShot(0, self, self._fit)

    def _sign_in_failed(self, exc: BaseException) -> None:
        self.mastodon_form.show_waiting("")
        self._set_busy(False)
        self.mastodon_form.field.set_error(explain_sign_in(exc), str(exc))
        self._set_status(_tr("Nothing was saved."))

    def _signed_in(self, result: SignIn) -> None:
        self.mastodon_form.show_waiting("")
        target = self.mastodon_workspace.choice()
        store, secrets = self.store, self.secrets
        language = ui_language()
        name = result.display_name or result.handle
        self._pending = lambda: save_account(store, secrets, target, "mastodon", name,
                                             result.handle, result.settings, result.token,
                                             language=language)
        self._tested(None)

    def _show_problem(self, exc: AccountSetupError) -> None:
        mastodon = self.pages.currentWidget() is self.mastodon_page
        feed = self.pages.currentWidget() is self.feed_page
        if exc.field == "workspace":
            picker = (self.mastodon_workspace if mastodon
                      else self.feed_workspace if feed else self.workspace)
            picker.field.set_error(explain(exc), str(exc))
        elif feed:
            text = (_tr("This workspace listens to this feed already.")
                    if exc.problem is Problem.DUPLICATE else explain(exc))
            self.feed_form.field.set_error(text, str(exc))
        elif mastodon:
            text = (_tr("This workspace has this Mastodon account already.")
                    if exc.problem is Problem.DUPLICATE else explain(exc))
            self.mastodon_form.field.set_error(text, str(exc))
        else:
            self.form.show_error(exc.field, explain(exc), str(exc))
        self._set_status(_tr("Nothing was saved."))

    def _failed(self, exc: Exception) -> None:
        self._saving = False
        self._set_busy(False)
        if isinstance(exc, AccountSetupError):
            self._show_problem(exc)
        elif isinstance(exc, KeyringUnavailable) and not self.secrets.session_only:
            self._ask_about_keyring()  # a locked keyring refuses only when asked to store
        else:
            self._set_status(_tr("Nothing was saved: %1").replace("%1", str(exc)))

    def _tested(self, _result: Any) -> None:
        try:
            self.secrets.check()
        except KeyringUnavailable:
            self._ask_about_keyring()
            return
        self._save()

    def _ask_about_keyring(self) -> None:
        self._set_status(_tr("The connection works, but no keyring can keep the password."))
        self.keyring_prompt = ask_about_keyring(self, self._keyring_decided)

    def _keyring_decided(self, session_only: bool) -> None:
        self.keyring_prompt = None
        if not session_only:
            self._set_busy(False)
            self._set_status(_tr("Nothing was saved."))
            return
        self.secrets.use_session_only()
        self._save()

    def _save(self) -> None:
        assert self._pending is not None
        save = self._pending
        self._saving = True
        self._set_busy(True)
        self.cancel_button.setEnabled(False)  # a half-finished save is not cancelled
        self._set_status(_tr("Saving…"), True)
        if self.taskman is not None:
            self.taskman.run_op(save, on_success=self._saved, on_failure=self._save_failed)
        else:
            self._background.run(save, self._saved, self._save_failed)

    def _save_failed(self, exc: BaseException) -> None:
        self.cancel_button.setEnabled(True)
        self._failed(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))

    def _saved(self, account_id: int) -> None:
        self._saving = False
        self._pending = None
        self.account_id = account_id
        self.account_added.emit(account_id)
        self.accept()

    def reject(self) -> None:
        if self._saving:
            return
        self._background.cancel()
        self.sign_in.cancel()
        self._pending = None
        super().reject()
