"""The fast path for plain single-part mail gives exactly what the full parse gives."""

from __future__ import annotations

import random
from datetime import UTC
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

import pytest

from services.email.mime import (
    _addresses,
    _date_epoch,
    _decode_words,
    _epoch,
    _Head,
    _plain_addresses,
    _sent_at,
    _simple,
    _split_head,
    parse_message,
)

OURS = ("hallo@baeckerei.example",)


def _mail(*headers: str, body: bytes = b"Hallo Anna,\r\nbis Samstag!\r\n", nl: str = "\r\n",
          ) -> bytes:
    head = nl.join(headers).encode("utf-8")
    return head + nl.encode() + nl.encode() + body.replace(b"\r\n", nl.encode())


BASE = ("From: Anna Becker <anna@example.org>", "To: hallo@baeckerei.example",
        "Subject: Torte", "Date: Tue, 03 Jun 2025 10:00:00 +0200",
        "Message-ID: <t1@example.org>")

FAST = {
    "no content type": _mail(*BASE),
    "text/plain utf-8": _mail(*BASE, "Content-Type: text/plain; charset=utf-8",
                              body="Grüße aus Köln\r\n".encode()),
    "quoted charset, flowed": _mail(*BASE, 'Content-Type: text/plain; charset="ISO-8859-1";'
                                           " format=flowed",
                                    body="Grüße\r\n".encode("latin-1")),
    "lying charset": _mail(*BASE, "Content-Type: text/plain; charset=us-ascii",
                           body="Grüße\r\n".encode("latin-1")),
    "unknown charset": _mail(*BASE, "Content-Type: text/plain; charset=x-klingon",
                             body=b"Qapla'\r\n"),
    "quoted-printable": _mail(*BASE, "Content-Type: text/plain; charset=utf-8",
                              "Content-Transfer-Encoding: quoted-printable",
                              body=b"Gr=C3=BC=C3=9Fe, eine sehr lange Zeile mit Umbruch=\r\n"
                                   b" danach\r\n"),
    "html only": _mail(*BASE, "Content-Type: text/html; charset=utf-8",
                       body=b"<p>Hallo <b>Welt</b><script>alert(1)</script></p>\r\n"),
    "LF line endings": _mail(*BASE, "Content-Type: text/plain", nl="\n"),
    "folded, encoded, reply": _mail(
        "From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <j@example.org>",
        "To: Bäckerei <hallo@baeckerei.example>", "Subject: =?utf-8?b?UmU6IFRvcnRl?=",
        "Date: Tue, 03 Jun 2025 10:00:00 +0200", "Message-ID: <t2@example.org>",
        "In-Reply-To: <t1@example.org>",
        "References: <t0@example.org>\r\n\t<t1@example.org>",
        "Reply-To: Jürgen <juergen@example.org>", "Auto-Submitted: auto-replied",
        "List-Id: <kunden.example.org>", "Content-Type: text/plain;\r\n charset=utf-8"),
    "8-bit headers": _mail("From: Jörg Weiß <joerg@example.org>", "To: hallo@baeckerei.example",
                           "Subject: Brötchen für Montag", "Message-ID: <t3@example.org>"),
    "ours, to two": _mail("From: Bäckerei <hallo@baeckerei.example>",
                          "To: Anna <anna@example.org>, b@example.org",
                          "Cc: \"Becker, Anna\" <anna@example.org>", "Subject: Re: Torte",
                          "Message-ID: <t4@example.org>"),
    "quoted display name": _mail('From: "Becker, Anna (Büro)" <Anna.Becker@Example.ORG>',
                                 "Subject: Hallo", "Date: nonsense"),
    "no message id, no date": _mail("From: anna@example.org", "Subject: ohne alles"),
    "CTE 8bit, duplicate header": _mail(*BASE, "Subject: zweiter Betreff",
                                        "Content-Transfer-Encoding: 8bit"),
    "empty body": _mail(*BASE, body=b""),
}

