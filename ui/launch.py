"""Start the window: the GUI half of the composition root.

``app.cli`` parses the command line and calls ``run``; everything the
window needs (store, task manager, network monitor, sync runner, the
account dialog) is created or passed in here and handed down explicitly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import __app_name__
from app.paths import DataPaths
from app.settings import load_settings, save_settings
from app.store import queries
from app.store.database import Store, StoreError, open_store
from ui.assets import icon, style_sheet
from ui.i18n import Translations
from ui.main_window import MainWindow, WindowContext
from ui.network import NetworkMonitor
from ui.private_files import PrivateFiles
from ui.sync import SyncRunner, SyncScheduler
from ui.taskman import TaskManager

if TYPE_CHECKING:
    from services.secrets import SecretStore

SyncFactory = Callable[[Store], SyncRunner]
DemoBuilder = Callable[[Store], None]


def build_demo(store: Store) -> None:
    """Fill an empty demo store (imported lazily: only the demo needs it)."""
    from app import demo

    demo.build_demo(store)


GUI_SWITCH_INTERVAL_S = 0.001


class Shell:
    """Owns the long-lived pieces and the current window; can switch to the demo store."""

    def __init__(self, app: QApplication, data_dir: Path, *,
                 sync_factory: SyncFactory | None = None,
                 add_account: Callable[[QWidget], bool] | None = None,
                 demo_builder: DemoBuilder = build_demo,
                 network: NetworkMonitor | None = None,
                 secrets: SecretStore | None = None) -> None:
        self.app = app
        # Every Qt → Python call of the list (data(), rowCount(), …) takes the GIL.
        # While a sync thread runs Python, Python's default 5 ms switch interval
        # makes each of those calls wait up to 5 ms: a jump in the list took
        # 500 ms beside a busy thread, 120 ms at 1 ms (bench: jump outliers of
        # 52-54 ms while the first sync started).
        sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
        self.paths = DataPaths(data_dir)
        self.settings = load_settings(self.paths.settings)
        self.translations = Translations(app, data_dir / "cache" / "translations")
        self.translations.apply(self.settings.language)
        self.taskman = TaskManager()
        self.network = network or NetworkMonitor()
        self.sync_factory = sync_factory
        self.add_account = add_account
        self.demo_builder = demo_builder
        self.secrets = secrets
        self.files = PrivateFiles()  # opened attachments; removed in ``close``
        self.store: Store | None = None
        self.window: MainWindow | None = None
        self.scheduler: SyncScheduler | None = None

    def open(self, demo: bool) -> MainWindow:
        """Open the real or the demo store and show a window on it."""
        path = self.paths.demo_store if demo else self.paths.store
        store = open_store(path)
        if demo and not queries.workspaces(store.reader()):
            self.demo_builder(store)
        return self._show(store, demo)

    def _show(self, store: Store, demo: bool) -> MainWindow:
        old_window, old_store = self.window, self.store
        if self.scheduler is not None:
            self.scheduler.stop()
            self.scheduler = None
        self.store = store
        if self.sync_factory is not None:  # the demo channel sends through the outbox too
            interval = self.settings.sync_interval_minutes * 60_000
            self.scheduler = SyncScheduler(self.taskman, self.sync_factory(store), interval)
        ctx = WindowContext(store=store, taskman=self.taskman, network=self.network,
                            is_demo=demo, language=self.settings.language,
                            set_language=self.set_language, add_account=self.add_account,
                            open_demo=None if demo else self.open_demo, sync=self.scheduler,
                            secrets=self.secrets, files=self.files)
        self.window = MainWindow(ctx)
        self.window.setWindowIcon(icon("tresen"))
        if not self.app.styleSheet():
            # Styled once the first window is built: Qt polishes a finished tree in
            # one pass, while a tree built under a style sheet is re-polished at
            # every reparent (a fifth of the time from store open to first paint).
            self.app.setStyleSheet(style_sheet())
        if self.scheduler is not None:  # the first sync waits for the first paint
            self.window.ready.connect(partial(self._start_sync, self.scheduler))
        self.window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_store is not None:
            old_store.close()
        return self.window

    def _start_sync(self, scheduler: SyncScheduler) -> None:
        if scheduler is self.scheduler:  # not one of a store switched away from meanwhile
            scheduler.start()

    def open_demo(self) -> None:
        """The empty state's "Open the demo": fill the demo store off the GUI thread."""
        path = self.paths.demo_store
        store = open_store(path)

        def fill() -> None:
            if not queries.workspaces(store.reader()):
                self.demo_builder(store)

        def show(_result: None) -> None:
            self._show(store, True)

        self.taskman.run_op(fill, on_success=show, on_failure=lambda exc: self._fail(str(exc)))

    def set_language(self, language: str) -> None:
        self.settings.language = language
        save_settings(self.paths.settings, self.settings)
        self.translations.apply(language)

    def _fail(self, message: str) -> None:
        QMessageBox.critical(self.window, __app_name__, message)

    def close(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
        self.taskman.shutdown()
        if self.store is not None:
            self.store.close()
        self.files.cleanup()


def run(data_dir: Path, *, demo: bool, sync_factory: SyncFactory | None = None,
        add_account: Callable[[QWidget], bool] | None = None,
        secrets: SecretStore | None = None) -> int:
    """Show the window until it is closed; returns the process exit code."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(__app_name__)
    app.setWindowIcon(icon("tresen"))
    shell = Shell(app, data_dir, sync_factory=sync_factory, add_account=add_account,
                  secrets=secrets)
    try:
        shell.open(demo)
    except StoreError as exc:
        QMessageBox.critical(None, __app_name__, str(exc))
        shell.close()
        return 1
    try:
        return app.exec()
    finally:
        shell.close()
