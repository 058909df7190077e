"""``tresen availability``: a schedule file in, status and export out, bad files refused."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.cli.conftest import Cli

NEVER_OPEN = {
    "timezone": "Europe/Berlin",
    "business_name": "Bäckerei Sonnenschein",
    "language": "de",
    "hours": {"mon": [], "sun": []},
    "closures": [{"start": "2026-12-24", "end": "2026-12-26", "reason": "Weihnachten"}],
    "templates": {"de": "Danke! {business_name} meldet sich, sobald wir wieder da sind.",
                  "en": "Thanks! {business_name} will answer when we are back."},
    "auto_reply": {"enabled": True, "period_days": 4},
}


def _write(tmp_path: Path, data: object, name: str = "schedule.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_set_status_and_export_round_trip(cli: Cli, tmp_path: Path) -> None:
    assert cli("workspace", "add", "Bäckerei").code == 0
    status = cli("availability", "status", "--workspace", "Bäckerei", "--json").json()
    assert (status["schedule"], status["open"], status["notice"]) == (False, True, None)

    result = cli("availability", "set", "--workspace", "Bäckerei", "--from-file",
                 str(_write(tmp_path, NEVER_OPEN)))
    assert result.code == 0, result.err
    status = cli("availability", "status", "--workspace", "1", "--json").json()
    assert status["open"] is False and status["next_open"] is None
    assert status["notice"] == (
        "Danke! Bäckerei Sonnenschein meldet sich, sobald wir wieder da sind.")

    exported = cli("availability", "export", "--workspace", "Bäckerei")
    assert exported.code == 0
    data = json.loads(exported.out)
    assert data["closures"][0]["reason"] == "Weihnachten"
    # The export is a file another client's workspace can take as it is.
    assert cli("workspace", "add", "Radladen").code == 0
    copy = _write(tmp_path, data, "copy.json")
    assert cli("availability", "set", "--workspace", "Radladen", "--from-file", str(copy)).code == 0
    assert cli("availability", "export", "--workspace", "Radladen").out == exported.out
    listing = cli("availability", "status", "--json").json()
    assert [item["workspace"] for item in listing] == ["Bäckerei", "Radladen"]


def test_malformed_files_name_the_field_and_save_nothing(cli: Cli, tmp_path: Path) -> None:
    cli("workspace", "add", "Bäckerei")
    cli("availability", "set", "--workspace", "Bäckerei", "--from-file",
        str(_write(tmp_path, NEVER_OPEN)))
    before = cli("availability", "export", "--workspace", "Bäckerei").out
    bad_cases = {
        "templates.de": {**NEVER_OPEN, "templates": {"de": "Ab {nxt_open}"}},
        "hours.mon[0]": {**NEVER_OPEN, "hours": {"mon": [["09:00", "25:00"]]}},
        "timezone": {**NEVER_OPEN, "timezone": "Mars/Olympus"},
        "closures[0]": {**NEVER_OPEN, "closures": [{"start": "2026-13-01", "end": "x"}]},
    }
    for field, data in bad_cases.items():
        result = cli("availability", "set", "--workspace", "Bäckerei", "--from-file",
                     str(_write(tmp_path, data)))
        assert result.code == 1, field
        assert field in result.err and result.err.count("\n") == 1, result.err
    broken = tmp_path / "broken.json"
    broken.write_text('{"timezone": "Europe/Ber', encoding="utf-8")
    result = cli("availability", "set", "--workspace", "Bäckerei", "--from-file", str(broken))
    assert result.code == 1 and "not valid JSON" in result.err
    assert cli("availability", "export", "--workspace", "Bäckerei").out == before


def test_switching_off_and_unknown_workspace(cli: Cli, tmp_path: Path) -> None:
    cli("workspace", "add", "Bäckerei")
    cli("availability", "set", "--workspace", "Bäckerei", "--from-file",
        str(_write(tmp_path, NEVER_OPEN)))
    assert cli("availability", "set", "--workspace", "Bäckerei", "--off").code == 0
    assert cli("availability", "status", "--workspace", "Bäckerei", "--json").json()["open"]
    result = cli("availability", "export", "--workspace", "Nirgendwo")
    assert result.code == 1 and "Nirgendwo" in result.err


def test_an_account_can_have_hours_of_its_own(cli: Cli, tmp_path: Path) -> None:
    from app.paths import DataPaths
    from app.store import ops
    from app.store.away import account_schedule
    from app.store.database import open_store

    cli("workspace", "add", "Bäckerei")
    cli("availability", "set", "--workspace", "Bäckerei", "--from-file",
        str(_write(tmp_path, NEVER_OPEN)))
    store = open_store(DataPaths(tmp_path / "data").store)
    acc = ops.create_account(store, 1, "demo", "Laden", "laden@example.org")
    own = {**NEVER_OPEN, "timezone": "Europe/Vienna"}
    assert cli("availability", "set", "--account", str(acc), "--from-file",
               str(_write(tmp_path, own, "own.json"))).code == 0
    schedule = account_schedule(store.reader(), acc)
    assert schedule is not None and schedule.timezone == "Europe/Vienna"
    assert cli("availability", "set", "--account", str(acc), "--off").code == 0
    schedule = account_schedule(store.reader(), acc)
    assert schedule is not None and schedule.timezone == "Europe/Berlin"
    assert cli("availability", "set", "--account", "999", "--off").code == 1
    store.close()
