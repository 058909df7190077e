"""The thread as one HTML document for ``SafeBrowser``.

Everything from a channel is escaped or sanitized again here, at display
time: the store's copy was cleaned when it arrived, but the viewer must not
depend on every writer having done so (and links of our own, such as
"retry", use a scheme the sanitizer never lets through from a message).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from app.sanitize import sanitize_html
from app.store.outbox import OutboxEntry
from app.store.queries import ConversationDetail, MessageView
from ui.timefmt import full_time

RECEIVED_BG = "#f3f4f6"
SENT_BG = "#e3eef7"


def state_text(state: str) -> str:
    texts = {
        "queued": QCoreApplication.translate("Thread", "Queued — will be sent when online"),
        "sending": QCoreApplication.translate("Thread", "Sending…"),
        "sent": QCoreApplication.translate("Thread", "Sent"),
        "failed": QCoreApplication.translate("Thread", "Failed to send"),
        "unknown": QCoreApplication.translate(
            "Thread", "Unknown whether it arrived — check before sending again"),
    }
    return texts.get(state, state)


def _body(message: MessageView) -> str:
    if message.html:
        return sanitize_html(message.html)
    return html.escape(message.text).replace("\n", "<br/>")


def _delivery(message: MessageView, item: OutboxEntry | None) -> str:
    colour = {"failed": "#b42318", "unknown": "#b54708", "sent": "#3f7d4a"}.get(
        message.state, "#616e7c")
    parts = [f'<span style="color:{colour}">{html.escape(state_text(message.state))}</span>']
    error = message.last_error or (item.last_error if item else "")
    if error and message.state in ("failed", "unknown", "queued"):
        parts.append(f'<span style="color:#616e7c"> ({html.escape(error)})</span>')
    if item is not None and message.state in ("failed", "unknown"):
        retry = html.escape(QCoreApplication.translate("Thread", "Retry"))
        parts.append(f' &nbsp;<a href="tresen:retry/{item.id}">{retry}</a>')
    return "".join(parts)


def render_thread(detail: ConversationDetail, outbox_by_message: dict[int, OutboxEntry]) -> str:
    """Oldest first; ours indented and tinted, the customer's flush left in grey."""
    blocks = []
    for m in detail.messages:
        ours = m.direction == "out"
        who = html.escape(m.author_name or m.author_handle)
        handle = html.escape(m.author_handle) if m.author_name and m.author_handle else ""
        head = f"<b>{who}</b>"
        if handle:
            head += f' <span style="color:#616e7c">&lt;{handle}&gt;</span>'
        head += f' <span style="color:#616e7c"> · {html.escape(full_time(m.sent_at))}</span>'
        attachments = ""
        if m.attachments:
            names = ", ".join(html.escape(a.name) for a in m.attachments)
            label = html.escape(QCoreApplication.translate("Thread", "Attachments:"))
            attachments = f'<p style="color:#616e7c">{label} {names}</p>'
        footer = ""
        if ours:
            footer = f'<p style="margin-top:6px">{_delivery(m, outbox_by_message.get(m.id))}</p>'
        margin = "margin-left:48px; margin-right:0px" if ours else "margin-right:48px"
        blocks.append(
            f'<table width="100%" cellspacing="0" cellpadding="10" style="{margin};'
            f' margin-bottom:10px; background-color:{SENT_BG if ours else RECEIVED_BG};">'
            f'<tr><td><p style="margin-bottom:6px">{head}</p><div>{_body(m)}</div>'
            f"{attachments}{footer}</td></tr></table>"
        )
    return "<html><body>" + "".join(blocks) + "</body></html>"
