"""Reading commands: workspaces, conversations, show, search (JSON shapes and filters)."""

from __future__ import annotations

from datetime import datetime

from tests.app.cli.conftest import NOW, Cli, Sample

CONVERSATION_KEYS = {"id", "workspace", "account", "stream", "status", "subject", "labels",
                     "unread", "waiting", "last_message_at"}


def ids(result: object) -> list[int]:
    assert isinstance(result, list)
    return [item["id"] for item in result]


def test_workspace_add_then_list_by_json(cli: Cli) -> None:
    added = cli("workspace", "add", "Steuerbüro Klein", "--language", "de", "--json")
    assert added.code == 0, added.err
    listed = cli("workspaces", "--json")
    assert listed.code == 0
    assert listed.json() == [{"id": added.json()["id"], "name": "Steuerbüro Klein",
                              "language": "de"}]


def test_workspaces_table_lists_names(cli: Cli, sample: Sample) -> None:
    result = cli("workspaces")
    assert result.code == 0
    assert "Bäckerei Sonnenschein" in result.out and "Riverside Bikes" in result.out


def test_conversations_json_shape(cli: Cli, sample: Sample) -> None:
    result = cli("conversations", "--json")
    assert result.code == 0, result.err
    items = result.json()
    assert len(items) == 5
    assert all(item.keys() >= CONVERSATION_KEYS for item in items)
    by_id = {item["id"]: item for item in items}
    waiting = by_id[sample.waiting]
    assert waiting["workspace"] == "Bäckerei Sonnenschein"
    assert waiting["account"] == "Bäckerei Sonnenschein"
    assert waiting["channel"] == "email"
    assert (waiting["stream"], waiting["status"], waiting["subject"]) == (
        "direct", "open", "Ostermontag")
    assert waiting["unread"] is True and waiting["waiting"] is True
    assert datetime.fromisoformat(waiting["last_message_at"]).timestamp() == NOW - 3 * 3600
    assert waiting["last_message_at"].endswith("+00:00")
    answered = by_id[sample.answered]
    assert answered["labels"] == ["Bestellung"]
    assert answered["waiting"] is False and answered["unread"] is False
    assert by_id[sample.old_done]["status"] == "done"
    assert by_id[sample.old_done]["waiting"] is False  # done: not waiting for us any more


def test_conversations_newest_activity_first(cli: Cli, sample: Sample) -> None:
    assert ids(cli("conversations", "--json").json()) == [
        sample.waiting, sample.review, sample.mention, sample.answered, sample.old_done]


def test_status_filters(cli: Cli, sample: Sample) -> None:
    assert ids(cli("conversations", "--status", "done", "--json").json()) == [sample.old_done]
    # Longest waiting first; the Listening review waits for nobody.
    assert ids(cli("conversations", "--status", "waiting", "--json").json()) == [
        sample.mention, sample.waiting]
    assert sample.old_done not in ids(cli("conversations", "--status", "open", "--json").json())
    assert cli("conversations", "--status", "snoozed", "--json").json() == []


def test_workspace_stream_label_and_limit_filters(cli: Cli, sample: Sample) -> None:
    by_name = ids(cli("conversations", "--workspace", "riverside bikes", "--json").json())
    by_id = ids(cli("conversations", "--workspace", str(sample.bikes), "--json").json())
    assert by_name == by_id == [sample.review, sample.old_done]
    assert ids(cli("conversations", "--stream", "mentions", "--json").json()) == [sample.mention]
    assert ids(cli("conversations", "--label", "bestellung", "--json").json()) == [
        sample.answered]
    assert ids(cli("conversations", "--limit", "2", "--json").json()) == [
        sample.waiting, sample.review]
    assert ids(cli("conversations", "--unread", "--json").json()) == [
        sample.waiting, sample.review]


def test_label_filter_spans_workspaces_with_the_same_label_name(cli: Cli,
                                                                sample: Sample) -> None:
    assert cli("label", str(sample.review), "Bestellung").code == 0
    assert ids(cli("conversations", "--label", "Bestellung", "--json").json()) == [
        sample.review, sample.answered]
    in_bikes = cli("conversations", "--label", "Bestellung", "--workspace", "Riverside Bikes",
                   "--json")
    assert ids(in_bikes.json()) == [sample.review]


def test_conversations_table_shows_waiting_time(cli: Cli, sample: Sample) -> None:
    result = cli("conversations", "--status", "waiting")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split()[:4] == ["ID", "WORKSPACE", "STREAM", "STATUS"]
    assert any("Ostermontag" in line and "waiting" in line for line in lines)


def test_show_json_has_messages_oldest_first(cli: Cli, sample: Sample) -> None:
    result = cli("show", str(sample.answered), "--json")
    assert result.code == 0, result.err
    detail = result.json()
    assert detail["id"] == sample.answered and detail["labels"] == ["Bestellung"]
    messages = detail["messages"]
    assert [m["direction"] for m in messages] == ["in", "out"]
    assert [m["state"] for m in messages] == ["received", "sent"]
    assert messages[0]["author"] == "Anna Becker"
    assert messages[0]["text"] == "Zwei Bauernbrote für Samstag, bitte."
    assert datetime.fromisoformat(messages[1]["sent_at"]).timestamp() == NOW - 4 * 86_400
    assert {"id", "direction", "author", "sent_at", "text", "state"} <= messages[0].keys()


def test_show_text_prints_the_thread(cli: Cli, sample: Sample) -> None:
    result = cli("show", str(sample.answered))
    assert result.code == 0
    assert "Bestellung Samstag" in result.out
    assert result.out.index("Zwei Bauernbrote") < result.out.index("Gern, liegen bereit.")


def test_search_newest_first_with_filters(cli: Cli, sample: Sample) -> None:
    bikes = 'workspace:"Riverside Bikes"'
    assert ids(cli("search", bikes, "--json").json()) == [sample.review, sample.old_done]
    assert cli("reply", str(sample.old_done), "--text", "Your Brompton is ready.").code == 0
    # The reply is now the newest message of the workspace.
    assert ids(cli("search", bikes, "--json").json()) == [sample.old_done, sample.review]
    assert ids(cli("search", bikes, "--limit", "1", "--json").json()) == [sample.old_done]
    assert ids(cli("search", "brompton", "--json").json()) == [sample.old_done]
    assert ids(cli("search", "zimt*", "--json").json()) == [sample.mention]
    assert ids(cli("search", "stream:mentions", "--json").json()) == [sample.mention]
    assert ids(cli("search", '"liegen bereit"', "--json").json()) == [sample.answered]
    shape = cli("search", "Ostermontag", "--json").json()
    assert shape[0].keys() >= CONVERSATION_KEYS


def test_search_table(cli: Cli, sample: Sample) -> None:
    result = cli("search", "Zimtschnecken")
    assert result.code == 0
    assert "Bäckerei Sonnenschein" in result.out
    assert "(no conversations)" in cli("search", "Fahrradkette").out
