"""Triage commands: each changes the store at once and queues what the channel must learn."""

from __future__ import annotations

import io
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.app.cli.conftest import Cli, Sample


def outbox(cli: Cli) -> list[dict[str, object]]:
    result = cli("outbox", "--json")
    assert result.code == 0, result.err
    items: list[dict[str, object]] = result.json()
    return items


def test_reply_queues_message_and_outbox_item(cli: Cli, sample: Sample) -> None:
    before = outbox(cli)
    result = cli("reply", str(sample.waiting), "--text", "Ja, 8–11 Uhr.", "--json")
    assert result.code == 0, result.err
    queued = result.json()
    messages = cli("show", str(sample.waiting), "--json").json()["messages"]
    assert messages[-1]["id"] == queued["message_id"]
    assert (messages[-1]["direction"], messages[-1]["state"], messages[-1]["text"]) == (
        "out", "queued", "Ja, 8–11 Uhr.")
    items = outbox(cli)
    assert len(items) == len(before) + 1
    item = items[-1]
    assert {"id", "kind", "conversation_id", "state", "attempts", "last_error"} <= item.keys()
    assert (item["id"], item["kind"], item["conversation_id"], item["state"],
            item["attempts"], item["last_error"]) == (
        queued["outbox_id"], "reply", sample.waiting, "pending", 0, "")
    assert item["idempotency_key"] == queued["idempotency_key"]
    assert len(str(item["idempotency_key"])) >= 16
    conv = cli("show", str(sample.waiting), "--json").json()
    assert conv["waiting"] is False  # we answered: no longer waiting for us


def test_reply_text_table_output(cli: Cli, sample: Sample) -> None:
    result = cli("reply", str(sample.waiting), "--text", "Ja!")
    assert result.code == 0
    assert result.out.startswith("queued reply ")
    table = cli("outbox").out.splitlines()
    assert table[0].split() == ["ID", "KIND", "CONV", "STATE", "TRIES", "ERROR"]
    assert table[-1].split()[1:5] == ["reply", str(sample.waiting), "pending", "0"]


def test_reply_from_file_and_stdin(cli: Cli, sample: Sample, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    text_file = tmp_path / "antwort.txt"
    text_file.write_text("Guten Tag,\n\nam Ostermontag haben wir zu.\n", encoding="utf-8")
    assert cli("reply", str(sample.waiting), "--text-file", str(text_file)).code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("Thanks – it's ready."))
    assert cli("reply", str(sample.old_done), "--text-file", "-").code == 0
    first = cli("show", str(sample.waiting), "--json").json()["messages"][-1]
    second = cli("show", str(sample.old_done), "--json").json()["messages"][-1]
    assert first["text"] == "Guten Tag,\n\nam Ostermontag haben wir zu."
    assert second["text"] == "Thanks – it's ready."
    assert [i["kind"] for i in outbox(cli)][-2:] == ["reply", "reply"]


def test_label_shows_in_conversations_and_queues(cli: Cli, sample: Sample) -> None:
    result = cli("label", str(sample.waiting), "Rückruf", "--colour", "purple", "--json")
    assert result.code == 0, result.err
    assert result.json()["labels"] == ["Rückruf"]
    listed = {c["id"]: c for c in cli("conversations", "--json").json()}
    assert listed[sample.waiting]["labels"] == ["Rückruf"]
    assert [c["id"] for c in cli("conversations", "--label", "Rückruf", "--json").json()] == [
        sample.waiting]
    assert outbox(cli)[-1]["kind"] == "label"
    assert outbox(cli)[-1]["payload"] == {"label": "Rückruf"}


def test_label_remove(cli: Cli, sample: Sample) -> None:
    result = cli("label", str(sample.answered), "Bestellung", "--remove")
    assert result.code == 0, result.err
    assert "removed" in result.out
    detail = cli("show", str(sample.answered), "--json").json()
    assert detail["labels"] == []
    # The pending "label" item of the fixture was withdrawn rather than answered by "unlabel".
    assert all(i["kind"] != "label" or i["conversation_id"] != sample.answered
               for i in outbox(cli))


def test_done_and_reopen(cli: Cli, sample: Sample) -> None:
    done = cli("done", str(sample.waiting), "--json")
    assert done.code == 0, done.err
    assert done.json()["status"] == "done" and done.json()["waiting"] is False
    assert sample.waiting in [c["id"] for c in
                              cli("conversations", "--status", "done", "--json").json()]
    assert outbox(cli)[-1]["kind"] == "archive"
    reopened = cli("reopen", str(sample.waiting))
    assert reopened.code == 0
    assert reopened.out.strip() == f"conversation {sample.waiting}: reopened"
    listed = cli("conversations", "--status", "waiting", "--json").json()
    assert sample.waiting in [c["id"] for c in listed]
    # archive then unarchive before anything was sent: the channel need not hear of it
    assert all(i["conversation_id"] != sample.waiting for i in outbox(cli))


def test_snooze_until_iso_time_and_duration(cli: Cli, sample: Sample) -> None:
    result = cli("snooze", str(sample.waiting), "--until", "2099-05-01T09:00:00+02:00", "--json")
    assert result.code == 0, result.err
    assert result.json()["status"] == "snoozed"
    assert result.json()["snooze_until"] == "2099-05-01T07:00:00+00:00"
    assert [c["id"] for c in cli("conversations", "--status", "snoozed", "--json").json()] == [
        sample.waiting]
    start = int(time.time())
    assert cli("snooze", str(sample.answered), "--until", "3h").code == 0
    until = cli("show", str(sample.answered), "--json").json()["snooze_until"]
    assert start + 3 * 3600 <= datetime.fromisoformat(until).timestamp() <= time.time() + 3 * 3600
