"""Labels ↔ IMAP keywords, reversibly.

A keyword is an IMAP atom: no spaces, brackets, quotes, ``%`` or ``*``, and
ASCII only, while labels are free text ("Rückruf bitte"). Every byte outside
``[A-Za-z0-9_.-]`` becomes ``=XX`` (as in quoted-printable), so another mail
client shows readable keywords for plain labels and the round trip is exact.
System flags and the well-known ``$`` keywords are not labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["keyword_for", "label_for", "labels_from_flags"]

_SAFE = re.compile(r"[A-Za-z0-9_.-]")
_ESCAPE = re.compile(r"=([0-9A-F]{2})")
_NOT_LABELS = frozenset(k.lower() for k in (
    "$Forwarded", "$MDNSent", "$Junk", "$NotJunk", "$Phishing", "$SubmitPending",
    "$Submitted", "$Important", "Junk", "NonJunk", "NotJunk", "$Label1", "$Label2",
    "$Label3", "$Label4", "$Label5"))


def keyword_for(label: str) -> str:
    out = []
    for ch in label:
        if _SAFE.fullmatch(ch):
            out.append(ch)
        else:
            out.extend(f"={byte:02X}" for byte in ch.encode("utf-8"))
    return "".join(out)


def label_for(keyword: str) -> str:
    data = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), keyword)
    try:
        return data.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return keyword


def labels_from_flags(flags: Iterable[str]) -> tuple[str, ...]:
    return tuple(label_for(f) for f in flags
                 if not f.startswith("\\") and f.lower() not in _NOT_LABELS)
