"""Is the network reachable? Asked of the OS without blocking the window.

Qt's ``QNetworkInformation`` reports reachability changes from the OS
where a backend exists; elsewhere a cheap timer looks for an interface that
is up with an address (no lookup, no connection, so it cannot hang).
Either starts with the first question: loading QtNetwork and its backend
would otherwise delay the window's first paint, which shows no network state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkInformation

CHECK_INTERVAL_MS = 15_000


def _interfaces_up() -> bool:
    from PySide6.QtNetwork import QNetworkInterface

    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        if (flags & QNetworkInterface.InterfaceFlag.IsUp
                and flags & QNetworkInterface.InterfaceFlag.IsRunning
                and not flags & QNetworkInterface.InterfaceFlag.IsLoopBack
                and interface.addressEntries()):
            return True
    return False


class NetworkMonitor(QObject):
    """Signals:
    changed(bool): reachability changed (watched from the first ``online`` on).
    """

    changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, use_os_backend: bool = True) -> None:
        super().__init__(parent)
        self._use_os_backend = use_os_backend
        self._started = False
        self._info: QNetworkInformation | None = None
        self._timer: QTimer | None = None
        self._last = False
        self._reachable: tuple[object, ...] = ()

    def _start(self) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        self._started = True
        if self._use_os_backend and QNetworkInformation.loadBackendByFeatures(
                QNetworkInformation.Feature.Reachability):
            self._info = QNetworkInformation.instance()
            self._reachable = (QNetworkInformation.Reachability.Online,
                               QNetworkInformation.Reachability.Site)
        if self._info is not None:
            self._info.reachabilityChanged.connect(lambda _r: self.changed.emit(self.online))
        else:
            self._last = _interfaces_up()
            self._timer = QTimer(self)
            self._timer.setInterval(CHECK_INTERVAL_MS)
            self._timer.timeout.connect(self._poll)
            self._timer.start()

    @property
    def online(self) -> bool:
        if not self._started:
            self._start()
        if self._info is not None:
            return self._info.reachability() in self._reachable
        return self._last

    def _poll(self) -> None:
        now = _interfaces_up()
        if now != self._last:
            self._last = now
            self.changed.emit(now)
