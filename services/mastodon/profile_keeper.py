"""Keeps the Mastodon profile field "Availability" / "Erreichbarkeit" in step with the schedule.

The field says what stays true while Tresen is not running: the weekly hours
with their time zone, and a closure by its dates ("Closed until Monday,
January 5, 2026, 9:00 · …", "… · closed Dec 24–Jan 2: Holidays"). It never
says "open now": a laptop shut at 17:00 would leave that standing all night,
while an absolute date that has passed still reads correctly. So the text
changes only when the schedule does, a closure comes within two weeks, starts
or ends — and only then does the keeper talk to the server.

Account settings keys: ``profile_notice`` (true while the owner wants the
field), ``profile_notice_text`` and ``profile_notice_language`` (what was last
published, written only after the server took it, so a failed update is
simply tried again on the next sync).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

import httpx

from app.availability import (
    LANGUAGES,
    Closure,
    Schedule,
    closure_at,
    format_clock,
    format_hours,
    format_next_open,
    next_open,
)
from app.store.account_settings import update_account_settings
from app.store.away import account_schedule
from app.store.database import Store
from app.store.queries import AccountInfo, accounts
from services.channel import AuthError, PermanentError
from services.mastodon.adapter import MastodonChannel
from services.mastodon.settings import SettingsError
from services.secrets import KeyringUnavailable, SecretStore

__all__ = ["FLAG", "LANGUAGE_KEY", "MAX_LENGTH", "TEXT_KEY", "ProfileNoticeError",
           "ProfileNoticeKeeper", "profile_text"]

FLAG: Final = "profile_notice"
TEXT_KEY: Final = "profile_notice_text"
LANGUAGE_KEY: Final = "profile_notice_language"
MAX_LENGTH: Final = 255  # Mastodon's limit for a profile field's value
LOOKAHEAD_DAYS: Final = 14  # an upcoming closure is announced this many days ahead

_WORDS: Final = {
    "en": {"until": "Closed until {when}", "unknown": "Closed until further notice",
           "upcoming": "closed {span}"},
    "de": {"until": "Geschlossen bis {when}", "unknown": "Geschlossen bis auf Weiteres",
           "upcoming": "geschlossen {span}"},
}
_MONTHS_EN: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                     "Nov", "Dec")


class ProfileNoticeError(PermanentError):
    """The notice cannot be switched on for this account; the message says why."""


def _day(day: date, language: str) -> str:
    if language == "de":
        return f"{day.day}.{day.month}."
    return f"{_MONTHS_EN[day.month - 1]} {day.day}"


def _span(closure: Closure, language: str) -> str:
    """A closure's dates: "Dec 24–Jan 2", "24.12.", "Mar 5, 12:00 PM–3:00 PM"."""
    start = _day(closure.start, language)
    if closure.timed:
        start += f", {format_clock(closure.start_minute, language)}"
        end = format_clock(closure.end_minute, language)
        if closure.end != closure.start:
            end = f"{_day(closure.end, language)}, {end}"
        return f"{start}–{end}"
    return start if closure.end == closure.start else f"{start}–{_day(closure.end, language)}"


