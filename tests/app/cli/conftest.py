"""Running the CLI in-process against a real store in a temporary data dir."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.paths import DataPaths
from app.records import Direction, Stream
from app.store import ops
from app.store.database import open_store
from tests.factories import incoming, ingest

NOW = 1_790_000_000  # what the fixture store calls "now"; ops use the real clock


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Cli = Callable[..., Result]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(["--data-dir", str(data_dir), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def store_digest(path: Path) -> str:
    """A digest of every row (not of the file: WAL bookkeeping may differ)."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


@dataclass
class Sample:
    """Ids in the small sample store every CLI test starts from."""

    bakery: int
    bikes: int
    waiting: int  # bakery, direct, unread, customer waiting 3 h
    answered: int  # bakery, direct, we replied last, labelled Bestellung
    mention: int  # bakery, mentions
    old_done: int  # bikes, direct, done
    review: int  # bikes, listening


def _build_sample(path: Path) -> Sample:
    store = open_store(path, lambda: NOW)
    bakery = ops.create_workspace(store, "Bäckerei Sonnenschein", "de")
    bikes = ops.create_workspace(store, "Riverside Bikes", "en")
    mail = ops.create_account(store, bakery, "demo", "Bäckerei Sonnenschein",
                              "hallo@sonnenschein.example", {"channel": "email", "demo": True})
    social = ops.create_account(store, bakery, "demo", "@sonnenschein",
                                "sonnenschein@backen.social",
                                {"channel": "mastodon", "demo": True})
    shop = ops.create_account(store, bikes, "demo", "Riverside Bikes", "workshop@riverside.example",
                              {"channel": "email", "demo": True})
    ingest(store, mail,
           incoming("t1", "Haben Sie am Ostermontag geöffnet?", sent_at=NOW - 3 * 3600,
                    subject="Ostermontag", handle="lea@example.org", author="Lea Krüger"),
           incoming("t2", "Zwei Bauernbrote für Samstag, bitte.", sent_at=NOW - 5 * 86_400,
                    subject="Bestellung Samstag", read=True, remote_id="<t2@example.org>"),
           incoming("t2", "Gern, liegen bereit.", sent_at=NOW - 4 * 86_400,
                    direction=Direction.OUT, author="Bäckerei Sonnenschein",
                    handle="hallo@sonnenschein.example", parents=("<t2@example.org>",),
                    subject="Re: Bestellung Samstag"))
    ingest(store, social,
           incoming("t3", "Die Zimtschnecken von @sonnenschein sind großartig",
                    sent_at=NOW - 2 * 86_400, stream=Stream.MENTIONS, subject="",
                    handle="@jonas@freiburg.social", author="Jonas", read=True))
    ingest(store, shop,
           incoming("t4", "Is my Brompton ready? Ticket 4711.", sent_at=NOW - 20 * 86_400,
                    subject="Brompton repair", handle="sam@example.com", author="Sam Reid",
                    read=True),
           incoming("t5", "Honest mechanics, fair prices.", sent_at=NOW - 86_400,
                    stream=Stream.LISTENING, subject="★★★★★ Riverside Bikes",
                    handle="commuter12", author="commuter12"))
    ids = {row[0]: row[1] for row in store.reader().execute(
        "SELECT thread_key, id FROM conversation")}
    ops.set_label(store, ids["t2"], "Bestellung", colour="blue")
    ops.mark_done(store, ids["t4"])
    store.close()
    return Sample(bakery, bikes, ids["t1"], ids["t2"], ids["t3"], ids["t4"], ids["t5"])


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Sample]:
    path = tmp_path_factory.mktemp("sample") / "tresen.sqlite3"
    ids = _build_sample(path)  # closing the store folds the WAL into the file
    return path, ids


@pytest.fixture
def sample(data_dir: Path, _sample_template: tuple[Path, Sample]) -> Sample:
    """A fresh copy of a small store: two workspaces, five conversations."""
    template, ids = _sample_template
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, DataPaths(data_dir).store)
    return ids
