"""Attachments for the window: their bytes, and whether opening one is risky.

``load_attachment`` prefers the raw message the store kept (works offline)
and otherwise asks the channel. ``risk`` names what the safety prompt warns
about: programs and scripts run when opened, Office files with macros can.
"""

from __future__ import annotations

import ssl
from enum import StrEnum
from pathlib import PurePath

from app.store.queries import AttachmentSource
from services.channel import AuthError, PermanentError
from services.secrets import KeyringUnavailable, SecretStore

__all__ = ["AttachmentUnavailable", "Risk", "load_attachment", "risk"]

_PROGRAMS = frozenset({
    ".exe", ".com", ".bat", ".cmd", ".scr", ".pif", ".msi", ".msp", ".cpl", ".dll", ".jar",
    ".js", ".jse", ".vbs", ".vbe", ".wsf", ".wsh", ".ps1", ".psm1", ".hta", ".lnk", ".reg",
    ".sh", ".bash", ".command", ".app", ".pkg", ".dmg", ".deb", ".rpm", ".appimage", ".run",
    ".py", ".pl", ".rb", ".apk", ".iso", ".img", ".vhd", ".desktop", ".url", ".scf",
})
_MACROS = frozenset({".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppam",
                     ".ppsm", ".sldm", ".xls", ".doc", ".ppt", ".odt", ".ods", ".odp", ".rtf"})
_PROGRAM_TYPES = ("application/x-msdownload", "application/x-msdos-program",
                  "application/x-executable", "application/x-sh", "application/javascript",
                  "application/x-bat", "application/hta", "application/java-archive",
                  "application/vnd.microsoft.portable-executable")


class Risk(StrEnum):
    NONE = "none"
    PROGRAM = "program"  # runs code when opened
    MACROS = "macros"    # a document that may carry macros


class AttachmentUnavailable(Exception):  # noqa: N818 - reads as the situation
    """The bytes cannot be had right now; the message says why in plain words."""


def risk(name: str, content_type: str) -> Risk:
    suffixes = [s.lower() for s in PurePath(name.strip()).suffixes[-2:]]
    ctype = content_type.lower()
    if any(s in _PROGRAMS for s in suffixes) or ctype.startswith(_PROGRAM_TYPES):
        return Risk.PROGRAM
    if any(s in _MACROS for s in suffixes) or "macroenabled" in ctype:
        return Risk.MACROS
    return Risk.NONE


def load_attachment(source: AttachmentSource, secrets: SecretStore | None, *,
                    ssl_context: ssl.SSLContext | None = None) -> bytes:
    """The attachment's bytes; blocks on the network, so never on the GUI thread."""
    from services.email.attachments import extract_part, fetch_part

    if source.raw is not None:
        return extract_part(source.raw, source.part_id or "1")
    if source.account_kind != "email":
        raise AttachmentUnavailable(
            "this attachment was not downloaded and its channel cannot fetch it")
    try:
        password = secrets.get(source.account_id) if secrets is not None else None
    except KeyringUnavailable as exc:
        raise AttachmentUnavailable(str(exc)) from None
    if password is None:
        raise AttachmentUnavailable("the account's password is needed to fetch this "
                                    "attachment: sign in again from the sidebar")
    try:
        return fetch_part(source.account_settings, password, source.folder, source.remote_id,
                          source.part_id, source.content_type, ssl_context=ssl_context)
    except AuthError as exc:
        raise AttachmentUnavailable(f"the mail server refused the password ({exc})") from None
    except PermanentError as exc:
        raise AttachmentUnavailable(str(exc)) from None
