"""The fast path for plain single-part mail gives exactly what the full parse gives."""

from __future__ import annotations

import pytest

from services.email.mime import _simple, parse_message

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
