"""Adding accounts from the window: the dialog and the callable the window is given.

``account_opener`` is what the composition root passes as ``add_account``:
it closes over the one ``SecretStore`` the sync engine also uses, so a
password kept "for this session only" is seen by the next sync.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from services.secrets import SecretStore
from ui.dialogs.accounts.dialog import AddAccountDialog
from ui.main_window import WindowContext

__all__ = ["AddAccountDialog", "account_opener"]


def _context_of(parent: QWidget) -> WindowContext | None:
    ctx = getattr(parent.window(), "ctx", None)
    return ctx if isinstance(ctx, WindowContext) else None


def account_opener(secrets: SecretStore, *,
                   ssl_context: ssl.SSLContext | None = None) -> Callable[[QWidget], bool]:
    """``add_account`` for the window: True when an account was added."""

    def open_dialog(parent: QWidget) -> bool:
        ctx = _context_of(parent)
        if ctx is None:
            return False
        dialog = AddAccountDialog(ctx.store, secrets, taskman=ctx.taskman,
                                  ssl_context=ssl_context, parent=parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    return open_dialog
