"""The "Add account" dialog: choose a channel, fill it in, test it, save it.

Nothing is saved until the connection test passed: a half-working account
would only show sync errors later, far from the field that was wrong. The
test runs off the GUI thread; the save runs on the window's database writer
when there is one. With no usable keyring the person chooses between
session-only and cancel (``KeyringPrompt``) — the password is never written
anywhere else.
"""

from __future__ import annotations

import ssl
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QTimer, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.store import queries
from app.store.database import Store
from services.accounts import (
    AccountSetupError,
    EmailDraft,
    check_new,
    email_settings,
    probe_email,
    save_email_account,
)
from services.secrets import KeyringUnavailable, SecretStore
from ui.assets import icon
from ui.dialogs.accounts.background import Background
from ui.dialogs.accounts.email_form import EmailForm
from ui.dialogs.accounts.fields import ERROR_STYLE
from ui.dialogs.accounts.messages import explain
from ui.dialogs.accounts.workspace_picker import WorkspacePicker
from ui.dialogs.keyring_prompt import KeyringPrompt
from ui.taskman import TaskManager

__all__ = ["AddAccountDialog"]

TR_CONTEXT = "AddAccount"


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


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
        self._pending: tuple[int | str, EmailDraft] | None = None
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
        self.email_page = QWidget()
        self.workspace = WorkspacePicker(queries.workspaces(self.store.reader()))
        self.form = EmailForm()
        self.form.rows.insertRow(0, _tr("Workspace:"), self.workspace)
        email_layout = QVBoxLayout(self.email_page)
        email_layout.setContentsMargins(0, 0, 0, 0)
        email_layout.addWidget(self.form)
        self.pages.addWidget(self.email_page)
        if self.workspace.combo.count() == 1:  # only "New workspace…": suggest typing one
            self.workspace.choose_new("")

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
        for button in (self.mastodon_choice, self.feed_choice):
            button.setEnabled(False)
            button.setToolTip(_tr("Not available yet: Tresen cannot sync this channel in "
                                  "this version."))
        for button in (self.email_choice, self.mastodon_choice, self.feed_choice):
            layout.addWidget(button)
        layout.addStretch()
        return page

    def _connect_signals(self) -> None:
        self.email_choice.clicked.connect(self._show_email)
        self.back_button.clicked.connect(self._show_choice)
        self.save_button.clicked.connect(self.test_and_save)
        self.cancel_button.clicked.connect(self.reject)
        self.form.hint_changed.connect(lambda: QTimer.singleShot(0, self, self._fit))

    # -- pages -----------------------------------------------------------------------------
    def _show_choice(self) -> None:
        self.pages.setCurrentWidget(self.choice_page)
        self.back_button.hide()
        self.save_button.hide()
        self._set_status("")

    def _show_email(self) -> None:
        self.pages.setCurrentWidget(self.email_page)
        self.back_button.show()
        self.save_button.show()
        self.form.address.setFocus()

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
        for widget in (self.form, self.workspace, self.save_button, self.back_button):
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
        self._pending = (target, draft)
        self._set_busy(True)
        self._set_status(_tr("Testing the connection to %1 and %2…")
                         .replace("%1", draft.imap_host).replace("%2", draft.smtp_host), True)
        context = self.ssl_context
        self._background.run(lambda: probe_email(draft, ssl_context=context),
                             self._tested, self._failed)

    def _show_problem(self, exc: AccountSetupError) -> None:
        if exc.field == "workspace":
            self.workspace.field.set_error(explain(exc), str(exc))
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
        prompt = KeyringPrompt(self)
        prompt.decided.connect(self._keyring_decided)
        prompt.finished.connect(prompt.deleteLater)
        self.keyring_prompt = prompt
        prompt.open()

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
        target, draft = self._pending
        store, secrets = self.store, self.secrets
        language = "de" if QLocale().language() == QLocale.Language.German else "en"

        def save() -> int:
            return save_email_account(store, secrets, target, draft, language=language)

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
        self._pending = None
        super().reject()
