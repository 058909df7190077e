"""The availability notice as a profile field ("Availability" / "Erreichbarkeit").

``PATCH update_credentials`` replaces *all* profile fields at once, so we read
the owner's own fields (``source.fields``, the raw text) first and send them
back unchanged around ours. Either name counts as ours, so switching the
workspace language renames the field instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.channel import PermanentError
from services.mastodon.api import MastodonApi
from services.mastodon.entities import UnexpectedResponse

__all__ = ["FIELD_NAMES", "MAX_FIELDS", "set_availability_field"]

FIELD_NAMES = {"en": "Availability", "de": "Erreichbarkeit"}
MAX_FIELDS = 4  # Mastodon's default limit of profile fields


def _own_fields(api: MastodonApi) -> list[tuple[str, str]]:
    me = api.get("/api/v1/accounts/verify_credentials")
    source = me.get("source") if isinstance(me, Mapping) else None
    fields = source.get("fields") if isinstance(source, Mapping) else None
    if not isinstance(fields, list):
        raise UnexpectedResponse("the server did not show the profile's fields")
    found = []
    for field in fields:
        if isinstance(field, Mapping) and isinstance(field.get("name"), str):
            found.append((str(field["name"]), str(field.get("value") or "")))
    return found


def set_availability_field(api: MastodonApi, text: str, language: str = "en") -> None:
    """Put ``text`` in our field (empty ``text`` removes it); other fields stay."""
    name = FIELD_NAMES.get(language, FIELD_NAMES["en"])
    ours = {n.casefold() for n in FIELD_NAMES.values()}
    fields = _own_fields(api)
    slot = next((i for i, (n, _) in enumerate(fields) if n.casefold() in ours), None)
    if slot is None and text:
        if len(fields) >= MAX_FIELDS:
            raise PermanentError(f"the profile already has {MAX_FIELDS} fields; remove one"
                                 f" to show the {name!r} notice")
        fields.append((name, text))
    elif slot is not None:
        if text:
            fields[slot] = (name, text)
        else:
            del fields[slot]
    if not fields:
        # An empty set must still be sent, or the server keeps the old fields.
        api.patch("/api/v1/accounts/update_credentials",
                  {"fields_attributes[0][name]": "", "fields_attributes[0][value]": ""})
        return
    data: dict[str, Any] = {}
    for i, (field_name, value) in enumerate(fields):
        data[f"fields_attributes[{i}][name]"] = field_name
        data[f"fields_attributes[{i}][value]"] = value
    api.patch("/api/v1/accounts/update_credentials", data)
