"""The main window: sidebar, conversation list and conversation view, wired together.

Reads for what is on screen run here on the GUI thread (each well under a
millisecond); every write goes to ``TaskManager`` and comes back as one
``changed`` notification, which refreshes all panes in ``_on_changed``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.store import queries
from app.store.database import NotFoundError, Store
from app.store.queries import ConversationFilter, View
from ui.actions import TriageActions
from ui.models.inbox import InboxModel
from ui.models.sidebar import SidebarModel
from ui.network import NetworkMonitor
from ui.private_files import PrivateFiles
from ui.sync import SyncScheduler
from ui.taskman import Change, TaskManager
from ui.widgets.away_banner import AwayBanner
from ui.widgets.conversation_view import ConversationView
from ui.widgets.empty_state import EmptyState
from ui.widgets.inbox_delegate import InboxDelegate
from ui.widgets.inbox_view import InboxView
from ui.widgets.search_field import SearchField
from ui.widgets.sidebar_view import SidebarView
from ui.widgets.status_bar import StatusBar
from ui.widgets.thread_html import ThreadExtras

if TYPE_CHECKING:
    from app.store.undo import Undo
    from services.secrets import SecretStore
    from ui.attachments import AttachmentActions
    from ui.dialogs.label_picker import LabelPicker
    from ui.dialogs.settings import SettingsDialog
    from ui.dialogs.shortcuts import ShortcutsDialog
    from ui.dialogs.snooze import SnoozeMenu

MARK_READ_AFTER_MS = 1_500
STATUS_REFRESH_MS = 30_000


@dataclass(slots=True)
class WindowContext:
    """Everything the window needs, handed in by the composition root."""

    store: Store
    taskman: TaskManager
    network: NetworkMonitor
    is_demo: bool = False
    language: str = "system"
    set_language: Callable[[str], None] | None = None
    add_account: Callable[[QWidget], bool] | None = None
    open_demo: Callable[[], None] | None = None
    sync: SyncScheduler | None = None
    secrets: SecretStore | None = None  # the run's one SecretStore (sign in again)
    files: PrivateFiles = field(default_factory=PrivateFiles)  # opened attachments


TR_CONTEXT = "MainWindow"


def _tr(text: str) -> str:
    """Shorthand for this module's strings; ``ui.i18n_catalog`` extracts ``_tr`` calls."""
    return QCoreApplication.translate(TR_CONTEXT, text)


def _ops() -> ModuleType:
    """User actions, imported on first use: they bring SQLAlchemy (≈0.5 s), which
    the first paint does not need; ``_warm_up`` loads it on the writer thread."""
    from app.store import ops

    return ops


_AFTER_FIRST_PAINT = ("app.store.scheduled", "app.sanitize", "app.store.ops")
"""What the first paint leaves out: the availability rules and the HTML sanitizer that
opening a conversation needs, then the ORM behind user actions."""


def _warm_up() -> None:
    """Import ``_AFTER_FIRST_PAINT`` on the writer thread while the person reads."""
    for name in _AFTER_FIRST_PAINT:
        importlib.import_module(name)


