"""Attachments in the thread: listed with name, type and size; opened only after a
question, into a private file; saved where the person chooses.

The message goes through the real write path (``mime.parse_message`` →
``apply_batch``); its bytes come from the stored raw source or, for an
ordinary synced message, from a real Dovecot through the real email sync.
"""

from __future__ import annotations

import dataclasses
import imaplib
import stat
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from app.store import ops, queries
from app.store.database import Store
from services.email.mime import parse_message
from services.registry import channel_factory
from services.secrets import SecretStore
from services.sync import SyncEngine
from tests.conftest import FakeClock
from tests.factories import ingest, workspace_with_account
from tests.servers.dovecot import Dovecot
from ui.main_window import MainWindow
from ui.private_files import PrivateFiles

ADDRESS = "hallo@sonnenschein.example"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"  # binary, ~10 KB
MACRO_DOC = b"PK\x03\x04 not really a zip, but binary enough \x00\xff"


def order_mail(when: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Anna Becker <anna@example.org>"
    msg["To"] = ADDRESS
    msg["Subject"] = "Bestellung Hochzeitstorte"
    msg["Message-ID"] = "<order-1@example.org>"
    msg["Date"] = "Sat, 14 Nov 2026 10:00:00 +0000"
    msg.set_content("Anbei das Foto der Torte und die Bestellliste.")
    msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="Torte.pdf")
    msg.add_attachment(MACRO_DOC, maintype="application",
                       subtype="vnd.ms-word.document.macroEnabled.12",
                       filename="Bestellliste.docm")
    return msg.as_bytes()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """What was handed to the desktop instead of really opening it."""
    urls: list[QUrl] = []

    def record(url: QUrl) -> bool:
        urls.append(QUrl(url))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", record)
    return urls


@pytest.fixture
def files(tmp_path: Path) -> Iterator[PrivateFiles]:
    private = PrivateFiles(tmp_path)
    yield private
    private.cleanup()


def _stored_with_raw(store: Store, clock: FakeClock) -> int:
    """An email account whose message kept its raw source (as unparsable ones do)."""
    raw = order_mail(clock.now)
    _ws, acc = workspace_with_account(store, kind="email", identity=ADDRESS)
    parsed = parse_message(raw, our_addresses=[ADDRESS], folder="INBOX")
    ingest(store, acc, dataclasses.replace(parsed, raw=raw))
    return int(store.reader().execute("SELECT conversation_id FROM message").fetchone()[0])


def _attachments(store: Store) -> dict[str, int]:
    return {name: a_id for a_id, name in store.reader().execute(
        "SELECT id, name FROM attachment")}


def _open_thread(window: MainWindow, conv_id: int) -> None:
    window.sidebar.select_key(("view", None, queries.View.ALL))
    window._show(conv_id)


def test_each_attachment_is_listed_under_its_message_with_type_and_size(
        store: Store, clock: FakeClock, make_window: Callable[..., MainWindow],
        files: PrivateFiles) -> None:
    conv_id = _stored_with_raw(store, clock)
    window = make_window(files=files)
    _open_thread(window, conv_id)

    text = window.conversation.thread_text()
    assert "Torte.pdf" in text and "application/pdf" in text
    assert "Bestellliste.docm" in text
    size = next(line for line in text.splitlines() if "Torte.pdf" in line)
    assert "10.0 kB" in size  # a human size, not a byte count
    html = window.conversation.browser.toHtml()
    ids = _attachments(store)
    assert f"tresen:open-attachment/{ids['Torte.pdf']}" in html
    assert f"tresen:save-attachment/{ids['Torte.pdf']}" in html
    assert files.root is None  # nothing written just by looking


def test_open_asks_first_then_writes_exactly_the_bytes_to_a_private_file(
        qtbot: QtBot, store: Store, clock: FakeClock, make_window: Callable[..., MainWindow],
        files: PrivateFiles, opened: list[QUrl]) -> None:
    conv_id = _stored_with_raw(store, clock)
    window = make_window(files=files)
    _open_thread(window, conv_id)
    pdf_id = _attachments(store)["Torte.pdf"]

    window.conversation.browser.anchorClicked.emit(QUrl(f"tresen:open-attachment/{pdf_id}"))

    prompt = window.attachments().prompt
    assert prompt is not None and prompt.isVisible()
    assert "Torte.pdf" in prompt.text() and "application/pdf" in prompt.text()
    assert "10.0 kB" in prompt.text()
    assert prompt.defaultButton() is prompt.button(QMessageBox.StandardButton.Cancel)
    assert opened == [] and files.root is None  # nothing before the answer

    with qtbot.waitSignal(window.attachments().opened, timeout=5_000) as done:
        prompt.button(QMessageBox.StandardButton.Open).click()

    path = Path(done.args[0])
    assert [u.toLocalFile() for u in opened] == [str(path)]
    assert path.name == "Torte.pdf" and path.read_bytes() == PDF
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert files.root is not None and stat.S_IMODE(files.root.stat().st_mode) == 0o700
    files.cleanup()
    assert not path.exists()