def _upcoming(schedule: Schedule, at: datetime) -> Closure | None:
    """The first closure that starts after ``at`` and within ``LOOKAHEAD_DAYS``."""
    zone = schedule.zone
    horizon = at.astimezone(zone).date() + timedelta(days=LOOKAHEAD_DAYS)
    found = [(datetime.combine(c.start, time(c.start_minute // 60, c.start_minute % 60),
                               tzinfo=zone), c) for c in schedule.closures
             if c.start <= horizon]
    later = sorted((start, c.end, c) for start, c in found if start > at)
    return later[0][2] if later else None


def _with(text: str, reason: str) -> str:
    return f"{text}: {reason.strip()}" if reason.strip() else text


def profile_text(schedule: Schedule | None, at: datetime, language: str) -> str:
    """The field's value at ``at``; empty (no field) without a schedule.

    One line, at most ``MAX_LENGTH`` characters. Dates are absolute so the
    text stays honest however long it stands unchanged.
    """
    if schedule is None:
        return ""
    lang = language if language in LANGUAGES else "en"
    words = _WORDS[lang]
    hours = f"{format_hours(schedule.hours, lang)} ({schedule.timezone})"
    closure = closure_at(schedule, at)
    if closure is not None:
        opening = next_open(schedule, at)
        if opening is None:
            head = words["unknown"]
        else:
            # Seen from a week or more before, the formatter writes the date, not
            # just the weekday; the year only when it is not the current one.
            when = format_next_open(opening, min(at, opening - timedelta(days=7)), lang)
            head = words["until"].format(when=when)
        text = f"{_with(head, closure.reason)} · {hours}"
    else:
        soon = _upcoming(schedule, at)
        text = hours
        if soon is not None:
            text += " · " + _with(words["upcoming"].format(span=_span(soon, lang)), soon.reason)
    text = " ".join(text.split())  # one line, whatever the reason's text holds
    return text if len(text) <= MAX_LENGTH else text[:MAX_LENGTH - 1] + "…"


class ProfileNoticeKeeper:
    """The sync engine's maintenance hook for Mastodon accounts with ``profile_notice``.

    Costs nothing on most runs: the text is computed locally and the server
    is contacted only when it differs from what was last published.
    ``enable``/``disable`` are the owner's switch (``tresen account
    profile-notice``). ``transport`` replaces the network for tests.
    """

    def __init__(self, store: Store, secrets: SecretStore,
                 clock: Callable[[], int] | None = None, *,
                 transport: httpx.BaseTransport | None = None) -> None:
        self._store = store
        self._secrets = secrets
        self._clock = clock or store.clock
        self._transport = transport

    def __call__(self, account: AccountInfo) -> None:
        if account.kind != "mastodon":
            return
        current = self._fresh(account)
        if current.settings.get(FLAG):
            self.refresh(current)

    def wanted(self, account: AccountInfo) -> tuple[str, str]:
        """(text, language) the field should show now."""
        conn = self._store.reader()
        language = _language(conn, account.workspace_id)
        now = datetime.fromtimestamp(self._clock(), UTC)
        return profile_text(account_schedule(conn, account.id), now, language), language

    def refresh(self, account: AccountInfo, *, force: bool = False) -> bool:
        """Publish the text if it changed (or ``force``); True if the server was asked."""
        account = self._fresh(account)
        text, language = self.wanted(account)
        settings = account.settings
        if not force and (settings.get(TEXT_KEY) or "") == text \
                and (not text or settings.get(LANGUAGE_KEY) == language):
            return False
        self._publish(account, text, language)
        update_account_settings(self._store, account.id,
                                {TEXT_KEY: text or None, LANGUAGE_KEY: language if text else None})
        return True

    def enable(self, account: AccountInfo) -> tuple[str, str]:
        """Switch on and publish now: (text, language) shown; on failure nothing is on."""
        account = self._check(account)
        if not self.wanted(account)[0]:
            raise ProfileNoticeError("this account's workspace has no opening hours yet; set"
                                     " them first, so the profile can show them")
        update_account_settings(self._store, account.id, {FLAG: True})
        try:
            self.refresh(account, force=True)
        except BaseException:
            update_account_settings(self._store, account.id, {FLAG: None})
            raise
        settings = self._fresh(account).settings
        return str(settings.get(TEXT_KEY) or ""), str(settings.get(LANGUAGE_KEY) or "en")

    def disable(self, account: AccountInfo) -> None:
        """Remove our field from the profile, then switch off (a failure leaves it on)."""
        account = self._check(account)
        language = str(account.settings.get(LANGUAGE_KEY) or "")
        self._publish(account, "", language or _language(self._store.reader(),
                                                         account.workspace_id))
        update_account_settings(self._store, account.id, dict.fromkeys(
            (FLAG, TEXT_KEY, LANGUAGE_KEY)))

    # -- plumbing ------------------------------------------------------------
    def _check(self, account: AccountInfo) -> AccountInfo:
        if account.kind != "mastodon":
            raise ProfileNoticeError(f"{account.identity} is not a Mastodon account; only"
                                     " Mastodon has a profile field for the notice")
        return self._fresh(account)

    def _fresh(self, account: AccountInfo) -> AccountInfo:
        """The account with its settings as stored now (the engine's copy may be older)."""
        found = [a for a in accounts(self._store.reader()) if a.id == account.id]
        return replace(account, settings=found[0].settings) if found else account

    def _publish(self, account: AccountInfo, text: str, language: str) -> None:
        try:
            token = self._secrets.get(account.id)
        except KeyringUnavailable as exc:
            raise AuthError(f"access token needed for {account.identity}: {exc}") from None
        if not token:
            raise AuthError(f"no access token for {account.identity} in the keyring")
        try:
            channel = MastodonChannel(account, token, self._store.reader,
                                      transport=self._transport)
        except SettingsError as exc:
            raise PermanentError(f"the account's settings are incomplete: {exc}") from None
        try:
            channel.update_profile_notice(text, language)
        finally:
            channel.close()


def _language(conn: sqlite3.Connection, workspace_id: int) -> str:
    row = conn.execute("SELECT language FROM workspace WHERE id = ?", (workspace_id,)).fetchone()
    language = str(row[0]) if row else "en"
    return language if language in LANGUAGES else "en"
