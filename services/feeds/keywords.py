"""Keyword filters: "only entries that mention Sonnenschein".

Matching ignores case and diacritics, and knows the German spellings without
umlauts, because people type "Mueller", "Muller" and "Müller" for the same
bakery. A keyword matches anywhere in the title or text (so "Sonnenschein"
also finds "Sonnenschein-Bäckerei").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

__all__ = ["KeywordFilter"]

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _forms(text: str) -> frozenset[str]:
    """The plain fold, and the fold after writing umlauts as ae/oe/ue."""
    return frozenset({_fold(text), _fold(text.translate(_GERMAN))})


class KeywordFilter:
    """Empty keywords let everything through."""

    def __init__(self, keywords: Iterable[str]) -> None:
        self._keywords = tuple(_forms(k) for k in keywords if k.strip())

    def __bool__(self) -> bool:
        return bool(self._keywords)

    def matches(self, *texts: str) -> bool:
        if not self._keywords:
            return True
        haystacks = _forms("\n".join(texts))
        return any(k in h for forms in self._keywords for k in forms for h in haystacks)
