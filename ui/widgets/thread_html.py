"""The thread as one HTML document for ``SafeBrowser``.

Everything from a channel is escaped or sanitized again here, at display
time: the store's copy was cleaned when it arrived, but the viewer must not
depend on every writer having done so (and links of our own, such as
"retry", use a scheme the sanitizer never lets through from a message).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale
from PySide6.QtGui import QColor

from ui.timefmt import full_time

if TYPE_CHECKING:  # names for annotations only: the window imports this before its first
    # paint, and the scheduling rules bring the whole availability package
    from app.store.outbox import OutboxEntry
    from app.store.queries import AttachmentInfo, ConversationDetail, MessageView
    from app.store.scheduled import ScheduledReply

RECEIVED_BG = "#f3f4f6"
SENT_BG = "#e3eef7"
MUTED = "#616e7c"
HELD = "#b54708"


@dataclass(frozen=True, slots=True)
class ThreadExtras:
    """What the thread shows beyond the messages themselves.

    ``away_ids``: our automatic away notices, drawn as one grey line each (a
    full bubble would read as if we had answered); ``expanded``: those whose
    text the owner opened; ``scheduled``: replies waiting for their time.
    """

    away_ids: frozenset[int] = frozenset()
    expanded: frozenset[int] = frozenset()
    scheduled: dict[int, ScheduledReply] = field(default_factory=dict)
    now: int = 0
    links: dict[int, str] = field(default_factory=dict)  # message id → its web page


def short_moment(ts: int, now: int) -> str:
    """"Sat 14:02" within a week of ``now`` (either way), else the full short date."""
    if abs(ts - now) < 6 * 86_400:
        return QLocale().toString(QDateTime.fromSecsSinceEpoch(ts).toLocalTime(), "ddd H:mm")
    return full_time(ts)


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


def human_size(size: int) -> str:
    """"12.3 KB" in the UI language's number format."""
    return QLocale().formattedDataSize(max(0, size), 1,
                                       QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def _attachments(items: tuple[AttachmentInfo, ...]) -> str:
    """One line per attachment: name, type and size, then "Open" and "Save as…".

    Nothing opens by itself; both links lead to a question first.
    """
    open_ = html.escape(QCoreApplication.translate("Thread", "Open"))
    save = html.escape(QCoreApplication.translate("Thread", "Save as…"))
    title = html.escape(QCoreApplication.translate("Thread", "Attachments"))
    rows = []
    for a in items:
        rows.append(
            f'<tr><td><b>{html.escape(a.name)}</b>'
            f' <span style="color:{MUTED}">{html.escape(a.content_type)},'
            f" {html.escape(human_size(a.size))}</span></td>"
            f'<td align="right" style="white-space:nowrap">'
            f'<a href="tresen:open-attachment/{a.id}">{open_}</a> &nbsp; '
            f'<a href="tresen:save-attachment/{a.id}">{save}</a></td></tr>')
    border = QColor(MUTED).lighter(170).name()
    return (f'<table width="100%" cellspacing="0" cellpadding="3" style="margin-top:8px;'
            f' border-top:1px solid {border};"><tr><td colspan="2" style="color:{MUTED}">'
            f"<small>{title}</small></td></tr>{''.join(rows)}</table>")


def _body(message: MessageView) -> str:
    if message.html:
        from app.sanitize import sanitize_html  # nh3 and its rules: with the first thread

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


def _away_line(m: MessageView, item: OutboxEntry | None, extras: ThreadExtras) -> str:
    """One grey line for an away notice; its text only when expanded."""
    when = html.escape(short_moment(m.sent_at, extras.now))
    if m.state == "sent":
        line = QCoreApplication.translate("Thread", "Away notice sent %1")
    elif m.state in ("failed", "unknown"):
        line = QCoreApplication.translate("Thread", "Away notice not sent (%1)")
    else:
        line = QCoreApplication.translate("Thread", "Away notice queued %1")
    line = html.escape(line).replace("%1", when)
    open_ = m.id in extras.expanded
    toggle = html.escape(QCoreApplication.translate("Thread", "Hide text") if open_
                         else QCoreApplication.translate("Thread", "Show text"))
    parts = [f'<p style="color:{MUTED}; margin-left:48px; margin-bottom:10px;">'
             f'<small>&#8617; {line} &nbsp;<a href="tresen:expand/{m.id}">{toggle}</a>']
    if item is not None and m.state in ("failed", "unknown"):
        retry = html.escape(QCoreApplication.translate("Thread", "Retry"))
        parts.append(f' &nbsp;<a href="tresen:retry/{item.id}">{retry}</a>')
    parts.append("</small></p>")
    if open_:
        parts.append(f'<p style="color:{MUTED}; margin-left:64px; margin-bottom:10px;">'
                     f"<small>{_body(m)}</small></p>")
    return "".join(parts)


def _schedule_footer(plan: ScheduledReply, now: int) -> str:
    """"Scheduled for Mon 9:00" with send now / cancel, and the hold if the customer wrote."""
    if plan.mode == "open":
        text = QCoreApplication.translate("Thread", "Scheduled for %1 (when we open)")
    else:
        text = QCoreApplication.translate("Thread", "Scheduled for %1")
    text = html.escape(text).replace("%1", html.escape(short_moment(plan.send_at, now)))
    send = html.escape(QCoreApplication.translate("Thread", "Send now"))
    cancel = html.escape(QCoreApplication.translate("Thread", "Cancel"))
    links = (f' &nbsp;<a href="tresen:send-now/{plan.message_id}">{send}</a>'
             f' &nbsp;<a href="tresen:cancel/{plan.message_id}">{cancel}</a>')
    footer = f'<span style="color:{MUTED}">{text}</span>{links}'
    if plan.held:
        held = html.escape(QCoreApplication.translate(
            "Thread", "Held for a second look: the customer wrote again after you scheduled "
            "this reply. Send it anyway, or cancel it and answer anew."))
        footer = f'<b style="color:{HELD}">{held}</b><br/>{footer}'
    return footer


def _earlier_bar(hidden: int, page: int) -> str:
    """The link at the top of a thread shown in part: the next page, or all of it."""
    if hidden == 1:
        more = QCoreApplication.translate("Thread", "Show the earlier message")
    else:
        more = QCoreApplication.translate("Thread", "Show %1 earlier messages").replace(
            "%1", QLocale().toString(min(page, hidden)))
    links = [f'<a href="tresen:earlier/{min(page, hidden)}">{html.escape(more)}</a>']
    if hidden > page:
        every = QCoreApplication.translate("Thread", "Show all %1").replace(
            "%1", QLocale().toString(hidden))
        links.append(f'<a href="tresen:earlier/{hidden}">{html.escape(every)}</a>')
    return (f'<p align="center" style="margin-bottom:12px; color:{MUTED}">'
            + " &nbsp;·&nbsp; ".join(links) + "</p>")


def render_thread(detail: ConversationDetail, outbox_by_message: dict[int, OutboxEntry],
                  extras: ThreadExtras | None = None, shown: int | None = None,
                  page: int = 50) -> str:
    """Oldest first; ours indented and tinted, the customer's flush left in grey.

    ``shown`` limits the document to the newest messages, so its cost does not
    grow with the thread; a link on top then offers ``page`` more (or all).
    """
    extras = extras or ThreadExtras()
    messages = detail.messages
    if shown is not None and len(messages) > shown:
        messages = messages[len(messages) - max(0, shown):]
    hidden = detail.earlier + len(detail.messages) - len(messages)
    blocks = [_earlier_bar(hidden, page)] if hidden > 0 else []
    for m in messages:
        if m.id in extras.away_ids:
            blocks.append(_away_line(m, outbox_by_message.get(m.id), extras))
            continue
        ours = m.direction == "out"
        who = html.escape(m.author_name or m.author_handle)
        handle = html.escape(m.author_handle) if m.author_name and m.author_handle else ""
        head = f"<b>{who}</b>"
        if handle:
            head += f' <span style="color:#616e7c">&lt;{handle}&gt;</span>'
        head += f' <span style="color:#616e7c"> · {html.escape(full_time(m.sent_at))}</span>'
        attachments = _attachments(m.attachments) if m.attachments else ""
        footer = ""
        plan = extras.scheduled.get(m.id)
        if ours and plan is not None:
            footer = f'<p style="margin-top:6px">{_schedule_footer(plan, extras.now)}</p>'
        elif ours:
            footer = f'<p style="margin-top:6px">{_delivery(m, outbox_by_message.get(m.id))}</p>'
        margin = "margin-left:48px; margin-right:0px" if ours else "margin-right:48px"
        blocks.append(
            f'<table width="100%" cellspacing="0" cellpadding="10" style="{margin};'
            f' margin-bottom:10px; background-color:{SENT_BG if ours else RECEIVED_BG};">'
            f'<tr><td><p style="margin-bottom:6px">{head}</p><div>{_body(m)}</div>'
            f"{attachments}{footer}</td></tr></table>"
        )
    return "<html><body>" + "".join(blocks) + "</body></html>"
