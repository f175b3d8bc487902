"""Length-preserving text folding, so that matches on folded text are offsets into the original.

``fold("Choïgou’s")`` gives ``"choigou's"``: one character out for every character in, lowercase,
diacritics removed, typographic apostrophes and dashes made plain.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_SPECIAL = {
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‑": "-", "‐": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    "œ": "o", "Œ": "o", "æ": "a", "Æ": "a", "ß": "s",
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Keep the length: a character that decomposes to several (or none) keeps its lowercase self.
    return base.lower() if len(base) == 1 else ch.lower()[:1] or ch


class _FoldTable(dict):
    """A ``str.translate`` table that folds each new character once, on first sight."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()


@lru_cache(maxsize=64)
def fold(text: str) -> str:
    """Lowercase, accent-free copy of ``text`` with exactly the same length."""
    # Cached: extraction steps fold the same article text many times (once per sentence window).
    return text.translate(_TABLE)


def fold_key(text: str) -> str:
    """A loose key for comparing names: folded, hyphens and apostrophes as spaces, squeezed."""
    folded = fold(text).replace("-", " ").replace("'", " ")
    return " ".join(folded.split())


def fold_once(text: str) -> str:
    """``fold`` without the cache: for many short texts seen once (quotes compared in SQL)."""
    return text.translate(_TABLE)


# Embedding, override and isolate controls (and the directional marks): in a name they can
# reverse the text shown after it, so names are stored and drawn without them.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                       "\u2066\u2067\u2068\u2069"))


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return text.translate(BIDI_CONTROLS)