FULL = {
    "multipart": _mail(*BASE, 'Content-Type: multipart/alternative; boundary="b"',
                       body=b"--b\r\nContent-Type: text/plain\r\n\r\nHallo\r\n--b--\r\n"),
    "base64": _mail(*BASE, "Content-Type: text/plain; charset=utf-8",
                    "Content-Transfer-Encoding: base64", body=b"R3LDvMOfZQ==\r\n"),
    "attachment": _mail(*BASE, "Content-Type: text/plain; name=notiz.txt"),
    "disposition": _mail(*BASE, "Content-Disposition: attachment; filename=a.txt"),
    "pdf": _mail(*BASE, "Content-Type: application/pdf"),
    "no blank line": b"From: anna@example.org\r\nSubject: kaputt\r\n",
    "broken header line": _mail(*BASE, "Das ist kein Header"),
    "space before colon": _mail(*BASE, "Subject : komisch"),
    "mbox From line": _mail("From anna@example.org Tue Jun  3 10:00:00 2025", *BASE),
    "mixed line endings": _mail(*BASE).replace(b"Subject: Torte\r\n", b"Subject: Torte\n"),
    "rfc2231 charset": _mail(*BASE, "Content-Type: text/plain; charset*=utf-8''utf-8"),
}


@pytest.mark.parametrize("name", list(FAST))
def test_the_fast_path_reads_plain_mail_exactly_as_the_full_parse(name: str) -> None:
    raw = FAST[name]
    assert _simple(raw) is not None, "this message should take the fast path"
    for flags in ((), ("\\Seen",)):
        fast = parse_message(raw, our_addresses=OURS, folder="INBOX", flags=flags,
                             keywords=("VIP",), internal_date=1_780_000_000)
        full = parse_message(raw, our_addresses=OURS, folder="INBOX", flags=flags,
                             keywords=("VIP",), internal_date=1_780_000_000, fast=False)
        assert fast == full


@pytest.mark.parametrize("name", list(FULL))
def test_anything_unusual_takes_the_full_parse(name: str) -> None:
    raw = FULL[name]
    assert _simple(raw) is None
    assert parse_message(raw, our_addresses=OURS) == parse_message(raw, our_addresses=OURS,
                                                                   fast=False)


def test_the_fast_path_keeps_what_matters() -> None:
    msg = parse_message(FAST["folded, encoded, reply"], our_addresses=OURS)
    assert (msg.author_name, msg.author_handle) == ("Jürgen Müller", "j@example.org")
    assert (msg.contact_name, msg.contact_handle) == ("Jürgen", "juergen@example.org")
    assert msg.subject == "Re: Torte"
    assert msg.parent_ids == ("<t0@example.org>", "<t1@example.org>")
    assert msg.meta["h:auto-submitted"] == "auto-replied"
    qp = parse_message(FAST["quoted-printable"], our_addresses=OURS)
    assert qp.text == "Grüße, eine sehr lange Zeile mit Umbruch danach\r\n"
    assert parse_message(FAST["8-bit headers"], our_addresses=OURS).subject == (
        "Brötchen für Montag")


# The fast readers of dates, addresses and header blocks against what they replace.

