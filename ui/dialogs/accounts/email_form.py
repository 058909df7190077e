"""The email account's fields: address, sender name, password, IMAP and SMTP servers.

Sensible defaults so most people type only three things: server names are
suggested from the address (``imap.`` / ``smtp.`` + domain) until edited by
hand, the port follows the security mode unless it was changed by hand, and
the user name is the address unless given. "None" as security is offered
for a server on this computer only, and the form says so as soon as it is
chosen for any other host.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from services.accounts import EmailDraft
from services.email.settings import LOCAL_HOSTS, default_port
from ui.dialogs.accounts.fields import Field

__all__ = ["EmailForm"]

TR_CONTEXT = "AddAccount"
PROTOCOLS = ("imap", "smtp")


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


class EmailForm(QWidget):
    """Fields by the names ``services.accounts`` uses (``imap_host``, ``password``, …).

    Signals:
        hint_changed(): an error line appeared or went away (the dialog re-fits).
    """

    hint_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.address = QLineEdit()
        self.address.setPlaceholderText(_tr("hallo@your-business.example"))
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(_tr("e.g. Bäckerei Sonnenschein"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.username = QLineEdit()
        self.hosts: dict[str, QLineEdit] = {}
        self.ports: dict[str, QSpinBox] = {}
        self.security: dict[str, QComboBox] = {}
        self._hand_edited: set[str] = set()
        self._last_security: dict[str, str] = {}
        self.fields: dict[str, Field] = {}

        self.rows = account = QFormLayout()  # the dialog puts "Workspace:" on top
        for name, label, editor in (
                ("address", _tr("Email address:"), self.address),
                ("display_name", _tr("Sender name:"), self.display_name),
                ("password", _tr("Password:"), self.password),
                ("username", _tr("User name:"), self.username)):
            self.fields[name] = Field(editor)
            account.addRow(label, self.fields[name])
        self.username.setToolTip(_tr("Only if your provider's login differs from the address."))

        servers = QGridLayout()
        titles = {"imap": _tr("Incoming mail (IMAP)"), "smtp": _tr("Outgoing mail (SMTP)")}
        for column, proto in enumerate(PROTOCOLS):
            box = QGroupBox(titles[proto])
            servers.addWidget(box, 0, column)
            self._build_server(proto, QFormLayout(box))

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(account, 0, 0)
        layout.addLayout(servers, 1, 0)
        hint = QLabel(_tr("Tresen logs in to both servers before it saves anything. The "
                          "password goes to your computer's keyring, nowhere else."))
        hint.setWordWrap(True)
        hint.setObjectName("formHint")
        layout.addWidget(hint, 2, 0)
        self.address.textEdited.connect(self._address_edited)

    def _build_server(self, proto: str, form: QFormLayout) -> None:
        host = QLineEdit()
        host.setPlaceholderText(f"{proto}.example.org")
        port = QSpinBox()
        port.setRange(1, 65535)
        security = QComboBox()
        security.addItem(_tr("SSL/TLS"), "ssl")
        security.addItem(_tr("STARTTLS"), "starttls")
        security.addItem(_tr("None (this computer only)"), "none")
        security.setItemData(2, _tr("No encryption: only allowed for a server on this "
                                    "computer (127.0.0.1 or localhost)."),
                             Qt.ItemDataRole.ToolTipRole)
        port.setValue(default_port(proto, "ssl"))
        self.hosts[proto], self.ports[proto], self.security[proto] = host, port, security
        for suffix, label, editor in (("host", _tr("Server:"), host),
                                      ("port", _tr("Port:"), port),
                                      ("security", _tr("Security:"), security)):
            self.fields[f"{proto}_{suffix}"] = Field(editor)
            form.addRow(label, self.fields[f"{proto}_{suffix}"])
        host.textEdited.connect(lambda _t, p=proto: self._host_edited(p))
        security.currentIndexChanged.connect(lambda _i, p=proto: self._security_changed(p))
        self._last_security[proto] = "ssl"

    # -- defaults ------------------------------------------------------------------
    def _address_edited(self, text: str) -> None:
        self.username.setPlaceholderText(text.strip() or _tr("the email address"))
        domain = text.strip().rpartition("@")[2]
        for proto in PROTOCOLS:
            if proto not in self._hand_edited:
                self.hosts[proto].setText(f"{proto}.{domain}" if "." in domain else "")
        self._check_insecure()

    def _host_edited(self, proto: str) -> None:
        self._hand_edited.add(proto)
        self._check_insecure()

    def _security_changed(self, proto: str) -> None:
        new = self.security_of(proto)
        old = self._last_security[proto]
        self._last_security[proto] = new
        if self.ports[proto].value() == default_port(proto, old):
            self.ports[proto].setValue(default_port(proto, new))
        self._check_insecure()

    def _check_insecure(self) -> None:
        """Say at once, not only on "Test", that no encryption is for this computer only."""
        for proto in PROTOCOLS:
            host = self.hosts[proto].text().strip().lower()
            insecure = self.security_of(proto) == "none" and host not in LOCAL_HOSTS
            field = self.fields[f"{proto}_security"]
            was = field.error.text()
            field.set_error(_tr("“None” is only allowed for a server on this computer "
                                "(127.0.0.1 or localhost); choose SSL/TLS or STARTTLS.")
                            if insecure else "")
            if field.error.text() != was:
                self.hint_changed.emit()

    # -- reading, errors -------------------------------------------------------------
    def security_of(self, proto: str) -> str:
        return str(self.security[proto].currentData())

    def set_security(self, proto: str, security: str) -> None:
        self.security[proto].setCurrentIndex(self.security[proto].findData(security))

    def draft(self) -> EmailDraft:
        return EmailDraft(
            address=self.address.text().strip(), display_name=self.display_name.text().strip(),
            password=self.password.text(), username=self.username.text().strip(),
            imap_host=self.hosts["imap"].text().strip(), imap_port=self.ports["imap"].value(),
            imap_security=self.security_of("imap"),
            smtp_host=self.hosts["smtp"].text().strip(), smtp_port=self.ports["smtp"].value(),
            smtp_security=self.security_of("smtp"))

    def show_error(self, field: str, text: str, detail: str = "") -> None:
        target = self.fields.get(field) or self.fields["address"]
        target.set_error(text, detail)
        target.editor.setFocus()

    def clear_errors(self) -> None:
        for field in self.fields.values():
            field.set_error("")

    def error_of(self, field: str) -> str:
        label = self.fields[field].error
        return label.text() if label.isVisibleTo(self) else ""
