"""The availability notice kept in a profile field on the local instance."""

from __future__ import annotations

import pytest

from services.channel import PermanentError
from tests.services.mastodon.conftest import ChannelFactory
from tests.services.mastodon.server import FakeMastodon


def test_notice_is_added_updated_renamed_and_removed_keeping_other_fields(
        mastodon: FakeMastodon, make_channel: ChannelFactory) -> None:
    mastodon.profile_fields = [{"name": "Website", "value": "https://baeckerei.example"}]
    channel = make_channel()

    channel.update_profile_notice("Mo–Fr 7–18 Uhr", "de")
    assert mastodon.profile_fields == [
        {"name": "Website", "value": "https://baeckerei.example"},
        {"name": "Erreichbarkeit", "value": "Mo–Fr 7–18 Uhr"}]

    channel.update_profile_notice("Mon–Fri 7am–6pm", "en")  # renamed in place, not doubled
    assert mastodon.profile_fields[1] == {"name": "Availability", "value": "Mon–Fri 7am–6pm"}
    assert len(mastodon.profile_fields) == 2

    channel.update_profile_notice("", "en")
    assert mastodon.profile_fields == [{"name": "Website",
                                        "value": "https://baeckerei.example"}]


def test_last_field_removed_and_full_profile_refused(mastodon: FakeMastodon,
                                                     make_channel: ChannelFactory) -> None:
    channel = make_channel()
    channel.update_profile_notice("Heute geschlossen", "de")
    channel.update_profile_notice("", "de")
    assert mastodon.profile_fields == []

    mastodon.profile_fields = [{"name": f"F{i}", "value": "x"} for i in range(4)]
    with pytest.raises(PermanentError, match="already has 4 fields"):
        channel.update_profile_notice("Mo–Fr", "de")
    assert len(mastodon.profile_fields) == 4
