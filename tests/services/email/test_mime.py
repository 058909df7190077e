"""MIME parsing against a corpus of malformed and exotic mail: never raise, show text."""

from __future__ import annotations

import base64
import time

from app.records import Direction
from services.email.mime import MAX_DEPTH, parse_message, synthetic_message_id

OURS = ("hallo@baeckerei.example",)


def parse(raw: bytes, **kw: object) -> object:
    return parse_message(raw, our_addresses=OURS, **kw)  # type: ignore[arg-type]


def test_plain_message_maps_headers_to_record() -> None:
    raw = (b"From: Anna Becker <Anna@Example.org>\r\nTo: hallo@baeckerei.example\r\n"
           b"Subject: =?utf-8?q?Bestellung_f=C3=BCr_Samstag?=\r\n"
           b"Date: Tue, 01 Oct 2024 10:00:00 +0200\r\nMessage-ID: <m1@example.org>\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\n\r\nZwei Br\xc3\xb6tchen bitte.\r\n")
    msg = parse_message(raw, our_addresses=OURS, flags=("\\Seen",), folder="INBOX")
    assert msg.remote_id == "<m1@example.org>"
    assert msg.thread_key == "<m1@example.org>"
    assert msg.subject == "Bestellung für Samstag"
    assert msg.author_name == "Anna Becker"
    assert msg.author_handle == "anna@example.org"
    assert msg.contact_handle == "anna@example.org"
    assert msg.direction is Direction.IN
    assert msg.sent_at == 1727769600
    assert msg.text.strip() == "Zwei Brötchen bitte."
    assert msg.read is True and msg.folder == "INBOX"
    assert msg.parse_note == "" and msg.raw is None


def test_reply_threads_by_references_and_in_reply_to() -> None:
    raw = (b"From: Anna <anna@example.org>\r\nTo: hallo@baeckerei.example\r\n"
           b"Subject: Re: Bestellung\r\nMessage-ID: <m3@example.org>\r\n"
           b"References: <m1@example.org> <m2@baeckerei.example>\r\n"
           b"In-Reply-To: <m2@baeckerei.example>\r\n\r\nDanke!\r\n")
    msg = parse_message(raw, our_addresses=OURS)
    assert msg.thread_key == "<m1@example.org>"
    assert msg.parent_ids == ("<m1@example.org>", "<m2@baeckerei.example>")
    assert msg.meta["references"] == "<m1@example.org> <m2@baeckerei.example>"


def test_outgoing_message_has_recipient_as_contact() -> None:
    raw = (b"From: Baeckerei <HALLO@baeckerei.example>\r\nTo: Anna <anna@example.org>\r\n"
           b"Subject: Re: x\r\nIn-Reply-To: <m1@example.org>\r\n\r\nGerne.\r\n")
    msg = parse_message(raw, our_addresses=OURS)
    assert msg.direction is Direction.OUT
    assert msg.contact_handle == "anna@example.org"
    assert msg.thread_key == "<m1@example.org>"


def test_missing_message_id_gets_a_stable_synthetic_one() -> None:
    raw = b"From: a@example.org\r\nSubject: no id\r\n\r\nhello\r\n"
    first = parse_message(raw, our_addresses=OURS)
    assert first.remote_id == synthetic_message_id(raw)
    assert parse_message(raw, our_addresses=OURS).remote_id == first.remote_id
    assert parse_message(raw + b"x", our_addresses=OURS).remote_id != first.remote_id


def test_missing_date_falls_back_to_internal_date() -> None:
    raw = b"From: a@example.org\r\nDate: not a date\r\nMessage-ID: <d@x>\r\n\r\nhi\r\n"
    assert parse_message(raw, our_addresses=OURS, internal_date=1_700_000_000).sent_at \
        == 1_700_000_000


def test_broken_boundary_keeps_text_and_notes_it() -> None:
    raw = (b"From: a@example.org\r\nMessage-ID: <b@x>\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="XYZ"\r\n\r\n'
           b"--WRONG\r\nContent-Type: text/plain\r\n\r\nDer Text ist noch da.\r\n")
    msg = parse_message(raw, our_addresses=OURS)
    assert "Der Text ist noch da." in msg.text
    assert "malformed MIME" in msg.parse_note
    assert msg.raw == raw


def test_unknown_charset_falls_back_without_raising() -> None:
    raw = (b"From: a@example.org\r\nMessage-ID: <c@x>\r\n"
           b"Content-Type: text/plain; charset=x-klingon-9\r\n\r\nK\xe4se und Br\xf6t\r\n")
    msg = parse_message(raw, our_addresses=OURS)
    assert msg.text.strip() == "Käse und Bröt"
    assert "unknown charset x-klingon-9" in msg.parse_note
    assert msg.raw == raw


