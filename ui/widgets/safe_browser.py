"""A rich-text viewer for untrusted mail and posts that fetches nothing.

``QTextBrowser`` asks ``loadResource`` for every image, style sheet and CSS
``url()``; when that returns an empty value, ``QTextDocument`` falls back to
reading *local files* itself. So we answer every request with a harmless,
non-empty placeholder: no tracking pixel, no ``file:`` read, no remote
style sheet. Links never navigate; an outside link opens in the system
browser only after the person has seen its real address.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

INTERNAL_SCHEME = "tresen"
EXTERNAL_SCHEMES = ("http", "https", "mailto")


def _placeholder_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    return image


class SafeBrowser(QTextBrowser):
    """Shows HTML; loads no resource; confirms before any link leaves the app.

    Signals:
        internal_link(QUrl): a ``tresen:`` link of our own (e.g. retry) was clicked.
        resource_blocked(QUrl): a resource request was refused (for tests and debugging).
    """

    internal_link = Signal(QUrl)
    resource_blocked = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.link_dialog: QMessageBox | None = None
        self.anchorClicked.connect(self._on_anchor)

    def show_html(self, html: str) -> None:
        """Replace the document and lay it out completely now.

        Qt finishes the layout of a long document on a timer, so until then the
        scroll range is an estimate and a position set right away (the newest
        message, or the place kept while older ones load) lands wrong.
        """
        self.setHtml(html)
        layout = self.document().documentLayout()
        layout.documentSizeChanged.emit(layout.documentSize())

    def loadResource(self, kind: int, name: QUrl) -> Any:  # noqa: N802 - Qt override
        self.resource_blocked.emit(name)
        if kind == QTextDocument.ResourceType.ImageResource.value:
            return _placeholder_image()
        return ""

    def setSource(self, name: QUrl,  # noqa: N802 - Qt override
                  type: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource,
                  ) -> None:
        """Never navigate: a document replaced by a link target could be anything."""

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == INTERNAL_SCHEME:
            self.internal_link.emit(url)
        elif url.scheme() in EXTERNAL_SCHEMES:
            self.confirm_open(url)

    def confirm_open(self, url: QUrl) -> None:
        """Ask first, showing the full address the link really points to."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(QCoreApplication.translate("SafeBrowser", "Open link?"))
        box.setText(QCoreApplication.translate(
            "SafeBrowser", "This link leads to:\n\n%1\n\nOpen it in your web browser?"
        ).replace("%1", url.toString()))
        box.setStandardButtons(QMessageBox.StandardButton.Open
                               | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: QDesktopServices.openUrl(url))
        box.finished.connect(box.deleteLater)
        self.link_dialog = box
        box.open()
