"""Opening and saving attachments: ask first, then write privately, then hand over.

Never opened without a question: the prompt names the file, its type and
size, and warns plainly about programs and macro documents. "Open" writes
the bytes to a private file (see ``ui.private_files``), then asks the
desktop to open it. The bytes are fetched off the GUI thread: from
the stored raw message, or with a short IMAP session of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.store import queries
from app.store.database import NotFoundError, Store
from app.store.queries import AttachmentSource
from services.attachments import Risk, load_attachment, risk
from services.secrets import SecretStore
from ui.dialogs.accounts.background import Background
from ui.private_files import PrivateFiles, safe_name
from ui.widgets.thread_html import human_size

__all__ = ["AttachmentActions"]

TR_CONTEXT = "Attachments"


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


class AttachmentActions(QObject):
    """Signals:
    opened(str): the local file handed to the desktop.
    saved(str): where the attachment was saved.
    failed(str): why the bytes could not be had, for the status bar.
    """

    opened = Signal(str)
    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, store: Store, secrets: SecretStore | None, files: PrivateFiles,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._store = store
        self._secrets = secrets
        self._files = files
        self._parent = parent
        self._background = Background()
        self.prompt: QMessageBox | None = None
        self.save_dialog: QFileDialog | None = None

    def _source(self, attachment_id: int) -> AttachmentSource | None:
        try:
            return queries.attachment_source(self._store.reader(), attachment_id)
        except NotFoundError:
            self.failed.emit(_tr("This attachment is gone (the message was deleted)."))
            return None

    def _fetch(self, source: AttachmentSource, then: Callable[[bytes], None]) -> None:
        secrets = self._secrets

        def failed(exc: Exception) -> None:
            self.failed.emit(_tr("Could not get “%1”: %2").replace("%1", source.name)
                             .replace("%2", str(exc)))

        self._background.run(lambda: load_attachment(source, secrets), then, failed)

    # -- open ------------------------------------------------------------------------
    def ask_to_open(self, attachment_id: int) -> None:
        source = self._source(attachment_id)
        if source is None:
            return
        box = QMessageBox(self._parent)
        box.setWindowTitle(_tr("Open attachment?"))
        danger = risk(source.name, source.content_type)
        box.setIcon(QMessageBox.Icon.Warning if danger is not Risk.NONE
                    else QMessageBox.Icon.Question)
        text = _tr("Open “%1” (%2, %3) with the program your computer uses for it?") \
            .replace("%1", source.name).replace("%2", source.content_type) \
            .replace("%3", human_size(source.size))
        box.setText(text)
        if danger is Risk.PROGRAM:
            box.setInformativeText(_tr(
                "This is a program or script: opening it runs it, with access to all your "
                "files. Only open it if you asked this sender for exactly this file."))
        elif danger is Risk.MACROS:
            box.setInformativeText(_tr(
                "Documents like this can contain macros that run when opened. Do not "
                "enable macros or editing unless you trust the sender."))
        else:
            box.setInformativeText(_tr(
                "Attachments can be harmful. Open it only if you expected it from this "
                "sender."))
        box.setStandardButtons(QMessageBox.StandardButton.Open
                               | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self._fetch(source, lambda data: self._open(source, data)))
        box.finished.connect(box.deleteLater)
        self.prompt = box
        box.open()

    def _open(self, source: AttachmentSource, data: bytes) -> None:
        try:
            path = self._files.write(source.name, data)
        except OSError as exc:
            self.failed.emit(_tr("Could not write a temporary copy: %1").replace("%1", str(exc)))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.opened.emit(str(path))

    # -- save ------------------------------------------------------------------------
    def ask_to_save(self, attachment_id: int) -> None:
        source = self._source(attachment_id)
        if source is None:
            return
        dialog = QFileDialog(self._parent, _tr("Save attachment"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # testable, same look
        downloads = Path.home() / "Downloads"
        dialog.setDirectory(str(downloads if downloads.is_dir() else Path.home()))
        dialog.selectFile(safe_name(source.name))
        dialog.fileSelected.connect(
            lambda path: self._fetch(source, lambda data: self._save(path, data)))
        dialog.finished.connect(dialog.deleteLater)
        self.save_dialog = dialog
        dialog.open()

    def _save(self, path: str, data: bytes) -> None:
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            self.failed.emit(_tr("Could not save: %1").replace("%1", str(exc)))
            return
        self.saved.emit(path)