def test_cancel_opens_nothing_and_a_macro_document_is_warned_about(
        qtbot: QtBot, store: Store, clock: FakeClock, make_window: Callable[..., MainWindow],
        files: PrivateFiles, opened: list[QUrl]) -> None:
    conv_id = _stored_with_raw(store, clock)
    window = make_window(files=files)
    _open_thread(window, conv_id)

    window.conversation.open_attachment_requested.emit(_attachments(store)["Bestellliste.docm"])

    prompt = window.attachments().prompt
    assert prompt is not None
    assert "macros" in prompt.informativeText()
    assert prompt.icon() == QMessageBox.Icon.Warning
    prompt.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(50)
    assert opened == [] and files.root is None


def test_save_as_writes_the_bytes_where_chosen(
        qtbot: QtBot, store: Store, clock: FakeClock, make_window: Callable[..., MainWindow],
        files: PrivateFiles, tmp_path: Path, opened: list[QUrl]) -> None:
    conv_id = _stored_with_raw(store, clock)
    window = make_window(files=files)
    _open_thread(window, conv_id)
    window.conversation.browser.anchorClicked.emit(
        QUrl(f"tresen:save-attachment/{_attachments(store)['Torte.pdf']}"))
    dialog = window.attachments().save_dialog
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "saved" / "torte-kopie.pdf"
    target.parent.mkdir()

    with qtbot.waitSignal(window.attachments().saved, timeout=5_000):
        dialog.fileSelected.emit(str(target))

    assert target.read_bytes() == PDF and opened == []


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot()
    server.start()
    yield server
    server.stop()


def test_a_synced_message_fetches_just_its_attachment_from_the_imap_server(
        qtbot: QtBot, store: Store, clock: FakeClock, dovecot: Dovecot,
        make_window: Callable[..., MainWindow], files: PrivateFiles,
        opened: list[QUrl]) -> None:
    user = dovecot.add_user()
    dovecot.append_many(user, "INBOX", [order_mail(clock.now)])
    ws = ops.create_workspace(store, "Bäckerei Sonnenschein", "de")
    acc = ops.create_account(store, ws, "email", "Bäckerei Sonnenschein", ADDRESS, {
        "imap_host": dovecot.host, "imap_port": dovecot.port, "imap_security": "none",
        "smtp_host": "127.0.0.1", "smtp_port": 1, "smtp_security": "none",
        "username": user.username, "timeout": 5, "first_sync_days": 0})
    secrets = SecretStore(session_only=True)
    secrets.set(acc, user.password)
    report = SyncEngine(store, channel_factory(store, secrets)).run_once()
    assert [a.error for a in report.accounts] == [""]
    assert store.reader().execute("SELECT count(*) FROM raw_source").fetchone()[0] == 0
    conv_id = int(store.reader().execute("SELECT id FROM conversation").fetchone()[0])
    window = make_window(files=files, secrets=secrets)
    _open_thread(window, conv_id)
    ids = _attachments(store)

    for name, expected in (("Torte.pdf", PDF), ("Bestellliste.docm", MACRO_DOC)):
        window.conversation.open_attachment_requested.emit(ids[name])
        prompt = window.attachments().prompt
        assert prompt is not None
        with qtbot.waitSignal(window.attachments().opened, timeout=10_000) as done:
            prompt.button(QMessageBox.StandardButton.Open).click()
        assert Path(done.args[0]).read_bytes() == expected
    assert len(opened) == 2
    # BODY.PEEK: looking at an attachment does not mark the mail read on the server.
    client = imaplib.IMAP4(dovecot.host, dovecot.port)
    client.login(user.username, user.password)
    client.select("INBOX", readonly=True)
    _typ, data = client.fetch("1", "(FLAGS)")
    client.logout()
    assert b"\\Seen" not in data[0]


def test_without_the_password_the_status_bar_says_to_sign_in_again(
        qtbot: QtBot, store: Store, dovecot: Dovecot, clock: FakeClock,
        make_window: Callable[..., MainWindow], files: PrivateFiles,
        opened: list[QUrl]) -> None:
    _ws, acc = workspace_with_account(store, kind="email", identity=ADDRESS)
    ingest(store, acc, parse_message(order_mail(clock.now), our_addresses=[ADDRESS],
                                     folder="INBOX"))
    conv_id = int(store.reader().execute("SELECT id FROM conversation").fetchone()[0])
    window = make_window(files=files, secrets=SecretStore(session_only=True))
    _open_thread(window, conv_id)
    window.conversation.open_attachment_requested.emit(_attachments(store)["Torte.pdf"])
    prompt = window.attachments().prompt
    assert prompt is not None
    with qtbot.waitSignal(window.attachments().failed, timeout=5_000) as failed:
        prompt.button(QMessageBox.StandardButton.Open).click()
    assert "sign in again" in failed.args[0]
    assert opened == [] and files.root is None