def _stdlib_epoch(value: str) -> int | None:
    """What the module made of a Date header before the fast reading (None: unreadable)."""
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return int((when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp())


DATES = [
    "Tue, 26 May 2026 12:34:56 +0200", "26 May 2026 12:34:56 +0200",
    "Tue, 26 May 2026 12:34 +0200", "Tue, 3 Jun 2025 10:00:00 -0700",
    "Tue, 03 Jun 2025 10:00:00 GMT", "3 Jun 2025 10:00 UT", "Tue, 3 Jun 2025 10:00:00 +0000",
    "Tue, 3 Jun 2025 10:00:00 -0000", "3 jun 2025 10:00:00 est", "Tue, 3 Jun 2025 10:00:00 PDT",
    "Tue, 3 Jun 2025 10:00:00 Z", "Tue, 3 Jun 2025 10:00:00 A", "Tue, 3 Jun 2025 10:00:00 CEST",
    "Tue, 3 Jun 2025 10:00:00", "Tue, 3 Jun 25 10:00:00 +0100", "Tue, 3 Jun 69 10:00:00 +0100",
    "3 Jun 0068 10:00:00 +0100", "3 Jun 999 10:00:00 +0100",
    "Tue, 3 Jun 2025 10:00:00 +0200 (CEST)", "Tue, 3 Jun 2025 10:00:00 +0200 (=?utf-8?q?x?=)",
    "Tue 3 Jun 2025 10:00:00 +0200", "Tue,3 Jun 2025 10:00:00 +0200",
    "Xyz, 3 Jun 2025 10:00 +0200", "Tue, 29 Feb 2025 10:00:00 +0200",
    "Thu, 29 Feb 2024 10:00:00 +0200", "Tue, 31 Apr 2025 10:00 +0200",
    "Tue, 0 Jun 2025 10:00:00 +0200", "Tue, 3 Jun 2025 24:00:00 +0200",
    "Tue, 3 Jun 2025 10:60:00 +0200", "Tue, 3 Jun 2025 23:59:60 +0200",
    "Tue, 3 Jun 2025 10:00:00 +2400", "Tue, 3 Jun 2025 10:00 +0160",
    "Tue, 3 Jun 2025 10:00:00 +9999", "Tue, 3 Jun 2025 10:00:00 +02:00",
    "Tue, 3 Jun 2025 10.00.00 +0200", "Tue, 3 June 2025 10:00:00 +0200",
    "Tue, 3 Mai 2025 10:00:00 +0200", "Tue, 3 \u017fep 2025 10:00 +0200",
    "Tue, \u0663 Jun 2025 10:00:00 +0200", "Tue, 3 Jun 2025 10:00:00 +\u0660200",
    "Jun 3 2025 10:00 +0200", "2025-06-03T10:00:00+02:00", "", "   ", "nonsense", "Tue,",
    "Tue, 3 Jun", "Tue,  3 Jun 2025 10:00 +0200",
]
DATES += [f"Tue, {d} {m} 2025 10:00:00 +0100" for d in (1, 9, 15, 28, 30, 31)
          for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec", "jan", "DEC")]


def _random_date(rnd: random.Random) -> str:
    parts = []
    if rnd.random() < 0.7:
        parts.append(rnd.choice(["Mon", "tue", "WED", "Thu", "Xyz", "Mo", "Sunday"])
                     + rnd.choice([",", ",", "", ",,"]))
    parts.append(str(rnd.choice([rnd.randint(0, 32), rnd.randint(1, 28)])).zfill(rnd.randint(1, 2)))
    parts.append(rnd.choice(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                             "Nov", "Dec", "jan", "DEC", "June", "Foo"]))
    parts.append(rnd.choice([str(rnd.randint(1900, 2100)), str(rnd.randint(0, 99)).zfill(2),
                             str(rnd.randint(0, 9999)).zfill(4), "10000"]))
    clock = f"{rnd.randint(0, 25):02d}:{rnd.randint(0, 61):02d}"
    if rnd.random() < 0.7:
        clock += f":{rnd.choice([rnd.randint(0, 61), 59, 60]):02d}"
    parts.append(clock)
    zone = rnd.choice(["+0000", "-0000", "+0200", "-0730", "+2359", "-2400", "+0060", "GMT",
                       "UT", "UTC", "Z", "EST", "edt", "CDT", "MST", "PDT", "AST", "M", "CEST",
                       "", "+02:00", "0200"])
    if zone:
        parts.append(zone)
    if rnd.random() < 0.2:
        parts.append(rnd.choice(["(CEST)", "x y", "+0100"]))
    return rnd.choice([" ", " ", "  ", "\t"]).join(parts)


def test_the_fast_date_reading_gives_what_the_stdlib_gives() -> None:
    rnd = random.Random(5322)
    values = DATES + [_random_date(rnd) for _ in range(5000)]
    fast = 0
    for value in values:
        expected = _stdlib_epoch(value)
        got = _date_epoch(value)
        if got is not None:
            fast += 1
            assert got == expected, value
        assert _epoch(value, 7) == (7 if expected is None else expected), value
        head = _Head({"date": value})
        assert _sent_at(head, 7) == (7 if (e := _stdlib_epoch(head.text("date"))) is None
                                     else e), value
    assert _date_epoch("Tue, 26 May 2026 12:34:56 +0200") == 1_779_791_696
    assert _date_epoch("3 jun 25 10:00 pdt") == 1_748_970_000
    assert fast > len(values) // 20, "the common forms should take the fast reading"


ADDRESSES = [
    "anna@example.org", "Anna Becker <anna@example.org>", "<anna@example.org>",
    '"Becker, Anna" <anna@example.org>', '"Becker, Anna (Büro)" <Anna.Becker@Example.ORG>',
    "Anna B. Becker <a.b@example.org>", "O'Brien <ob@example.org>", "Jörg Weiß <joerg@example.org>",
    "jörg@example.org", "Anna<anna@example.org>", '"Anna"<anna@example.org>', '"" <a@example.org>',
    '" Anna " <a@example.org>', "a@example.org, b@example.org", "a@example.org,b@example.org",
    'Anna <a@x.org>, "B, C" <b@x.org>, c@x.org', "a@example.org , b@example.org",
    "Anna (Büro) <a@example.org>", "a@example.org (Anna)", "(Anna) a@example.org",
    "Gruppe: a@example.org, b@example.org;", "undisclosed-recipients:;",
    "=?utf-8?q?J=C3=BCrgen?= <j@example.org>", '"A \\"B\\"" <a@example.org>',
    "Anna\\ B <a@example.org>", "<@route:a@example.org>", "a@[1.2.3.4]", "a@bücher.de",
    "Anna <a@bücher.de>", "a@b@c.org", "a@", "@example.org", "Anna", "", " ", ",", "a@x.org,",
    "a@x.org, , b@x.org", "Anna <a@x.org> garbage", "Anna <a@x.org>>", "a..b@x.org", ".a@x.org",
    "a.@x.org", "a@x..org", "a@-x.org", "a@.x.org", "Anna  Becker <a@x.org>", "Anna\tB <a@x.org>",
    "Anna <a @x.org>", "a@x.org\u00a0", "Anna; <a@x.org>", "Anna: <a@x.org>", ". <a@x.org>",
]


def _random_addresses(rnd: random.Random) -> str:
    def one() -> str:
        addr = (rnd.choice(["anna", "a.b", "a..b", ".a", "a.", "o'brien", "jörg", "a+tag", "a!b",
                            "a=b", "A_B"]) + "@"
                + rnd.choice(["example.org", "Example.ORG", "b", "b.", "x-y.de", "bücher.de",
                              "[1.2.3.4]", ".x", "a..b"]))
        roll = rnd.random()
        if roll < 0.3:
            return addr
        if roll < 0.4:
            return f"<{addr}>"
        if roll < 0.45:
            return rnd.choice(["g: a@b, c@d;", "(c) a@b", "a@b (c)", "<@r:a@b>", "", "a@b@c"])
        name = rnd.choice(["Anna Becker", "Anna", "Anna  Becker", "Dr. X", "Jörg Weiß",
                           '"Becker, Anna"', '"A (B)"', '"A \\"B\\""', '""', "Anna (B)",
                           "Becker, Anna", "a@b", ".", "=?utf-8?q?J=C3=BCrgen?="])
        return name + rnd.choice([" ", "", "  "]) + f"<{addr}>" + rnd.choice(["", "", " ", ">"])
    value = rnd.choice([", ", ",", " , "]).join(one() for _ in range(rnd.choice([1, 1, 2, 3])))
    return value + (rnd.choice([",", " ", "x"]) if rnd.random() < 0.05 else "")


def test_the_fast_address_reading_gives_what_getaddresses_gives() -> None:
    rnd = random.Random(2822)
    values = ADDRESSES + [_random_addresses(rnd) for _ in range(5000)]
    fast = 0
    for value in values:
        got = _plain_addresses(value)
        if got is not None:
            fast += 1
            assert got == getaddresses([value]), value
    assert fast > len(values) // 20, "plain addresses should take the fast reading"
    for plain in ("anna@example.org", "Anna Becker <anna@example.org>",
                  '"Becker, Anna" <anna@example.org>', "a@x.org, B <b@x.org>",
                  "=?utf-8?q?J=C3=BCrgen?= <j@x.org>"):  # (words are decoded afterwards)
        assert _plain_addresses(plain) is not None, plain
    for odd in ("Anna (Büro) <a@x.org>", "g: a@x.org;", '"A \\"B\\"" <a@x.org>',
                "<@r:a@x.org>", "a@x.org,", "Anna\\ B <a@x.org>", "a@bücher.de"):
        assert _plain_addresses(odd) is None, odd


def test_address_headers_read_as_getaddresses_reads_them() -> None:
    rnd = random.Random(5321)
    for to in ADDRESSES + [_random_addresses(rnd) for _ in range(1000)]:
        cc = rnd.choice(ADDRESSES)
        head = _Head({"to": to, "cc": cc})
        expected = [(_decode_words(display), addr.strip().lower()) for display, addr in
                    getaddresses([v for v in (head.text("to"), head.text("cc")) if v])
                    if "@" in addr or display]
        assert _addresses(head, "to", "cc") == expected, (to, cc)


def _random_mail(rnd: random.Random) -> bytes:
    names = ["From", "To", "Cc", "Subject", "Date", "Message-ID", "References", "In-Reply-To",
             "Reply-To", "Content-Type", "Content-Transfer-Encoding", "List-Id", "to",
             "Auto-Submitted", "X-Foo", "SUBJECT", "Präfix", "X Bad", "", "X\x7fY", "Received"]
    values = ["Anna Becker <anna@example.org>", "hallo@baeckerei.example", "Re: Torte",
              "Tue, 3 Jun 2025 10:00:00 +0200", "<m1@example.org>", "<a@b> <c@d>",
              "text/plain; charset=utf-8", "text/html", "quoted-printable", "8bit", "base64",
              "=?utf-8?q?J=C3=BCrgen?= <j@x.org>", "Jörg <j@x.org>", '"Becker, Anna" <a@b.org>',
              "", "  lots   of   space ", "\tTab", "auto-replied", "x; name=a.txt", "a,b@c",
              "Tue, 3 Jun 2025 10:00:00 +0200 (=?utf-8?q?M=C3=BCnchen?=)", "trailing  "]
    lines = []
    for _ in range(rnd.randint(0, 9)):
        if rnd.random() < 0.05:
            lines.append(rnd.choice(["Das ist kein Header", "From anna@x Tue", " folded", ""]))
            continue
        line = rnd.choice(names) + rnd.choice([": ", ": ", ":", ":\t", " : "]) + rnd.choice(values)
        if rnd.random() < 0.15:
            line += rnd.choice(["\n continued", "\n\tcontinued", "\n ", "\nbad", "\r", "\n"])
        lines.append(line)
    nl = rnd.choice(["\r\n", "\r\n", "\n"])
    head = nl.join(line.replace("\n", nl) if rnd.random() < 0.9 else line for line in lines)
    body = rnd.choice(["Hallo\r\n", "", "Grüße\r\n", "=C3=BC\r\n", "<p>x</p>", " \r\n"])
    text = head + rnd.choice([nl + nl, nl + nl, "\n\n", nl]) + body
    return text.encode(rnd.choice(["utf-8", "latin-1"]), "replace")


def test_generated_mail_reads_the_same_on_both_paths() -> None:
    rnd = random.Random(822)
    fast = 0
    for _ in range(2000):
        raw = _random_mail(rnd)
        split = _split_head(raw)
        if split is not None:
            fast += 1
            msg = BytesParser(policy=policy.compat32).parsebytes(raw)
            assert list(split[0].items()) == list(_Head.of(msg).first.items()), raw
        for ours in (OURS, ("anna@example.org",)):
            quick = parse_message(raw, our_addresses=ours, internal_date=7)
            full = parse_message(raw, our_addresses=ours, internal_date=7, fast=False)
            assert quick == full, raw
            assert list(quick.meta.items()) == list(full.meta.items()), raw
    assert fast > 200, "well-formed blocks should take the fast split"
