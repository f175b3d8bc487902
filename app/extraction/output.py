"""The JSON document ``liaison extract --json`` prints (the extraction output contract)."""

from __future__ import annotations

import os

from app.extraction.merge import merge_all
from app.extraction.records import ArticleExtraction, Claim, Contact, Suggestion

__all__ = ["build_output", "merge_all"]


def _file(key: str) -> str:
    return os.path.basename(key)


def _article(x: ArticleExtraction) -> dict:
    pub = x.meta.published
    return {
        "file": _file(x.article),
        "title": x.meta.title,
        "source": x.meta.outlet,
        "language": x.meta.language,
        "published": pub.value,
        "published_precision": pub.precision,
    }


def _contact(i: int, c: Contact) -> dict:
    out = {
        "id": f"c{i}",
        "date": c.date.value,
        "date_precision": c.date.precision,
        "date_reason": c.date.reason,
        "kind": c.kind,
        "location": c.location,
        "participants": [{"name": p.name, "country": p.country, "role": p.role} for p in c.participants],
        "topics": list(c.topics),
        "sources": [{"file": _file(s.article), "start": s.start, "end": s.end, "quote": s.quote} for s in c.sources],
    }
    if c.conflicts:
        out["conflicts"] = {k: list(v) for k, v in c.conflicts.items()}
    return out


def _claim(i: int, k: Claim) -> dict:
    return {
        "id": f"k{i}",
        "file": _file(k.article),
        "start": k.start,
        "end": k.end,
        "text": k.text,
        "kind": k.kind,
        "attributed_to": k.attributed_to,
        "hedged": k.hedged,
        "date": k.date.value,
        "date_precision": k.date.precision,
        "actors": list(k.actors),
        "topics": list(k.topics),
    }


def _suggestion(i: int, s: Suggestion) -> dict:
    out = _contact(i, s.contact)
    out["id"] = f"s{i}"
    out["dropped_by"] = s.check
    out["why"] = s.why
    return out


def build_output(extractions: list[ArticleExtraction], merged_contacts: list[Contact]) -> dict:
    """The SCHEMA.md document: articles, contacts merged across articles (ids c1..), claims (k1..),
    and near-miss suggestions (s1..) kept apart from the contacts."""
    claims = [k for x in extractions for k in x.claims]
    suggestions = [s for x in extractions for s in x.suggestions]
    return {
        "articles": [_article(x) for x in extractions],
        "contacts": [_contact(i, c) for i, c in enumerate(merged_contacts, 1)],
        "claims": [_claim(i, k) for i, k in enumerate(claims, 1)],
        # Near misses for review, never contacts: candidates a weak check dropped.
        "suggestions": [_suggestion(i, s) for i, s in enumerate(suggestions, 1)],
    }
