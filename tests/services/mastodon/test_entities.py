"""Entity checks: the documented shape passes in one step, anything else field by field."""

from __future__ import annotations

from typing import Any

import pytest

from services.mastodon import entities
from services.mastodon.entities import UnexpectedResponse
from tests.services.mastodon.server import FakeMastodon


@pytest.fixture
def documented() -> dict[str, Any]:
    """A mention notification exactly as the API docs show it (never served)."""
    server = FakeMastodon()
    try:
        anna = server.add_account("anna", "Anna Becker", domain="social.example")
        server.add_status(anna, "Habt ihr <b>Dinkelbrot</b>?", visibility="direct",
                          at=1_750_000_000, spoiler="Frage",
                          media=[{"type": "image", "description": "Foto", "url": "https://x/1"}])
        return server.notifications[-1]
    finally:
        server.stop()


def test_documented_notification_is_read(documented: dict[str, Any]) -> None:
    note = entities.notification(documented)
    assert note.type == "mention" and note.id == documented["id"]
    status = note.status
    assert status is not None
    assert (status.id, status.created_at, status.visibility) == (
        documented["status"]["id"], 1_750_000_000, "direct")
    assert status.account == entities.Account(documented["account"]["id"], "anna",
                                              "anna@social.example", "Anna Becker", False)
    assert status.spoiler_text == "Frage" and "Dinkelbrot" in status.content
    assert status.in_reply_to_id is None and status.url.endswith(status.id)
    assert status.media == (entities.MediaAttachment("image", "Foto", "https://x/1"),)


@pytest.mark.parametrize(("odd", "documented_spelling"), [
    ({"id": 110}, {"id": "110"}),
    ({"in_reply_to_id": 7}, {"in_reply_to_id": "7"}),
    ({"url": None}, {"url": ""}),
    ({"spoiler_text": None}, {"spoiler_text": ""}),
    ({"content": None}, {"content": ""}),
    ({"media_attachments": None}, {"media_attachments": []}),
    ({"account": {"id": 5}}, {"account": {"id": "5"}}),
    ({"account": {"display_name": None}}, {"account": {"display_name": ""}}),
    ({"account": {"bot": "yes"}}, {"account": {"bot": False}}),
])
def test_other_servers_shapes_read_as_their_documented_spelling(
        documented: dict[str, Any], odd: dict[str, Any],
        documented_spelling: dict[str, Any]) -> None:
    """Numeric ids and nulls where other servers send them: each one alone, so that
    neither the one-step check nor the field-by-field path can hide the other."""
    raw = documented["status"]

    def variant(change: dict[str, Any]) -> dict[str, Any]:
        account = {**raw["account"], **change.get("account", {})}
        return {**raw, **change, "account": account}

    assert entities.status(variant(odd)) == entities.status(variant(documented_spelling))


@pytest.mark.parametrize(("change", "message"), [
    ({"id": None}, "status without a valid 'id'"),
    ({"id": True}, "status without a valid 'id'"),
    ({"visibility": ["direct"]}, "status without a valid 'visibility'"),
    ({"content": 5.5}, "status without a valid 'content'"),
    ({"url": ["https://x/1"]}, "status without a valid 'url'"),
    ({"spoiler_text": False}, "status without a valid 'spoiler_text'"),
    ({"in_reply_to_id": {"id": "1"}}, "status without a valid 'in_reply_to_id'"),
    ({"created_at": "gestern"}, "status with an invalid 'created_at'"),
    ({"account": "anna"}, "not a account"),
    ({"account": {"id": "1", "acct": "anna"}}, "account without a valid 'username'"),
    ({"media_attachments": ["bild.png"]}, "not a media attachment"),
])
def test_a_wrong_field_is_named(documented: dict[str, Any], change: dict[str, Any],
                                message: str) -> None:
    with pytest.raises(UnexpectedResponse, match=message):
        entities.status({**documented["status"], **change})


def test_a_notification_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(UnexpectedResponse, match="not a notification"):
        entities.notification(["mention"])
    with pytest.raises(UnexpectedResponse, match="notification without a valid 'type'"):
        entities.notification({"id": "1", "type": None})
