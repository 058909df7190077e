"""The Feed page of "Add account": a forum's or review site's feed to listen to.

As with email, nothing is saved before the feed was fetched and read once:
a typo in the address shows here, not as a sync error later. A feed has no
secret, so it is saved without touching the keyring.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from services.feeds.settings import DEFAULT_INTERVAL_MINUTES, MIN_INTERVAL_MINUTES, FeedSettings
from ui.dialogs.accounts.fields import Field

__all__ = ["FeedForm"]

TR_CONTEXT = "AddAccount"


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


class FeedForm(QWidget):
    """``rows`` is the form layout (the dialog puts "Workspace:" on top)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url = QLineEdit()
        self.url.setPlaceholderText(_tr("https://forum.example/search.rss?q=your+name"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(_tr("e.g. City forum"))
        self.keywords = QLineEdit()
        self.keywords.setPlaceholderText(_tr("e.g. Sonnenschein, Zimtschnecken"))
        self.keywords.setToolTip(_tr("Only entries that mention one of these words; "
                                     "leave empty for all entries."))
        self.interval = QSpinBox()
        self.interval.setRange(MIN_INTERVAL_MINUTES, 24 * 60)
        self.interval.setValue(DEFAULT_INTERVAL_MINUTES)
        self.interval.setSuffix(_tr(" min"))
        self.field = Field(self.url)
        self.rows = QFormLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.addRow(_tr("Feed address:"), self.field)
        self.rows.addRow(_tr("Name:"), self.name)
        self.rows.addRow(_tr("Only with words:"), self.keywords)
        self.rows.addRow(_tr("Check every:"), self.interval)
        hint = QLabel(_tr("RSS, Atom or JSON Feed, e.g. a forum search, a review site or a "
                          "blog's comments. New entries appear under Listening; you answer "
                          "them on the website."))
        hint.setWordWrap(True)
        hint.setObjectName("formHint")
        self.rows.addRow(hint)

    def settings(self) -> dict[str, Any]:
        """The account's settings JSON; ``FeedSettingsError`` for a bad address."""
        words = [w.strip() for w in self.keywords.text().split(",") if w.strip()]
        return FeedSettings.from_json({"url": self.url.text().strip(), "keywords": words,
                                       "interval_minutes": self.interval.value()}).to_json()

    def display_name(self) -> str:
        return self.name.text().strip() or urlsplit(self.url.text().strip()).hostname or ""
