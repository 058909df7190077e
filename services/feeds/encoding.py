"""Turn a feed's bytes into text even when the feed lies about its encoding.

Forum and review software often declares ISO-8859-1 while sending UTF-8, or
the reverse; a parser that trusts the label shows "fÃ¼r" or drops the
document. We decide ourselves, in this order: a byte-order mark; bytes that
are valid UTF-8 with non-ASCII in them (real Latin-1 text practically never
is); the declared charset (HTTP header, then the XML declaration); and
Windows-1252, which decodes any byte, as the last resort. The parser then
gets clean UTF-8 with a matching declaration.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Decoded", "declared_charset", "decode_feed", "utf8_xml"]

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_XML_DECL_TEXT = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[A-Za-z0-9._:-]+\2")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text, and ``note`` saying what was wrong with the declared encoding."""

    text: str
    note: str = ""


def declared_charset(body: bytes, content_type: str) -> str | None:
    """The charset the HTTP header or the XML declaration claims, normalized."""
    for match in (_CHARSET.search(content_type), _XML_DECL.match(body[:512])):
        if match is None:
            continue
        raw = match.group(1)
        name = raw.decode("ascii") if isinstance(raw, bytes) else raw
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def decode_feed(body: bytes, content_type: str) -> Decoded:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            try:
                return Decoded(body.decode(codec))
            except UnicodeDecodeError:
                break
    declared = declared_charset(body, content_type)
    if declared is not None and declared.startswith(("utf-16", "utf-32")):
        try:
            return Decoded(body.decode(declared))
        except UnicodeDecodeError:
            pass
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if declared in (None, "utf-8") or body.isascii():
            return Decoded(text)
        if _is_single_byte(declared):
            return Decoded(text, f"declared {declared} but sent UTF-8; read as UTF-8")
    if declared not in (None, "utf-8"):
        for codec in dict.fromkeys((_whatwg(declared), declared)):
            try:
                return Decoded(body.decode(codec))
            except UnicodeDecodeError:
                continue
    return Decoded(body.decode("cp1252", errors="replace"),
                   f"declared {declared or 'no encoding'} but the bytes do not match;"
                   " read as Windows-1252")


def utf8_xml(text: str) -> bytes:
    """UTF-8 bytes whose XML declaration (if any) says UTF-8, for the parser."""
    return _XML_DECL_TEXT.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8")


def _is_single_byte(codec: str | None) -> bool:
    return codec is not None and (codec.startswith(("iso8859", "cp125", "latin"))
                                  or codec in ("ascii", "mac-roman", "koi8-r"))


def _whatwg(codec: str) -> str:
    # Browsers read "ISO-8859-1" as Windows-1252, and so do the feeds' authors.
    return "cp1252" if codec in ("iso8859-1", "latin-1", "ascii") else codec
