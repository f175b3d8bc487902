"""Read side of review: a contact or claim with its review state and history, the queue, and
what the extraction found around a selected passage (to prefill an analyst's new contact)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func
from sqlmodel import Session, select

from app.extraction.gazetteer import get_gazetteer
from app.queries.timeline import ContactRow, load_rows
from app.review.history import event_json, history
from app.storage.models import Actor, Article, Claim, Contact, ContactSource, ReviewEvent, Topic

QUEUE_SIZE = 50
QUEUE_ORDERS = ("newest", "uncertain")


def review_json(row: Contact | Claim) -> dict:
    return {"status": row.review_status, "by": row.reviewed_by,
            "at": row.reviewed_at.isoformat() if row.reviewed_at else None, "note": row.review_note,
            "needs_rereview": row.needs_rereview, "origin": row.origin,
            "locked": sorted((row.locked or {}).keys())}


def claim_detail_json(session: Session, claim: Claim) -> dict:
    return {
        "id": claim.id, "article_id": claim.article_id, "start": claim.start, "end": claim.end,
        "text": claim.text, "kind": claim.kind, "attributed_to": claim.attributed_to,
        "attributed_actor_id": claim.attributed_actor_id, "hedged": claim.hedged,
        "date": claim.date, "date_precision": claim.date_precision,
        "review": review_json(claim),
        "history": [event_json(e) for e in history(session, "claim", claim.id)],  # type: ignore[arg-type]
    }


@dataclass
class QueueItem:
    row: ContactRow
    contact: Contact
    quote: str
    article_id: int | None
    source_id: int | None


def queue(session: Session, order: str = "newest", limit: int = QUEUE_SIZE) -> tuple[list[QueueItem], int]:
    """Unreviewed contacts and suggestions (and decisions flagged for re-review): newest first,
    or least certain first (flagged, suggestions, undated, single-source)."""
    pending = (Contact.review_status.in_(("unreviewed", "suggested")) | Contact.needs_rereview)  # type: ignore[attr-defined]
    live = (Contact.merged_into.is_(None), Contact.retired.is_(False))  # type: ignore[union-attr]
    total = session.exec(select(func.count()).select_from(Contact).where(pending, *live)).one()
    statement = select(Contact).where(pending, *live)
    if order == "uncertain":
        statement = statement.order_by(
            Contact.needs_rereview.desc(),  # type: ignore[attr-defined]
            case((Contact.review_status == "suggested", 0), else_=1),
            case((Contact.date_sort.is_(None), 0), else_=1),  # type: ignore[union-attr]
            Contact.source_count, Contact.id.desc())  # type: ignore[union-attr]
    else:
        statement = statement.order_by(Contact.id.desc())  # type: ignore[union-attr]
    contacts = list(session.exec(statement.limit(limit)).all())
    rows = {r.id: r for r in load_rows(session, contacts)}
    first = {}
    if contacts:
        for source in session.exec(select(ContactSource).where(
                ContactSource.contact_id.in_([c.id for c in contacts])).order_by(ContactSource.id)).all():  # type: ignore[attr-defined]
            first.setdefault(source.contact_id, source)
    items = [QueueItem(rows[c.id], c, first[c.id].quote if c.id in first else "",  # type: ignore[index]
                       first[c.id].article_id if c.id in first else None,
                       first[c.id].id if c.id in first else None) for c in contacts]
    return items, total


def prefill(session: Session, article: Article, start: int, end: int) -> dict:
    """What the extraction already knows of a passage: actors named in it, and the kind, date
    and place of a contact or suggestion whose evidence overlaps it."""
    passage = article.text[start:end]
    gazetteer = get_gazetteer()
    keys = list(dict.fromkeys(m.key for m in gazetteer.find_mentions(passage)))
    actors = session.exec(select(Actor).where(Actor.key.in_(keys))).all() if keys else []  # type: ignore[attr-defined]
    overlapping = session.exec(select(Contact).join(ContactSource).where(
        ContactSource.article_id == article.id, ContactSource.start < end, ContactSource.end > start)).first()
    stored = {a.key for a in actors}
    unstored = [{"id": None, "name": gazetteer.actors[k].name, "country": gazetteer.actors[k].country}
                for k in keys if k not in stored and k in gazetteer.actors]
    found = {"actors": [{"id": a.id, "name": a.name, "country": a.country} for a in actors
                        if a.kind in ("person", "institution")] + unstored,
             "kind": "meeting", "date": None, "date_precision": "unknown", "location": None,
             "overlaps": None}
    if overlapping is not None:
        found.update(kind=overlapping.kind, date=overlapping.date,
                     date_precision=overlapping.date_precision, location=overlapping.location,
                     overlaps=overlapping.id)
    return found


def topic_choices(session: Session) -> list[Topic]:
    return list(session.exec(select(Topic).order_by(Topic.label)).all())


def actor_choices(session: Session) -> list[Actor]:
    return list(session.exec(select(Actor).where(Actor.kind.in_(("person", "institution")))  # type: ignore[attr-defined]
                             .order_by(Actor.name)).all())


def last_event_id(session: Session) -> int:
    return session.exec(select(func.coalesce(func.max(ReviewEvent.id), 0))).one()
