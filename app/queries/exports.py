"""Export records of contacts and claims: every matching row, a batch at a time, as plain dicts.

The same records feed the CSV and the JSON downloads, so both say the same thing: dates with
their precision and reason, quotes with their offsets, article titles, outlets and URLs.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import and_, select
from sqlmodel import Session

from app.queries.claims import ClaimRow, claim_batches
from app.queries.filters import Filter
from app.queries.sources import source_name
from app.queries.timeline import (
    CONTACT_COLUMNS,
    CS,
    ContactRow,
    _row,
    attach_details,
    filter_conditions,
    sorted_by,
)
from app.storage.models import Article, Contact

BATCH = 500


def _article_url(article: Article) -> str | None:
    return article.origin if article.origin.startswith(("http://", "https://")) else None


def contact_records(session: Session, f: Filter, base: str) -> Iterator[dict]:
    """Every contact matching ``f`` in list order, with its participants, topics and sources."""
    statement = sorted_by(select(Contact.id).where(and_(True, *filter_conditions(f, session))), f.sort)
    ids = list(session.execute(statement).scalars())
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        found = {v[0]: _row(v) for v in session.execute(
            select(*CONTACT_COLUMNS).where(Contact.id.in_(chunk))).all()}
        rows = [found[i] for i in chunk if i in found]
        attach_details(session, rows, chunk)
        reasons = dict(session.execute(select(Contact.id, Contact.date_reason)
                                       .where(Contact.id.in_(chunk))).all())
        sources: dict[int, list[dict]] = {}
        for source, article in session.execute(
                select(CS, Article).join(Article, Article.id == CS.article_id)
                .where(CS.contact_id.in_(chunk)).order_by(CS.contact_id, CS.id)).all():
            sources.setdefault(source.contact_id, []).append(_source_record(source, article, base))
        for row in rows:
            yield _contact_record(row, reasons.get(row.id) or "", sources.get(row.id, []), base)


def _contact_record(row: ContactRow, reason: str, sources: list[dict], base: str) -> dict:
    return {
        "id": row.id, "url": f"{base}/contacts/{row.id}", "kind": row.kind,
        "date": row.date, "date_precision": row.date_precision, "date_reason": reason,
        "location": row.location, "source_count": row.source_count,
        "participants": [{"key": p.key, "name": p.name, "country": p.country, "role": p.role}
                         for p in row.participants],
        "topics": [slug for slug, _label in row.topics],
        "review_status": row.review_status, "reviewed_by": row.reviewed_by,
        "reviewed_at": _iso(row.reviewed_at),
        "sources": sources,
    }


def _iso(value) -> str | None:  # noqa: ANN001 - a datetime, or a string from SQLite
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _source_record(source, article: Article, base: str) -> dict:
    name = source_name(article)
    return {
        "article_id": article.id, "article_url": f"{base}/articles/{article.id}#src-{source.id}",
        "title": name.title, "title_derived": name.derived, "outlet": name.outlet,
        "published": article.published, "published_precision": article.published_precision,
        "origin_url": _article_url(article),
        "quote": source.quote, "start": source.start, "end": source.end,
    }


def claim_records(session: Session, f: Filter, base: str) -> Iterator[dict]:
    """Every claim matching ``f`` in list order, with its speaker, actors, topics and article."""
    for batch in claim_batches(session, f, BATCH):
        for row in batch:
            yield claim_record(row, base)


def claim_record(row: ClaimRow, base: str) -> dict:
    c, a = row.claim, row.article
    name = row.source
    date, precision, what = row.date
    return {
        "id": c.id, "url": f"{base}/articles/{a.id}#claim-{c.id}", "kind": c.kind,
        "hedged": c.hedged, "text": c.text, "start": c.start, "end": c.end,
        "speaker": ({"key": row.speaker[1], "name": row.speaker[2]} if row.speaker
                    else ({"key": None, "name": c.attributed_to} if c.attributed_to else None)),
        "actors": [{"key": key, "name": n} for _id, key, n in row.actors],
        "topics": [slug for slug, _label in row.topics],
        "date": date, "date_precision": precision if date else "unknown", "date_of": what,
        "date_reason": c.date_reason if what == "claim" else a.published_reason,
        "article_id": a.id, "title": name.title, "title_derived": name.derived,
        "outlet": name.outlet, "published": a.published, "origin_url": _article_url(a),
    }
