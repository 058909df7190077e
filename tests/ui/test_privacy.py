"""The privacy canary: rendering hostile HTML fetches nothing, remote or local."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.store.database import Store
from app.store.queries import View
from tests.factories import incoming, ingest, workspace_with_account
from tests.ui.conftest import settle
from ui.main_window import MainWindow
from ui.widgets.safe_browser import SafeBrowser

_POLLER = """
import os, sys, time
fifo, log = sys.argv[1], sys.argv[2]
while True:
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # ENXIO: nobody has the file open for reading
        time.sleep(0.001)
        continue
    os.close(fd)
    with open(log, "a") as out:
        out.write("x")
    time.sleep(0.01)
"""


class FileCanary:
    """A FIFO standing in for a local image: any open() for reading is recorded.

    A writer in another *process* opens the FIFO non-blockingly, which only
    succeeds while someone holds it open for reading; that is the observable.
    (A thread would not do: the GUI thread blocks in open() holding the GIL.)
    """

    def __init__(self, directory: Path) -> None:
        self.path = directory / "pixel.png"
        os.mkfifo(self.path)
        self._log = directory / "opened.log"
        self._proc = subprocess.Popen([sys.executable, "-c", _POLLER, str(self.path),
                                       str(self._log)])

    @property
    def opens(self) -> int:
        try:
            return len(self._log.read_text())
        except OSError:
            return 0

    def stop(self) -> None:
        self._proc.kill()
        self._proc.wait()


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def http_canary() -> Iterator[tuple[str, list[str]]]:
    hits: ClassVar[list[str]] = []
    handler = type("Counter", (_Counter,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


@pytest.fixture
def file_canary(tmp_path: Path) -> Iterator[FileCanary]:
    canary = FileCanary(tmp_path)
    yield canary
    canary.stop()


def hostile_html(base: str, local: Path) -> str:
    return f"""
    <html><head>
      <link rel="stylesheet" href="{base}/style.css">
      <link rel="stylesheet" href="file://{local}">
      <style>
        @import url({base}/import.css);
        body {{ background-image: url({base}/body.png); }}
        p {{ background: url(file://{local}); }}
      </style></head>
    <body background="{base}/background.png">
      <p>Hallo! <img src="{base}/pixel.gif?u=anna" width=1 height=1></p>
      <img src="file://{local}"><img src="{local}"><img src="pixel.png">
      <div style="background-image: url({base}/inline.png)">Angebot</div>
      <table background="file://{local}"><tr><td background="{base}/td.png">x</td></tr></table>
      <a href="https://shop.example/deal">Unser Angebot</a>
    </body></html>"""


def _render(qtbot: QtBot, browser: QTextBrowser, html: str) -> None:
    qtbot.addWidget(browser)
    browser.resize(500, 400)
    browser.setHtml(html)
    browser.show()
    qtbot.waitExposed(browser)
    browser.grab()
    qtbot.wait(150)


def test_safe_browser_fetches_nothing(qtbot: QtBot, http_canary: tuple[str, list[str]],
                                      file_canary: FileCanary) -> None:
    base, hits = http_canary
    browser = SafeBrowser()
    blocked: list[str] = []
    browser.resource_blocked.connect(lambda url: blocked.append(url.toString()))
    _render(qtbot, browser, hostile_html(base, file_canary.path))
    assert "Hallo!" in browser.toPlainText()
    assert blocked, "the document asked for resources and was refused"
    assert hits == []
    assert file_canary.opens == 0


@pytest.mark.qt_log_ignore(r"QFile::at")
def test_canary_detects_a_plain_text_browser_reading_local_files(
        qtbot: QtBot, file_canary: FileCanary) -> None:
    """The control: without our guard Qt itself opens the ``file:`` image."""
    _render(qtbot, QTextBrowser(), f'<img src="file://{file_canary.path}">')
    qtbot.waitUntil(lambda: file_canary.opens > 0, timeout=3_000)


def test_http_canary_counts_requests(http_canary: tuple[str, list[str]]) -> None:
    import urllib.request

    base, hits = http_canary
    urllib.request.urlopen(f"{base}/probe", timeout=5).close()
    assert hits == ["/probe"]


def test_hostile_message_in_the_window_fetches_nothing(
        qtbot: QtBot, make_window, store: Store, http_canary: tuple[str, list[str]],
        file_canary: FileCanary) -> None:
    base, hits = http_canary
    _ws, acc = workspace_with_account(store)
    ingest(store, acc, incoming("t-spam", "Angebot", sent_at=store.clock() - 60,
                                html=hostile_html(base, file_canary.path)))
    window: MainWindow = make_window()
    window.sidebar.select_key(("view", None, View.OPEN))
    window.inbox.select_row(0)
    window.conversation.browser.grab()
    qtbot.wait(150)
    settle(qtbot, window)
    assert "Hallo!" in window.conversation.thread_text()
    assert hits == []
    assert file_canary.opens == 0


def test_links_open_only_after_confirmation(qtbot: QtBot) -> None:
    opened: list[str] = []

    class Receiver(QWidget):
        @Slot(QUrl)
        def open_url(self, url: QUrl) -> None:
            opened.append(url.toString())

    receiver = Receiver()
    qtbot.addWidget(receiver)
    QDesktopServices.setUrlHandler("https", receiver, "open_url")
    try:
        browser = SafeBrowser()
        _render(qtbot, browser, '<a href="https://evil.example/login?x=1">https://bank.example</a>')
        browser.anchorClicked.emit(QUrl("https://evil.example/login?x=1"))
        box = browser.link_dialog
        assert box is not None and box.isVisible()
        assert "https://evil.example/login?x=1" in box.text()
        assert opened == []
        assert browser.toPlainText().strip() == "https://bank.example", "no navigation"
        box.button(box.StandardButton.Open).click()
        assert opened == ["https://evil.example/login?x=1"]
    finally:
        QDesktopServices.unsetUrlHandler("https")
