"""The window's keyboard triage actions, their keys and their (translated) names.

Kept apart from the window so the "?" help lists exactly these actions and
the keys cannot drift from the documentation.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence

# name -> keys; the order is the order of the "?" help.
KEYS: dict[str, tuple[str, ...]] = {
    "next": ("J",),
    "previous": ("K",),
    "open": ("Return", "Enter"),
    "reply": ("R",),
    "label": ("L",),
    "done": ("E",),
    "snooze": ("S",),
    "unread": ("U",),
    "search": ("/",),
    "undo": ("Z",),
    "help": ("?",),
}


def action_text(name: str) -> str:
    texts = {
        "next": QCoreApplication.translate("Actions", "Next conversation"),
        "previous": QCoreApplication.translate("Actions", "Previous conversation"),
        "open": QCoreApplication.translate("Actions", "Open conversation"),
        "reply": QCoreApplication.translate("Actions", "Reply"),
        "label": QCoreApplication.translate("Actions", "Label…"),
        "done": QCoreApplication.translate("Actions", "Done"),
        "snooze": QCoreApplication.translate("Actions", "Snooze…"),
        "unread": QCoreApplication.translate("Actions", "Read / unread"),
        "search": QCoreApplication.translate("Actions", "Search"),
        "undo": QCoreApplication.translate("Actions", "Undo"),
        "help": QCoreApplication.translate("Actions", "Keyboard shortcuts"),
    }
    return texts[name]


class TriageActions:
    """One ``QAction`` per triage command; the window adds them and connects them."""

    def __init__(self, parent: QObject) -> None:
        self.by_name: dict[str, QAction] = {}
        for name, keys in KEYS.items():
            action = QAction(parent)
            action.setObjectName(f"action_{name}")
            action.setShortcuts([QKeySequence(k) for k in keys])
            self.by_name[name] = action
        self.retranslate()

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def all(self) -> list[QAction]:
        return list(self.by_name.values())

    def retranslate(self) -> None:
        for name, action in self.by_name.items():
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                             for k in action.shortcuts()[:1])
            action.setText(action_text(name))
            action.setToolTip(f"{action_text(name)} ({keys})")
