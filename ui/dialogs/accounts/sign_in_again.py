"""Sign in again: a new password for an email account, a new sign-in for Mastodon.

Opened from the sidebar when an account's last sync said "Sign in again" (a
changed password, a revoked token, or a session-only secret that ended with
the last run). As when adding an account, nothing is kept until it works:
the password is tested against both servers first, the Mastodon sign-in
must come back as the *same* account. The secret goes to ``SecretStore``
(keyring, or memory for this session if the person chooses so) and nowhere
else; the next sync picks it up.
"""

from __future__ import annotations

import ssl
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.store.queries import AccountInfo
from services.accounts import AccountSetupError, EmailDraft, probe_email
from services.mastodon.oauth import SignIn
from services.mastodon.settings import normalize_instance
from services.secrets import KeyringUnavailable, SecretStore
from ui.dialogs.accounts.background import Background
from ui.dialogs.accounts.dialog import ui_language
from ui.dialogs.accounts.fields import ERROR_STYLE, Field
from ui.dialogs.accounts.mastodon_signin import MastodonSignIn
from ui.dialogs.accounts.messages import explain, explain_sign_in
from ui.dialogs.keyring_prompt import KeyringPrompt, ask_about_keyring

__all__ = ["SignInAgainDialog", "draft_for"]

TR_CONTEXT = "SignInAgain"


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


def draft_for(account: AccountInfo, password: str) -> EmailDraft:
    """The saved email account as a draft, with a new password to test."""
    s = account.settings

    def port(key: str) -> int | None:
        value = s.get(key)
        return value if isinstance(value, int) else None

    return EmailDraft(
        address=account.identity, display_name=account.display_name,
        imap_host=str(s.get("imap_host", "")), smtp_host=str(s.get("smtp_host", "")),
        password=password, imap_port=port("imap_port"),
        imap_security=str(s.get("imap_security", "ssl")), smtp_port=port("smtp_port"),
        smtp_security=str(s.get("smtp_security", "ssl")), username=str(s.get("username", "")))


class SignInAgainDialog(QDialog):
    """Signals:
    signed_in(int): the account id, after its new secret was kept.
    """

    signed_in = Signal(int)

    def __init__(self, account: AccountInfo, secrets: SecretStore, *,
                 ssl_context: ssl.SSLContext | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.account = account
        self.secrets = secrets
        self.ssl_context = ssl_context
        self.keyring_prompt: KeyringPrompt | None = None
        self._background = Background()
        self._secret = ""
        self.sign_in = MastodonSignIn(parent=self)
        self.is_email = account.kind == "email"
        self.setWindowTitle(_tr("Sign in again"))
        self.setStyleSheet(ERROR_STYLE + " QLabel#status { color: #616e7c; }")
        self.setMinimumWidth(520)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        who = f"{self.account.display_name} ({self.account.identity})"
        if self.is_email:
            intro = _tr("Tresen could not log in to %1. Enter the password again; Tresen "
                        "tests it before keeping it.")
        else:
            intro = _tr("Mastodon no longer accepts Tresen's access to %1. Sign in again in "
                        "your web browser.")
        self.intro = QLabel(intro.replace("%1", who))
        self.intro.setWordWrap(True)
        self.reason = QLabel(self.account.last_error)
        self.reason.setWordWrap(True)
        self.reason.setObjectName("status")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.browser_url = QLineEdit()
        self.browser_url.setReadOnly(True)
        self.browser_url.hide()
        form = QFormLayout()
        if self.is_email:
            self.field = Field(self.password)
            form.addRow(_tr("Password:"), self.field)
        else:
            self.password.hide()
            self.field = Field(self.browser_url)
            form.addRow(self.field)
            form.addRow(self.password)  # unused, but owned: ``_busy`` toggles it
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.ok_button = QPushButton(_tr("Test and save") if self.is_email
                                     else _tr("Sign in with the browser"))
        self.ok_button.setObjectName("primary")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(_tr("Cancel"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.reason)
        layout.addLayout(form)
        layout.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.ok_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)
        self.sign_in.browser_opened.connect(self._browser_opened)
        self.sign_in.succeeded.connect(self._signed_in)
        self.sign_in.failed.connect(self._failed)

    def _busy(self, text: str, busy: bool) -> None:
        self.status.setText(text)
        self.progress.setVisible(busy)
        self.ok_button.setEnabled(not busy)
        self.password.setEnabled(not busy)

    # -- the attempt -----------------------------------------------------------------
    def start(self) -> None:
        self.field.set_error("")
        if self.is_email:
            self._test_password()
        else:
            self._start_sign_in()

    def _test_password(self) -> None:
        password = self.password.text()
        if not password:
            self.field.set_error(_tr("Enter the password."))
            return
        draft = draft_for(self.account, password)
        context = self.ssl_context
        self._busy(_tr("Testing the password…"), True)
        self._background.run(lambda: probe_email(draft, ssl_context=context),
                             lambda _r: self._keep(password), self._failed)

    def _start_sign_in(self) -> None:
        try:
            instance = normalize_instance(str(self.account.settings.get("instance", "")))
        except ValueError as exc:
            self.field.set_error(explain_sign_in(exc), str(exc))
            return
        self._busy(_tr("Waiting for you to allow access in the browser…"), True)
        self.sign_in.start(instance, ui_language())

    def _browser_opened(self, url: str) -> None:
        self.browser_url.setText(url)
        self.browser_url.setCursorPosition(0)
        self.browser_url.show()

    def _signed_in(self, result: SignIn) -> None:
        expected = str(self.account.settings.get("account_id") or "")
        if expected and result.account_id != expected:
            self._busy("", False)
            self.field.set_error(_tr("You signed in as %1, but this account is %2. Sign in "
                                     "with the right account.")
                                 .replace("%1", result.handle)
                                 .replace("%2", self.account.identity))
            return
        self._keep(result.token)

    def _failed(self, exc: BaseException) -> None:
        self._busy(_tr("Nothing was changed."), False)
        self.browser_url.hide()
        if isinstance(exc, AccountSetupError):
            self.field.set_error(explain(exc), str(exc))
        elif isinstance(exc, KeyringUnavailable) and not self.secrets.session_only:
            self._ask_about_keyring()
        elif self.is_email:
            self.field.set_error(_tr("The test failed: %1").replace("%1", str(exc)))
        else:
            self.field.set_error(explain_sign_in(exc), str(exc))

    # -- keeping the secret ------------------------------------------------------------
    def _keep(self, secret: str) -> None:
        self._secret = secret
        account_id, secrets = self.account.id, self.secrets
        self._busy(_tr("Saving…"), True)
        self._background.run(lambda: secrets.set(account_id, secret), self._kept,
                             self._failed)

    def _ask_about_keyring(self) -> None:
        self.status.setText(_tr("It works, but no keyring can keep the secret."))
        self.keyring_prompt = ask_about_keyring(self, self._keyring_decided)

    def _keyring_decided(self, session_only: bool) -> None:
        self.keyring_prompt = None
        if not session_only:
            self._secret = ""
            self._busy(_tr("Nothing was changed."), False)
            return
        self.secrets.use_session_only()
        self._keep(self._secret)

    def _kept(self, _result: Any) -> None:
        self._secret = ""
        self.signed_in.emit(self.account.id)
        QTimer.singleShot(0, self, self.accept)

    def reject(self) -> None:
        self._background.cancel()
        self.sign_in.cancel()
        self._secret = ""
        super().reject()
