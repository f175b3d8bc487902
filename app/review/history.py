"""The append-only review history: every analyst change (and every decision flagged by a
re-extraction) is one ``ReviewEvent`` with who, when, what before and after, and why."""

from __future__ import annotations

from sqlmodel import Session, select

from app.storage.models import ReviewEvent

SYSTEM = "re-extraction"


def record(session: Session, target: str, target_id: int, action: str, by: str, *,
           before: dict | None = None, after: dict | None = None, note: str = "",
           reverts: int | None = None) -> ReviewEvent:
    """Append one event (flushed, so it has an id)."""
    event = ReviewEvent(target=target, target_id=target_id, action=action, by=by,
                        before=before or {}, after=after or {}, note=note, reverts=reverts)
    session.add(event)
    session.flush()
    return event


def history(session: Session, target: str, target_id: int) -> list[ReviewEvent]:
    """Every event of one contact, claim or actor, oldest first."""
    return list(session.exec(select(ReviewEvent).where(
        ReviewEvent.target == target, ReviewEvent.target_id == target_id).order_by(ReviewEvent.id)).all())


def event_json(event: ReviewEvent) -> dict:
    return {"id": event.id, "action": event.action, "by": event.by,
            "at": event.at.isoformat() if event.at else None, "before": event.before,
            "after": event.after, "note": event.note, "reverts": event.reverts}
