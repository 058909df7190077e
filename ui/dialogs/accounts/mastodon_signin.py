"""Mastodon sign-in from the window: ``services.mastodon.oauth.sign_in`` off the GUI thread.

The flow waits minutes for the person to click "Authorize" in the browser,
so it runs on a daemon thread (``Background``); the browser is opened on the
GUI thread through ``QDesktopServices``. Cancelling answers the waiting
loopback listener with an error of our own, so its port closes at once
instead of when the timeout runs out.
"""

from __future__ import annotations

import threading
import urllib.request
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices

from services.mastodon.oauth import SignIn, sign_in
from ui.dialogs.accounts.background import Background

__all__ = ["SIGN_IN_TIMEOUT", "MastodonSignIn"]

SIGN_IN_TIMEOUT = 300.0


def _answer_listener(url: str) -> None:
    """Tell the loopback listener of ``url`` (an authorize URL) that we gave up."""
    query = parse_qs(urlsplit(url).query)
    redirect, state = query.get("redirect_uri", [""])[0], query.get("state", [""])[0]
    if not redirect.startswith("http://127.0.0.1:") or not state:
        return
    target = f"{redirect}?{urlencode({'error': 'cancelled', 'state': state})}"

    def call() -> None:
        try:
            with urllib.request.urlopen(target, timeout=2):  # our own loopback listener
                pass
        except OSError:
            pass  # already closed: nothing is waiting

    threading.Thread(target=call, name="tresen-oauth-cancel", daemon=True).start()


class MastodonSignIn(QObject):
    """One sign-in at a time.

    Signals:
        browser_opened(str): the authorize address the browser was sent to (shown,
            so it can be copied when no browser opens).
        succeeded(object): the ``SignIn`` (token inside: keep it out of logs).
        failed(object): the exception; ``messages.explain_sign_in`` words it.
    """

    browser_opened = Signal(str)
    succeeded = Signal(object)
    failed = Signal(object)
    _open_requested = Signal(str)

    def __init__(self, *, timeout: float = SIGN_IN_TIMEOUT,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout = timeout
        self.running = False
        self._url = ""
        self._background = Background()
        self._open_requested.connect(self._open)

    def start(self, instance: str, lang: str | None = None) -> None:
        self.running = True
        self._url = ""
        timeout = self.timeout

        def job() -> SignIn:
            return sign_in(instance, self._from_worker, timeout=timeout, lang=lang)

        self._background.run(job, self._done, self._failed)

    def cancel(self) -> None:
        """Drop the running attempt and free its loopback port."""
        if not self.running:
            return
        self.running = False
        self._background.cancel()
        if self._url:
            _answer_listener(self._url)

    def _from_worker(self, url: str) -> None:
        self._url = url
        self._open_requested.emit(url)  # queued to the GUI thread

    @Slot(str)
    def _open(self, url: str) -> None:
        if not self.running:
            return
        self.browser_opened.emit(url)
        QDesktopServices.openUrl(QUrl(url))

    def _done(self, result: Any) -> None:
        self.running = False
        self.succeeded.emit(result)

    def _failed(self, exc: Exception) -> None:
        self.running = False
        self.failed.emit(exc)

