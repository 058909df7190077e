"""``tresen gui [--demo]``: open the window (also what plain ``tresen`` does).

The window module is imported only here and only when asked for, so every
other command works on machines (servers, CI) where Qt cannot load.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from app.cli.context import Context, DataError, Registry
from app.settings import load_settings

if TYPE_CHECKING:
    from app.store.database import Store
    from services.secrets import SecretStore
    from services.sync import SyncEngine

RunWindow = Callable[..., int]
AddAccount = Callable[[Any], bool]  # (parent widget) -> added; Any: app/ names no Qt type
Progress = Callable[[int, int, str], None]


class SyncFailedError(Exception):
    """Some accounts could not sync; the message lists them for the status bar."""


class WindowSyncRunner:
    """The window's view of the sync engine: one call, an exception on any failure.

    The engine is built by the first run, on the sync thread: its modules (channel
    adapters, the ORM) take longer to import than the window takes to appear.
    """

    def __init__(self, build_engine: Callable[[], SyncEngine]) -> None:
        self._build_engine = build_engine
        self._engine: SyncEngine | None = None

    def run_once(self, progress: Progress) -> None:
        if self._engine is None:
            self._engine = self._build_engine()
        report = self._engine.run_once(progress)
        if report.failed:
            raise SyncFailedError("; ".join(f"{a.name}: {a.error}" for a in report.failed))


def sync_factory(secrets: SecretStore) -> Callable[[Store], WindowSyncRunner]:
    """Wire the sync engine for whichever store the window opens (real or demo).

    ``secrets`` is the one instance the add-account dialog also writes to, so a
    password kept "for this session only" reaches the next sync.
    """

    def engine_for(store: Store) -> SyncEngine:
        from services.email.away_script import ServerNoticeKeeper
        from services.mastodon.profile_keeper import ProfileNoticeKeeper
        from services.registry import channel_factory
        from services.sync import SyncEngine
        from services.sync.away import AwayResponder

        return SyncEngine(store, channel_factory(store, secrets),
                          after_batch=[AwayResponder(store)],
                          maintenance=[ServerNoticeKeeper(store, secrets.get),
                                       ProfileNoticeKeeper(store, secrets)])

    def make(store: Store) -> WindowSyncRunner:
        return WindowSyncRunner(lambda: engine_for(store))

    return make


def register(registry: Registry) -> None:
    parser = registry.add("gui", run_gui, "open the window")
    parser.add_argument("--demo", action="store_true",
                        help="open the demo workspaces (kept in a store of their own)")


def load_window() -> RunWindow:
    """``ui.launch.run``, imported by name so app/ does not depend on ui/."""
    try:
        module = importlib.import_module("ui.launch")
    except ImportError as exc:
        raise DataError(f"the window cannot start here: {exc}") from exc
    return cast(RunWindow, module.run)


def account_dialog(secrets: SecretStore) -> AddAccount:
    """The window's "Add account" (``ui.dialogs.accounts``), bound to ``secrets``.

    The dialog and the channel modules behind it are imported when it is first
    opened, not before the window can appear (``load_window`` found Qt already).
    """

    def open_dialog(parent: Any) -> bool:
        module = importlib.import_module("ui.dialogs.accounts")
        return bool(module.account_opener(secrets)(parent))

    return open_dialog


def run_gui(args: argparse.Namespace, ctx: Context) -> int:
    from services.secrets import SecretStore

    run = load_window()
    data_dir: Path = ctx.data_dir
    settings = load_settings(ctx.paths.settings)
    secrets = SecretStore(session_only=settings.session_only_secrets)  # one per run
    return int(run(data_dir, demo=bool(args.demo), sync_factory=sync_factory(secrets),
                   add_account=account_dialog(secrets), secrets=secrets))
