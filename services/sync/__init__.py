"""Syncing accounts: the engine, its retry policy and its cross-process lock."""

from services.sync.engine import ChannelFactory, Progress, SyncEngine
from services.sync.lock import SyncBusyError, SyncLock
from services.sync.optional import ReportsTotal, WaitsForChanges
from services.sync.report import AccountReport, SyncReport
from services.sync.retry import RetryPolicy

__all__ = ["AccountReport", "ChannelFactory", "Progress", "ReportsTotal", "RetryPolicy",
           "SyncBusyError", "SyncEngine", "SyncLock", "SyncReport", "WaitsForChanges"]