def test_lying_charset_is_read_with_replacement() -> None:
    raw = (b"From: a@example.org\r\nMessage-ID: <l@x>\r\n"
           b"Content-Type: text/plain; charset=us-ascii\r\n\r\nStra\xdfe\r\n")
    msg = parse_message(raw, our_addresses=OURS)
    assert msg.text.startswith("Stra") and msg.text.strip().endswith("e")


def test_eight_bit_headers_are_decoded() -> None:
    raw = ("From: Jürgen Müller <jm@example.org>\r\nSubject: Größe für Torte\r\n"
           "Message-ID: <e@x>\r\n\r\nText\r\n").encode()
    msg = parse_message(raw, our_addresses=OURS)
    assert msg.subject == "Größe für Torte"
    assert msg.author_name == "Jürgen Müller"
    latin = ("From: a@example.org\r\nSubject: Gr\xf6\xdfe\r\nMessage-ID: <e2@x>\r\n\r\nT\r\n"
             ).encode("latin-1")
    assert parse_message(latin, our_addresses=OURS).subject == "Größe"


def test_ten_megabyte_attachment_is_listed_not_decoded_into_text() -> None:
    blob = base64.encodebytes(b"\x89PNG" + b"\0" * (10 * 1024 * 1024)).replace(b"\n", b"\r\n")
    raw = (b"From: a@example.org\r\nMessage-ID: <big@x>\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
           b"Content-Type: text/plain; charset=utf-8\r\n\r\nFoto anbei.\r\n--B\r\n"
           b'Content-Type: image/png; name="torte.png"\r\n'
           b'Content-Disposition: attachment; filename="torte.png"\r\n'
           b"Content-Transfer-Encoding: base64\r\n\r\n" + blob + b"--B--\r\n")
    started = time.monotonic()
    msg = parse_message(raw, our_addresses=OURS)
    assert time.monotonic() - started < 5
    assert msg.text.strip() == "Foto anbei."
    [att] = msg.attachments
    assert (att.name, att.content_type, att.part_id) == ("torte.png", "image/png", "2")
    assert abs(att.size - (10 * 1024 * 1024 + 4)) < 1024


def test_two_hundred_nested_multiparts_do_not_crash() -> None:
    depth = 200
    head = b"From: a@example.org\r\nMessage-ID: <deep@x>\r\nMIME-Version: 1.0\r\n"
    body = b"Content-Type: text/plain\r\n\r\nganz unten\r\n"
    for level in reversed(range(depth)):
        b = f"b{level}".encode()
        body = (b'Content-Type: multipart/mixed; boundary="' + b + b'"\r\n\r\n--' + b
                + b"\r\n" + body + b"--" + b + b"--\r\n")
    msg = parse_message(head + body, our_addresses=OURS)
    assert msg.remote_id == "<deep@x>"
    assert msg.parse_note  # either nesting cut or unparsable, but said so
    assert msg.raw is not None
    assert msg.text  # something readable is shown
    assert depth > MAX_DEPTH


def test_html_only_message_keeps_raw_html_and_readable_text() -> None:
    raw = (b"From: a@example.org\r\nMessage-ID: <h@x>\r\nContent-Type: text/html\r\n\r\n"
           b"<p>Hallo <b>Team</b></p><script>alert('x')</script>"
           b"<img src='http://tracker.example/p.gif'>\r\n")
    msg = parse_message(raw, our_addresses=OURS)
    assert msg.html is not None and "<script>" in msg.html  # the store sanitizes
    assert "Hallo Team" in msg.text
    assert "alert" not in msg.text


def test_garbage_bytes_are_returned_not_raised() -> None:
    raw = b"\xff\xfe\x00garbage\r\n\r\n\x80\x81"
    msg = parse_message(raw, our_addresses=OURS)
    assert msg.remote_id == synthetic_message_id(raw)
    assert msg.text or msg.parse_note


def test_loop_guard_headers_are_kept_for_the_away_notice() -> None:
    from app.availability import exclusion_reason
    from app.records import HEADER_META_PREFIX
    from services.email.mime import parse_message

    raw = (b"From: News <news@shop.example>\r\nTo: hallo@baeckerei.example\r\n"
           b"Subject: Angebote\r\nMessage-ID: <n1@shop.example>\r\n"
           b"Date: Sun, 22 Nov 2026 12:00:00 +0100\r\nList-Id: <angebote.shop.example>\r\n"
           b"Precedence: bulk\r\nAuto-Submitted: auto-generated\r\n\r\nNeue Angebote!\r\n")
    msg = parse_message(raw, our_addresses=("hallo@baeckerei.example",))
    headers = {k.removeprefix(HEADER_META_PREFIX): v for k, v in msg.meta.items()
               if k.startswith(HEADER_META_PREFIX)}
    assert headers["list-id"] == "<angebote.shop.example>"
    assert headers["precedence"] == "bulk" and headers["to"] == "hallo@baeckerei.example"
    assert exclusion_reason(headers, msg.author_handle, ("hallo@baeckerei.example",))