class MainWindow(QMainWindow):
    """Three panes plus status bar; keyboard triage through ``TriageActions``.

    Signals:
        ready(): once, after the first paint with rows (or after a moment without
            any): work that would slow that paint down may start now.
    """

    ready = Signal()

    def __init__(self, ctx: WindowContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        self.undo: Undo | None = None
        self._stay_on: int | None = None
        self.label_picker: LabelPicker | None = None
        self.snooze_menu: SnoozeMenu | None = None
        self.help_dialog: ShortcutsDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.availability_dialog: QDialog | None = None
        self.sign_in_dialog: QDialog | None = None
        self._attachments: AttachmentActions | None = None
        self._workspace_id: int | None = None
        self._build()
        self._connect_signals()
        self.retranslate()
        # The list paints first: its first page of ids and rows, and the sidebar's
        # entries without their numbers, are all the first paint needs. Counts, the
        # away banner, the thread page and what runs on threads that would compete
        # for the GIL (the complete id list, the ORM import, the first sync) follow
        # once the rows are on screen, or after a moment for a window that shows
        # its empty state.
        conn = self.store.reader()
        self.inbox_model.hold_completion = True
        self.sidebar_model.refresh(conn, counts=False)
        self.sidebar.expandAll()
        self.sidebar.select_key(("all",))
        self.pages.setCurrentWidget(
            self.splitter if queries.accounts(conn) else self.no_accounts)
        self.inbox.first_painted.connect(lambda: QTimer.singleShot(0, self._release_list))
        QTimer.singleShot(500, self._release_list)

    def _release_list(self) -> None:
        """After the first paint: the counts, and work on threads that hold the GIL."""
        if self.inbox_model.hold_completion:
            self.inbox_model.release_completion()
            self._on_changed(Change.all())
            if not self.ctx.taskman.closed:
                self.ctx.taskman.run_op(_warm_up)
            self.conversation.thread_page()  # built now, so the first click does not wait
            self.ready.emit()

    # -- construction --------------------------------------------------------------
    def _build(self) -> None:
        self.resize(1280, 800)
        self.sidebar_model = SidebarModel(self.store.clock, self)
        self.sidebar = SidebarView(self.sidebar_model)
        self.inbox_model = InboxModel(self.store, self)
        self.inbox = InboxView(self.inbox_model)
        self.inbox.setItemDelegate(InboxDelegate(self.store.clock, self.inbox))
        self.search = SearchField()
        self.list_empty = EmptyState()
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.inbox)
        self.list_stack.addWidget(self.list_empty)
        list_pane = QWidget()
        list_layout = QVBoxLayout(list_pane)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(0)
        list_layout.addWidget(self.search)
        list_layout.addWidget(self.list_stack, 1)

        self.triage_actions = TriageActions(self)
        for action in self.triage_actions.all():
            self.addAction(action)
        self.triage_bar = QToolBar()
        self.triage_bar.setObjectName("triageBar")
        for name in ("done", "snooze", "label", "unread", "undo"):
            self.triage_bar.addAction(self.triage_actions[name])
        self.conversation = ConversationView()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.triage_bar)
        right_layout.addWidget(self.conversation, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(list_pane)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([230, 430, 620])

        self.no_accounts = EmptyState()
        self.add_account_button = self.no_accounts.add_button(primary=True)
        self.open_demo_button = self.no_accounts.add_button()
        self.add_account_button.setEnabled(self.ctx.add_account is not None)
        self.open_demo_button.setEnabled(self.ctx.open_demo is not None)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.no_accounts)
        self._build_central()
        self._build_chrome()

    def _build_central(self) -> None:
        """The away banner above the pages: it spans all three panes."""
        self.away_banner = AwayBanner(self.store.clock)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.away_banner)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

    def _build_chrome(self) -> None:
        """Status bar, menu and timers: what frames the three panes."""
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self.menu = QMenu(self)
        self.menuBar().addMenu(self.menu)
        self.settings_action = QAction(self)
        self.settings_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.availability_action = QAction(self)
        self.menu.addAction(self.settings_action)
        self.menu.addAction(self.availability_action)
        self.menu.addAction(self.triage_actions["help"])
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self._read_timer = QTimer(self)
        self._read_timer.setSingleShot(True)
        self._read_timer.setInterval(MARK_READ_AFTER_MS)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(STATUS_REFRESH_MS)
        self._clock_timer.start()

    def _connect_signals(self) -> None:
        a = self.triage_actions
        a["next"].triggered.connect(lambda: self.inbox.step(1))
        a["previous"].triggered.connect(lambda: self.inbox.step(-1))
        a["open"].triggered.connect(self.open_current)
        a["reply"].triggered.connect(self.start_reply)
        a["label"].triggered.connect(self.pick_label)
        a["done"].triggered.connect(self.toggle_done)
        a["snooze"].triggered.connect(self.pick_snooze)
        a["unread"].triggered.connect(self.toggle_unread)
        a["search"].triggered.connect(self.focus_search)
        a["undo"].triggered.connect(self.undo_last)
        a["help"].triggered.connect(self.show_shortcuts)
        self.settings_action.triggered.connect(self.show_settings)
        self.availability_action.triggered.connect(lambda: self.show_availability(None))
        self.away_banner.clicked.connect(self.show_availability)
        self.quit_action.triggered.connect(self.close)
        self.sidebar.filter_selected.connect(self._on_filter)
        self.sidebar.sign_in_requested.connect(self.sign_in_again)
        self.sidebar.history_requested.connect(self.fetch_history)
        self.inbox.current_conversation_changed.connect(self._on_current)
        self.inbox_model.refreshed.connect(self._update_list_state)
        self.search.search.connect(self._on_search)
        self.search.escaped.connect(self.inbox.setFocus)
        self.search.submitted.connect(self._focus_results)
        self.conversation.send_requested.connect(self.send_reply)
        self.conversation.retry_requested.connect(self.retry_item)
        self.conversation.send_later_requested.connect(self.send_later)
        self.conversation.send_now_requested.connect(self.send_scheduled_now)
        self.conversation.cancel_requested.connect(self.cancel_scheduled)
        self.conversation.earlier_requested.connect(self._show)
        self.conversation.open_attachment_requested.connect(
            lambda a_id: self.attachments().ask_to_open(a_id))
        self.conversation.save_attachment_requested.connect(
            lambda a_id: self.attachments().ask_to_save(a_id))
        self.ctx.taskman.changed.connect(self._on_changed)
        self.ctx.taskman.failed.connect(self._show_error)
        self.ctx.network.changed.connect(lambda _online: self._update_status())
        self._read_timer.timeout.connect(self._mark_current_read)
        self._clock_timer.timeout.connect(self._update_status)
        self._clock_timer.timeout.connect(self.inbox.repaint_rows)
        self._clock_timer.timeout.connect(self.sidebar_model.refresh_status)
        self.add_account_button.clicked.connect(self._add_account)
        self.open_demo_button.clicked.connect(self._open_demo)
        if self.ctx.sync is not None:
            self.ctx.sync.progress.connect(self.status.show_progress)
            self.ctx.sync.finished.connect(self._on_sync_finished)

    # -- refreshing ------------------------------------------------------------------
    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        conn = self.store.reader()
        has_accounts = bool(queries.accounts(conn))
        self.pages.setCurrentWidget(self.splitter if has_accounts else self.no_accounts)
        self.sidebar_model.refresh(conn)
        self.sidebar.expandAll()
        self.inbox.keep_position = self._stay_on is None
        self.inbox_model.refresh(None if change.everything else change.conversation_ids)
        self.inbox.keep_position = True
        current = self.conversation.conversation_id
        if current is not None and change.touches(current):
            self._show(current)
        self._stay_on = None
        self._update_status()
        self.away_banner.set_workspace(conn, self._workspace_id)

    def _update_status(self) -> None:
        conn = self.store.reader()
        self.status.set_counts(queries.pending_outbox_count(conn), queries.last_sync_at(conn),
                               self.store.clock())
        if self.ctx.sync is None:
            reason = _tr("This is the demo: nothing is sent anywhere.") if self.ctx.is_demo \
                else _tr("No account can sync yet.")
            self.status.set_online(False, reason)
        elif not self.ctx.network.online:
            self.status.set_online(False, _tr("No network: replies wait in the outbox."))
        else:
            self.status.set_online(True, "")

    def _update_list_state(self) -> None:
        model = self.inbox_model
        if model.rowCount():
            self.list_stack.setCurrentWidget(self.inbox)
            return
        if model.search_query:
            title = _tr("No results")
            text = model.search_error or _tr(
                "No conversation matches “%1”. Check the spelling or try fewer words; "
                "Escape clears the search.").replace("%1", model.search_query)
        else:
            title, text = self._empty_view_text(model.filter)
        self.list_empty.set_text(title, text)
        self.list_stack.setCurrentWidget(self.list_empty)

    @staticmethod
    def _empty_view_text(flt: ConversationFilter) -> tuple[str, str]:
        if flt.view is View.WAITING:
            return (_tr("All answered"),
                    _tr("Nothing waiting — every customer has an answer."))
        if flt.view is View.SNOOZED:
            return (_tr("Nothing snoozed"),
                    _tr("Press s on a conversation to bring it back later."))
        if flt.view is View.DONE:
            return (_tr("Nothing done yet"),
                    _tr("Press e on a conversation when it needs nothing more from you."))
        return (_tr("Nothing here"), _tr("No open conversations in this view."))

    # -- list and conversation --------------------------------------------------------
    @Slot(object)
    def _on_filter(self, flt: ConversationFilter) -> None:
        self._workspace_id = flt.workspace_id
        if not self.inbox_model.hold_completion:  # before the first paint: _release_list
            self.away_banner.set_workspace(self.store.reader(), flt.workspace_id)
        self.inbox.keep_position = False
        self.inbox_model.set_filter(flt)
        self.inbox.keep_position = True

    @Slot(str)
    def _on_search(self, query: str) -> None:
        if query.strip() == self.inbox_model.search_query:
            return
        self.inbox.keep_position = False
        self.inbox_model.set_search(query)
        self.inbox.keep_position = True

    def _focus_results(self) -> None:
        self.inbox.setFocus()
        if not self.inbox.currentIndex().isValid():
            self.inbox.step(1)

    @Slot(object)
    def _on_current(self, conv_id: int | None) -> None:
        if conv_id is None and self._stay_on is not None:
            # We just replied and the conversation left this view: keep it open, so
            # the person sees the reply queued.
            conv_id = self._stay_on
        self._show(conv_id)
        self._read_timer.start()

    def _show(self, conv_id: int | None) -> None:
        if conv_id is None:
            self.conversation.show_conversation(None)
            return
        from app.store import away, outbox, scheduled  # after the first paint: _warm_up

        conn = self.store.reader()
        try:
            detail = queries.conversation_detail(
                conn, conv_id, self.conversation.message_window(conv_id))
        except NotFoundError:
            self.conversation.show_conversation(None)
            return
        by_message = {e.message_id: e for e in outbox.list_outbox(conn)
                      if e.conversation_id == conv_id and e.message_id is not None}
        now = self.store.clock()
        links = queries.message_links(conn, conv_id) if detail.row.stream == "listening" \
            else {}
        extras = ThreadExtras(away.away_notice_ids(conn, conv_id), frozenset(),
                              scheduled.scheduled_replies(conn, conv_id), now, links)
        self.conversation.show_conversation(detail, by_message, extras)
        self.conversation.editor.set_opening(
            scheduled.when_we_open(conn, detail.row.account_id, now), now)

    def current_id(self) -> int | None:
        return self.conversation.conversation_id

    # -- triage actions ------------------------------------------------------------------
    def _triage(self, op: Callable[[], Any], message: str) -> None:
        """Run one undoable op on the writer thread; remember its undo."""
        conv_id = self.current_id()
        if conv_id is None:
            return

        def done(result: Any) -> None:
            from app.store.undo import Undo

            undo = result[1] if isinstance(result, tuple) else result
            if isinstance(undo, Undo):
                self.undo = undo
            self.status.showMessage(message, 6_000)

        self.ctx.taskman.run_op(op, on_success=done, on_failure=self._on_op_error,
                                change=Change.of([conv_id]))

    def open_current(self) -> None:
        if self.current_id() is None:
            self.inbox.step(1)
            return
        self._mark_current_read()
        self.conversation.browser.setFocus()

    def start_reply(self) -> None:
        if self.current_id() is None:
            return
        if self.conversation.listening.isVisible():
            self.conversation.listening.open_button.setFocus()
        else:
            self.conversation.editor.focus_editor()

    def toggle_done(self) -> None:
        detail = self.conversation.detail
        if detail is None:
            return
        conv_id = detail.row.id
        if detail.row.status == "done":
            self._triage(lambda: _ops().reopen(self.store, conv_id),
                         _tr("Reopened — press z to undo"))
        else:
            self._triage(lambda: _ops().mark_done(self.store, conv_id),
                         _tr("Marked done — press z to undo"))

    def toggle_unread(self) -> None:
        detail = self.conversation.detail
        if detail is None:
            return
        self._read_timer.stop()
        conv_id, unread = detail.row.id, detail.row.unread
        self._triage(lambda: _ops().set_read(self.store, conv_id, unread),
                     _tr("Marked read") if unread else _tr("Marked unread"))

    def _mark_current_read(self) -> None:
        self._read_timer.stop()
        detail = self.conversation.detail
        if detail is None or not detail.row.unread:
            return
        conv_id = detail.row.id
        self.ctx.taskman.run_op(lambda: _ops().set_read(self.store, conv_id, True),
                                on_failure=self._on_op_error, change=Change.of([conv_id]))

    def pick_label(self) -> None:
        detail = self.conversation.detail
        if detail is None:
            return
        conv_id = detail.row.id
        from ui.dialogs.label_picker import LabelPicker

        labels = queries.labels(self.store.reader(), detail.row.workspace_id)
        picker = LabelPicker(labels, {chip.name for chip in detail.row.labels}, self)
        picker.chosen.connect(lambda name, present: self._triage(
            lambda: _ops().set_label(self.store, conv_id, name, present=present),
            (_tr("Label “%1” added — press z to undo") if present
             else _tr("Label “%1” removed — press z to undo")).replace("%1", name)))
        picker.finished.connect(picker.deleteLater)
        self.label_picker = picker
        picker.open()

    def pick_snooze(self) -> None:
        detail = self.conversation.detail
        if detail is None:
            return
        from ui.dialogs.snooze import SnoozeMenu

        conv_id = detail.row.id
        menu = SnoozeMenu(self.store.clock(), self)
        menu.chosen.connect(lambda until: self._triage(
            lambda: _ops().snooze(self.store, conv_id, until),
            _tr("Snoozed — press z to undo")))
        self.snooze_menu = menu
        rect = self.conversation.geometry()
        menu.popup(self.conversation.mapToGlobal(rect.topLeft()) if rect.isValid()
                   else self.mapToGlobal(self.rect().center()))

    def undo_last(self) -> None:
        undo = self.undo
        if undo is None:
            self.status.showMessage(_tr("Nothing to undo"), 4_000)
            return
        self.undo = None
        self.ctx.taskman.run_op(lambda: _ops().apply_undo(self.store, undo),
                                on_success=lambda _r: self.status.showMessage(_tr("Undone"),
                                                                              4_000),
                                on_failure=self._on_op_error,
                                change=Change.of([undo.conversation_id]))

    def send_reply(self, conv_id: int, text: str) -> None:
        def done(result: tuple[int, Undo]) -> None:
            self.undo = result[1]
            self._stay_on = conv_id
            if self.conversation.conversation_id == conv_id:
                self.conversation.editor.sent()
            self.status.showMessage(_tr("Reply queued — press z to undo"), 6_000)

        def failed(exc: BaseException) -> None:
            self.conversation.editor.show_error(str(exc))

        self.ctx.taskman.run_op(lambda: _ops().reply(self.store, conv_id, text),
                                on_success=done, on_failure=failed,
                                change=Change.of([conv_id]))

    def send_later(self, conv_id: int, text: str, send_at: int, mode: str) -> None:
        from app.store import scheduled

        def done(result: tuple[int, Undo]) -> None:
            self.undo = result[1]
            self._stay_on = conv_id
            if self.conversation.conversation_id == conv_id:
                self.conversation.editor.sent()
            self.status.showMessage(_tr("Reply scheduled — press z to undo"), 6_000)

        def failed(exc: BaseException) -> None:
            self.conversation.editor.show_error(str(exc))

        self.ctx.taskman.run_op(
            lambda: scheduled.schedule_reply(self.store, conv_id, text, send_at,
                                             "open" if mode == "open" else "time"),
            on_success=done, on_failure=failed, change=Change.of([conv_id]))

    def send_scheduled_now(self, message_id: int) -> None:
        from app.store import scheduled

        conv_id = self.current_id()
        self.ctx.taskman.run_op(
            lambda: scheduled.send_now(self.store, message_id),
            on_success=lambda _r: self.status.showMessage(
                _tr("Reply released: it goes out with the next sync"), 6_000),
            on_failure=self._on_op_error,
            change=Change.of([conv_id]) if conv_id is not None else Change.all())

    def cancel_scheduled(self, message_id: int) -> None:
        conv_id = self.current_id()
        self.ctx.taskman.run_op(
            lambda: _ops().cancel_reply(self.store, message_id),
            on_success=lambda _r: self.status.showMessage(_tr("Scheduled reply cancelled"),
                                                          6_000),
            on_failure=self._on_op_error,
            change=Change.of([conv_id]) if conv_id is not None else Change.all())

    def retry_item(self, item_id: int) -> None:
        from app.store import outbox

        conv_id = self.current_id()
        self.ctx.taskman.run_op(
            lambda: outbox.retry(self.store, item_id),
            on_success=lambda _r: self.status.showMessage(_tr("Queued again"), 4_000),
            on_failure=self._on_op_error,
            change=Change.of([conv_id]) if conv_id is not None else Change.all())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_op_error(self, exc: BaseException) -> None:
        self._show_error(str(exc))

    def _show_error(self, message: str) -> None:
        self.status.showMessage(message, 10_000)

    # -- dialogs ---------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        from ui.dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog([a for a in self.triage_actions.all()], self)
        dialog.finished.connect(dialog.deleteLater)
        self.help_dialog = dialog
        dialog.open()

    def show_settings(self) -> None:
        from ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx.language, self)
        dialog.language_chosen.connect(self._set_language)
        dialog.availability_requested.connect(lambda: self.show_availability(None))
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()

    def show_availability(self, workspace_id: int | None) -> None:
        """The Availability page for ``workspace_id``, else the selected workspace."""
        from ui.dialogs.availability import AvailabilityDialog  # icalendar & co.: on demand

        chosen = workspace_id if workspace_id is not None else self._workspace_id
        dialog = AvailabilityDialog(self.store, self.ctx.taskman, chosen, self)
        dialog.saved.connect(lambda _ws: self.status.showMessage(
            _tr("Availability saved"), 6_000))
        dialog.finished.connect(dialog.deleteLater)
        self.availability_dialog = dialog
        dialog.open()

    def attachments(self) -> AttachmentActions:
        """Open/save attachments; built on first use (it brings the email modules)."""
        if self._attachments is None:
            from ui.attachments import AttachmentActions

            self._attachments = AttachmentActions(self.store, self.ctx.secrets,
                                                  self.ctx.files, self)
            self._attachments.failed.connect(self._show_error)
            self._attachments.saved.connect(lambda path: self.status.showMessage(
                _tr("Saved to %1").replace("%1", path), 6_000))
        return self._attachments

    def sign_in_again(self, account_id: int) -> None:
        """Ask for the password (email) or a new sign-in (Mastodon) of ``account_id``."""
        account = next((a for a in queries.accounts(self.store.reader()) if a.id == account_id),
                       None)
        if account is None:
            return
        if self.ctx.secrets is None:
            self.status.showMessage(_tr("Passwords can only be changed in a normal start "
                                        "of Tresen, not here."), 8_000)
            return
        from ui.dialogs.accounts.sign_in_again import SignInAgainDialog  # imaplib: on demand

        dialog = SignInAgainDialog(account, self.ctx.secrets, parent=self)
        dialog.signed_in.connect(self._signed_in)
        dialog.finished.connect(dialog.deleteLater)
        self.sign_in_dialog = dialog
        dialog.open()

    def fetch_history(self, account_id: int, days: int) -> None:
        """Ask the syncs for an email account's older mail (``days`` 0: all of it),
        through the writer, and start a sync at once when the window runs them."""
        from app.store.account_settings import update_account_settings  # SQLAlchemy: late

        since = max(0, self.store.clock() - days * 86_400) if days else 0
        sync = self.ctx.sync
        self.ctx.taskman.run_op(
            lambda: update_account_settings(self.store, account_id, {"history_since": since}),
            on_success=lambda _settings: sync.sync_now() if sync is not None else None,
            change=Change.all())
        self.status.showMessage(_tr("Older messages are fetched with the next sync"), 6_000)

    def _signed_in(self, _account_id: int) -> None:
        if self.ctx.sync is not None:
            self.status.showMessage(_tr("Signed in again — syncing now"), 6_000)
            self.ctx.sync.sync_now()
        else:
            self.status.showMessage(_tr("Signed in again; the next sync uses it"), 6_000)

    def _set_language(self, language: str) -> None:
        self.ctx.language = language
        if self.ctx.set_language is not None:
            self.ctx.set_language(language)

    def _add_account(self) -> None:
        if self.ctx.add_account is not None and self.ctx.add_account(self):
            self._on_changed(Change.all())

    def _open_demo(self) -> None:
        if self.ctx.open_demo is not None:
            self.ctx.open_demo()

    def _on_sync_finished(self, error: str) -> None:
        self.status.hide_progress()
        if error:
            self.status.showMessage(_tr("Sync failed: %1").replace("%1", error), 10_000)

    # -- language --------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(_tr("Tresen — Demo") if self.ctx.is_demo else "Tresen")
        self.menu.setTitle(_tr("&Tresen"))
        self.settings_action.setText(_tr("Settings…"))
        self.availability_action.setText(_tr("Availability…"))
        self.quit_action.setText(_tr("Quit"))
        self.triage_actions.retranslate()
        self.sidebar_model.retranslate()
        self.search.retranslate()
        self.status.retranslate()
        self.no_accounts.set_text(
            _tr("No accounts yet"),
            _tr("Tresen brings your customers' email, Mastodon messages and review feeds "
                "into one window. Add an account to start, or open the demo to look around "
                "with two example businesses."))
        self.add_account_button.setText(_tr("Add an account"))
        self.open_demo_button.setText(_tr("Open the demo"))
        self.add_account_button.setToolTip("" if self.ctx.add_account is not None else _tr(
            "For now, accounts are added from the command line (see tresen --help)."))
        self._update_list_state()
        self.inbox.repaint_rows()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._read_timer.stop()
        self._clock_timer.stop()
        self.away_banner.timer.stop()
        if self.ctx.sync is not None:
            self.ctx.sync.stop()
        super().closeEvent(event)
