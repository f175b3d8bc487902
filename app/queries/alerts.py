"""What is new: the newest contacts of a filter (for its Atom feed) and, for a signed-in user,
which contacts arrived since their last visit to the timeline."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, select
from sqlmodel import Session

from app.queries.filters import Filter
from app.queries.timeline import CONTACT_COLUMNS, ContactRow, attach_details, filter_conditions
from app.storage.models import Contact, TimelineVisit, utcnow

FEED_SIZE = 50
# Page views closer together than this are one visit: the marks stay while the user browses.
VISIT_GAP = timedelta(minutes=30)


def newest_contacts(session: Session, f: Filter, limit: int = FEED_SIZE) -> list[tuple[ContactRow, datetime]]:
    """The contacts of ``f`` that Liaison learned of most recently, with when (newest first).

    Ordered by discovery, not by the contact's own date: an alert is about what is new here,
    even when it reports an older event."""
    statement = (select(*CONTACT_COLUMNS, Contact.created_at)
                 .where(and_(True, *filter_conditions(f, session)))
                 .order_by(Contact.created_at.desc(), Contact.id.desc()).limit(limit))
    found = session.execute(statement).all()
    rows = [ContactRow(*values[:-1]) for values in found]
    attach_details(session, rows, [r.id for r in rows])
    return [(row, values[-1]) for row, values in zip(rows, found)]


def record_visit(session: Session, user_id: int, now: datetime | None = None) -> datetime | None:
    """Note a timeline view by ``user_id``; returns the end of their previous visit (None on a
    first visit). Commits."""
    now = now or utcnow()
    visit = session.get(TimelineVisit, user_id)
    if visit is None:
        session.add(TimelineVisit(user_id=user_id, seen_at=now, previous_seen_at=None))
        session.commit()
        return None
    if now - visit.seen_at > VISIT_GAP:
        visit.previous_seen_at = visit.seen_at
    visit.seen_at = now
    session.add(visit)
    session.commit()
    return visit.previous_seen_at


def contacts_new_since(session: Session, ids: list[int], since: datetime | None) -> set[int]:
    """Which of ``ids`` were created after ``since`` (none when there is no previous visit)."""
    if since is None or not ids:
        return set()
    return set(session.execute(select(Contact.id).where(Contact.id.in_(ids), Contact.created_at > since))
               .scalars().all())
