"""RFC 3834 / Pigeonhole loop guards: who must never get an automatic notice."""

from __future__ import annotations

from email import message_from_string

import pytest

from app.availability import exclusion_reason, normalize_address
from tests.app.availability.cases import CUSTOMER, EXCLUDED, OWN, PLAIN


@pytest.mark.parametrize(
    ("extra", "sender", "is_bot", "expected"),
    [case[1:] for case in EXCLUDED],
    ids=[case[0] for case in EXCLUDED],
)
def test_excluded_messages_say_why(
    extra: dict[str, str], sender: str, is_bot: bool, expected: str
) -> None:
    reason = exclusion_reason({**PLAIN, **extra}, sender, OWN, is_bot=is_bot)
    assert reason is not None
    assert reason.startswith(expected)


@pytest.mark.parametrize(
    ("extra", "sender"),
    [
        ({}, CUSTOMER),
        ({"Auto-Submitted": "no"}, CUSTOMER),
        ({"Auto-Submitted": "No (a person wrote this)"}, CUSTOMER),
        ({"Precedence": "first-class"}, CUSTOMER),
        ({"X-Auto-Response-Suppress": "DR, RN, NRN"}, CUSTOMER),  # receipts only
        ({"Cc": "Info <INFO@radladen.de>", "To": "someone@example.org"}, CUSTOMER),
        ({}, "bouncer@club.example"),  # a person, not a bounce address
        ({}, "norbert@example.org"),
        ({}, "replies@example.org"),
    ],
)
def test_personal_messages_are_not_excluded(extra: dict[str, str], sender: str) -> None:
    assert exclusion_reason({**PLAIN, **extra}, sender, OWN) is None


def test_header_names_are_case_insensitive_in_any_container() -> None:
    pairs = [("AUTO-SUBMITTED", "auto-replied"), ("To", "laden@radladen.de")]
    assert exclusion_reason(pairs, CUSTOMER, OWN) is not None
    raw = "Auto-submitted: auto-generated\nTo: laden@radladen.de\nSubject: x\n\nbody\n"
    assert exclusion_reason(message_from_string(raw), CUSTOMER, OWN) is not None
    plain = message_from_string("From: anna@example.org\nTo: laden@radladen.de\n\nHallo\n")
    assert exclusion_reason(plain, CUSTOMER, OWN) is None


def test_channels_without_mail_headers_only_check_sender_and_bot() -> None:
    assert exclusion_reason({}, "@anna@mastodon.example", ["@radladen@mastodon.example"]) is None
    assert exclusion_reason({}, "@Radladen@mastodon.example", ["@radladen@mastodon.example"])


def test_recipient_check_can_be_switched_off() -> None:
    headers = {**PLAIN, "To": "kunden@example.org"}
    assert exclusion_reason(headers, CUSTOMER, OWN, check_recipients=False) is None


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [("Anna <Anna@Example.org>", "anna@example.org"), (" <b@x.de> ", "b@x.de"),
     ("@Anna@Mastodon.Example", "anna@mastodon.example"), ("c@x.de", "c@x.de")],
)  # fmt: skip
def test_normalize_address(raw: str, normalized: str) -> None:
    assert normalize_address(raw) == normalized
