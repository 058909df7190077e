"""The exclusion table, shared by the guard tests and the end-to-end auto-reply tests."""

from __future__ import annotations

OWN = ("laden@radladen.de", "info@radladen.de")
CUSTOMER = "anna@example.org"
PLAIN: dict[str, str] = {
    "From": "Anna Berg <anna@example.org>",
    "To": "Radladen <laden@radladen.de>",
    "Subject": "Ist mein Rad fertig?",
    "Return-Path": "<anna@example.org>",
    "Message-ID": "<q1@example.org>",
}

# (label, extra headers, sender, is_bot, expected start of the reason)
EXCLUDED: list[tuple[str, dict[str, str], str, bool, str]] = [
    ("auto-replied", {"Auto-Submitted": "auto-replied"}, CUSTOMER, False, "Auto-Submitted"),
    ("vacation", {"Auto-Submitted": "auto-replied (vacation)"}, CUSTOMER, False, "Auto-Submitted"),
    ("auto-generated", {"auto-submitted": "Auto-Generated"}, CUSTOMER, False, "Auto-Submitted"),
    ("auto-notified", {"Auto-Submitted": "auto-notified; x=y"}, CUSTOMER, False, "Auto-Submitted"),
    ("null return path", {"Return-Path": "<>"}, CUSTOMER, False, "the Return-Path is null"),
    ("null return path spaced", {"Return-Path": "< >"}, CUSTOMER, False, "the Return-Path is null"),
    ("bulk", {"Precedence": "bulk"}, CUSTOMER, False, "Precedence: bulk"),
    ("list", {"Precedence": "LIST"}, CUSTOMER, False, "Precedence: LIST"),
    ("junk", {"Precedence": "junk"}, CUSTOMER, False, "Precedence: junk"),
    ("list-id", {"List-Id": "<radler.lists.example.org>"}, CUSTOMER, False, "the List-Id header"),
    ("list-unsubscribe", {"List-Unsubscribe": "<mailto:u@x>"}, CUSTOMER, False, "the List-Unsub"),
    ("list-post lower", {"list-post": "<mailto:l@x>"}, CUSTOMER, False, "the List-Post header"),
    ("suppress all", {"X-Auto-Response-Suppress": "All"}, CUSTOMER, False, "X-Auto-Response"),
    ("suppress oof", {"X-Auto-Response-Suppress": "DR, OOF"}, CUSTOMER, False, "X-Auto-Response"),
    ("suppress autoreply", {"X-Auto-Response-Suppress": "AutoReply"}, CUSTOMER, False, "X-Auto"),
    ("mailer-daemon", {}, "MAILER-DAEMON@mx.example", False, "mailer-daemon@mx.example is a sys"),
    ("postmaster", {}, "postmaster@example.org", False, "postmaster@example.org is a system"),
    ("listserv", {}, "LISTSERV@lists.example.org", False, "listserv@lists.example.org is a system"),
    ("majordomo", {}, "majordomo@example.org", False, "majordomo@example.org is a system"),
    ("owner-", {}, "owner-radler@example.org", False, "owner-radler@example.org is a system"),
    ("-request", {}, "radler-request@example.org", False, "radler-request@example.org is a system"),
    ("noreply", {}, "noreply@shop.example", False, "noreply@shop.example is a no-reply"),
    ("no-reply", {}, "Shop <No-Reply@shop.example>", False, "no-reply@shop.example is a no-reply"),
    ("no_reply", {}, "no_reply@shop.example", False, "no_reply@shop.example is a no-reply"),
    ("do-not-reply", {}, "do-not-reply@bank.example", False, "do-not-reply@bank.example is a no"),
    ("donotreply", {}, "DoNotReply@bank.example", False, "donotreply@bank.example is a no-reply"),
    ("noreply suffix", {}, "shop.noreply@shop.example", False, "shop.noreply@shop.example is a no"),
    ("bounce", {}, "bounce@news.example", False, "bounce@news.example is a bounce"),
    ("verp bounces", {}, "bounces+anna=example.org@news.example", False, "bounces+anna=example"),
    ("our own address", {}, "Laden <LADEN@radladen.de>", False, "laden@radladen.de is one of our"),
    ("our other address", {}, "info@radladen.de", False, "info@radladen.de is one of our own"),
    ("bot", {}, "@newsbot@mastodon.example", True, "the sender is marked as a bot"),
    ("no sender", {}, "  ", False, "the message has no sender address"),
    ("bcc only", {"To": "kunden@example.org"}, CUSTOMER, False, "none of our addresses"),
]
