"""Icons, style sheet and translation files shipped in ``resources/``.

Located through the ``resources`` package so the same code works from a
source checkout, an installed wheel and a PyInstaller folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

import resources

RESOURCES = Path(resources.__file__).resolve().parent
ICONS = RESOURCES / "icons"
STYLES = RESOURCES / "styles"
TRANSLATIONS = RESOURCES / "translations"

_CHANNEL_ICONS = {"email": "email", "imap": "email", "mastodon": "mastodon", "feed": "feed",
                  "rss": "feed", "demo": "demo"}


def icon(name: str) -> QIcon:
    return QIcon(str(ICONS / f"{name}.svg"))


def channel_icon_name(kind: str) -> str:
    """The icon for an account kind; unknown kinds get a neutral speech bubble."""
    return _CHANNEL_ICONS.get(kind, "chat")


def style_sheet() -> str:
    return (STYLES / "light.qss").read_text(encoding="utf-8")
