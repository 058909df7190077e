"""The account's settings JSON: what is written back, and what follows the defaults."""

from __future__ import annotations

from services.email.settings import BATCH_SIZE, EmailSettings

BASE = {"imap_host": "127.0.0.1", "imap_security": "none", "smtp_host": "127.0.0.1",
        "smtp_security": "none", "username": "hallo@baeckerei.example"}


def test_the_batch_size_is_written_only_when_set_so_accounts_follow_the_default() -> None:
    default = EmailSettings.from_json(BASE)
    assert default.batch_size == BATCH_SIZE
    assert "batch_size" not in default.to_json()
    assert EmailSettings.from_json(default.to_json()) == default
    custom = EmailSettings.from_json({**BASE, "batch_size": 50})
    assert custom.to_json()["batch_size"] == 50
    assert EmailSettings.from_json(custom.to_json()) == custom
