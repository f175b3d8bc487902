"""How a source (an article) is named wherever it is listed: title · outlet · date.

The stored title is the article's own headline when it has one, else the name an analyst gave a
pasted text. Otherwise a title is derived from the text (its first meaningful line, else its
first sentence, cut at a word), marked as derived; a file name never names a source.
The outlet is the one the text names, else the domain of the URL it was fetched from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.extraction.metadata import url_outlet
from app.storage.models import Article

__all__ = ["SourceName", "cut", "derived_title", "source_name", "url_outlet"]

TITLE_LIMIT = 90
_JUNK = re.compile(r"[^\W\d_]{3,}")
_HEADER = re.compile(r"^\s*date\s+\d{4}(?:-\d{2}){0,2}\s*")
# "9 novembre (Reuters) - ", "PARIS, 9 novembre (AFP) – ", "Moscou, le 3 mars - ": a dateline.
_DATELINE = re.compile(r"^[^.!?\n]{0,60}?(?:\([^()\n]{2,40}\)\s*)?[-–—]\s+(?=[A-ZÀ-Ý«\"])")
_SENTENCE_END = re.compile(r"(?<=[^\s.A-Z][.!?])\s+(?=[A-ZÀ-Ý«\"])")


@dataclass(frozen=True)
class SourceName:
    title: str
    derived: bool  # True when the article has no headline of its own
    outlet: str | None
    published: str | None
    precision: str


def cut(text: str, limit: int = TITLE_LIMIT) -> str:
    """``text`` shortened at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return head + "…"


@lru_cache(maxsize=2048)
def derived_title(text: str) -> str:
    """A title from an article's first meaningful line: after a "date …" stamp or a dateline,
    its first sentence, cut at a word."""
    for line in text.splitlines():
        line = _HEADER.sub("", line).strip()
        if not _JUNK.search(line):
            continue
        line = _DATELINE.sub("", line, count=1)
        first = _SENTENCE_END.split(line, maxsplit=1)[0]
        return cut(first.rstrip("."))
    return "(empty text)"


def given_name(article: Article) -> str:
    """The name an analyst typed when pasting the text ("pasted" when they gave none)."""
    name = (article.origin or "").strip()
    return name if article.origin_kind == "pasted" and name and name != "pasted" else ""


def source_name(article: Article) -> SourceName:
    title = (article.title or "").strip() or given_name(article)
    return SourceName(
        title=title or derived_title(article.text), derived=not title,
        outlet=article.outlet or url_outlet(article.origin),
        published=article.published, precision=article.published_precision)
