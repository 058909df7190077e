"""Account settings: the instance address is normalized and never plain http remotely."""

from __future__ import annotations

import pytest

from services.mastodon.settings import MastodonSettings, SettingsError, normalize_instance


@pytest.mark.parametrize(("given", "expected"), [
    ("mastodon.social", "https://mastodon.social"),
    ("https://mastodon.social/", "https://mastodon.social"),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
])
def test_instance_is_normalized(given: str, expected: str) -> None:
    assert normalize_instance(given) == expected


@pytest.mark.parametrize(("given", "message"), [
    ("http://mastodon.social", "only https://"),
    ("https://mastodon.social/@baeckerei", "server only"),
    ("ftp://mastodon.social", "not a web address"),
    ("", "missing"),
])
def test_unsafe_or_wrong_instances_are_refused(given: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        normalize_instance(given)


def test_defaults_and_bounds() -> None:
    s = MastodonSettings.from_json({"instance": "mastodon.social", "acct": "@baeckerei",
                                    "account_id": 42})
    assert (s.acct, s.account_id, s.batch_size, s.timeout) == ("baeckerei", "42", 40, 20.0)
    with pytest.raises(SettingsError, match="batch_size"):
        MastodonSettings.from_json({"instance": "mastodon.social", "batch_size": 500})
    with pytest.raises(SettingsError, match="instance"):
        MastodonSettings.from_json({})
