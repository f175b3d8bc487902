"""What an analyst does: review, edit, add, merge and split contacts; review, edit and add
claims; add aliases to actors. Every change is one append-only ``ReviewEvent`` holding the
state before and after, and any event can be reverted by a new one.

Edited fields are "locked" on the row, so neither new sources nor re-extraction overwrite them.
Callers own the transaction; a refused request raises ``ReviewError`` and changes nothing.
"""

from __future__ import annotations

import re
from datetime import date as calendar_date

from sqlalchemy import delete, func
from sqlmodel import Session, select

from app.extraction.records import CLAIM_KINDS, CONTACT_KINDS, PRECISIONS
from app.review.history import record
from app.review.reconcile import rebuild
from app.storage import repository
from app.storage.models import (
    Actor,
    Article,
    Claim,
    ClaimActor,
    Contact,
    ContactParticipant,
    ContactSource,
    ContactTopic,
    ReviewEvent,
    Topic,
    utcnow,
)

REVIEW_STATUSES = ("confirmed", "rejected", "unreviewed")
_DATE_SHAPES = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


class ReviewError(ValueError):
    """A change that cannot be made; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------- lookups


def live_contact(session: Session, contact_id: int) -> Contact:
    row = session.get(Contact, contact_id)
    if row is None:
        raise ReviewError(f"no contact {contact_id}", 404)
    if row.merged_into is not None:
        raise ReviewError(f"contact {contact_id} was merged into contact {row.merged_into}", 409)
    return row


def resolve_contact_id(session: Session, contact_id: int) -> int | None:
    """The contact a (possibly merged-away) id designates now, following merges."""
    seen: set[int] = set()
    row = session.get(Contact, contact_id)
    while row is not None and row.merged_into is not None and row.id not in seen:
        seen.add(row.id)  # type: ignore[arg-type]
        row = session.get(Contact, row.merged_into)
    return row.id if row is not None else None


def _claim(session: Session, claim_id: int) -> Claim:
    row = session.get(Claim, claim_id)
    if row is None:
        raise ReviewError(f"no claim {claim_id}", 404)
    return row


# ---------------------------------------------------------------- contact state


def contact_state(session: Session, row: Contact) -> dict:
    """Everything an analyst can change on a contact, as plain JSON values."""
    links = session.exec(select(ContactParticipant).where(ContactParticipant.contact_id == row.id)
                         .order_by(ContactParticipant.id)).all()
    topics = session.exec(select(ContactTopic.topic_slug).where(ContactTopic.contact_id == row.id)
                          .order_by(ContactTopic.topic_slug)).all()
    return {
        "kind": row.kind, "date": row.date, "date_precision": row.date_precision,
        "date_reason": row.date_reason, "location": row.location,
        "participants": [[link.actor_id, link.role, link.country] for link in links],
        "topics": list(topics), "review_status": row.review_status, "review_note": row.review_note,
        "reviewed_by": row.reviewed_by, "needs_rereview": row.needs_rereview,
        "locked": dict(row.locked or {}),
    }


def _restore_contact(session: Session, row: Contact, state: dict) -> None:
    for name in ("kind", "date", "date_precision", "date_reason", "location", "review_status",
                 "review_note", "reviewed_by", "needs_rereview"):
        if name in state:
            setattr(row, name, state[name])
    row.date_sort = repository.period_start(row.date)
    row.locked = dict(state.get("locked", row.locked or {}))
    session.add(row)
    if "participants" in state:
        people = [(session.get(Actor, actor_id), role, country)
                  for actor_id, role, country in state["participants"]]
        repository.set_participants(session, row, [p for p in people if p[0] is not None])  # type: ignore[misc]
    if "topics" in state:
        repository.set_topics(session, row, state["topics"], exact=True)
    session.flush()


def _mark(row: Contact | Claim, status: str, by: str, note: str) -> None:
    row.review_status = status
    row.reviewed_by = by
    row.reviewed_at = utcnow()
    row.review_note = note
    row.needs_rereview = False


# ---------------------------------------------------------------- contacts


def review_contact(session: Session, contact_id: int, status: str, by: str, note: str = "") -> Contact:
    """Confirm, reject (with a reason) or send back to unreviewed."""
    if status not in REVIEW_STATUSES:
        raise ReviewError(f"status must be one of {', '.join(REVIEW_STATUSES)}")
    row = live_contact(session, contact_id)
    before = contact_state(session, row)
    _mark(row, status, by, note.strip())
    session.add(row)
    session.flush()
    record(session, "contact", row.id, "review", by, before=before,  # type: ignore[arg-type]
           after=contact_state(session, row), note=note.strip())
    return row


def check_date(value: str | None, precision: str) -> None:
    if precision not in PRECISIONS:
        raise ReviewError(f"date precision must be one of {', '.join(PRECISIONS)}")
    if precision == "unknown":
        if value:
            raise ReviewError("an undated contact has no date value")
        return
    if not value or not re.fullmatch(_DATE_SHAPES[precision], value):
        raise ReviewError(f"a {precision} date is written {_DATE_SHAPES[precision].replace(chr(92) + 'd', 'N')}")
    parts = [int(p) for p in value.split("-")] + [1] * (3 - len(value.split("-")))
    try:
        calendar_date(*parts)
    except ValueError as error:
        raise ReviewError(f"{value} is not a real date") from error


def _actors(session: Session, ids: list[int], names: list[str]) -> list[Actor]:
    actors = []
    for actor_id in ids:
        actor = session.get(Actor, int(actor_id))
        if actor is None:
            raise ReviewError(f"no actor {actor_id}")
        actors.append(actor)
    for name in names:
        if name.strip():
            actors.append(repository.upsert_actor(session, name.strip()))
    return list({a.id: a for a in actors}.values())


def _topics(session: Session, slugs: list[str]) -> list[str]:
    for slug in slugs:
        if session.get(Topic, slug) is None:
            raise ReviewError(f"no topic {slug!r}")
    return list(dict.fromkeys(slugs))


def _actual_changes(session: Session, row: Contact, changes: dict) -> dict:
    """The requested changes minus those that keep a field as it is (a form sends every field;
    only what the analyst changed is set, locked and recorded)."""
    if row.id is None:
        return changes
    state = contact_state(session, row)
    same = set()
    if (changes.get("date", row.date) or None) == row.date and \
            changes.get("date_precision", row.date_precision) == row.date_precision:
        same |= {"date", "date_precision"}
    if changes.get("kind", row.kind) == row.kind:
        same.add("kind")
    if "location" in changes and ((changes["location"] or "").strip() or None) == row.location:
        same.add("location")
    if "participants" in changes and not changes.get("new_participants") and \
            {int(i) for i in changes["participants"]} == {p[0] for p in state["participants"]}:
        same |= {"participants", "new_participants"}
    if "topics" in changes and set(changes["topics"]) == set(state["topics"]):
        same.add("topics")
    return {k: v for k, v in changes.items() if k not in same}


def _apply_contact_fields(session: Session, row: Contact, changes: dict, by: str, note: str) -> None:
    """Set and lock the fields given in ``changes`` (validated first; nothing set on error)."""
    known = {"date", "date_precision", "kind", "location", "participants", "new_participants", "topics"}
    unknown = set(changes) - known
    if unknown:
        raise ReviewError(f"unknown field(s): {', '.join(sorted(unknown))}")
    changes = _actual_changes(session, row, changes)
    locked = dict(row.locked or {})
    if "date" in changes or "date_precision" in changes:
        value = changes.get("date", row.date) or None
        precision = changes.get("date_precision") or ("unknown" if not value else row.date_precision)
        check_date(value, precision)
        reason = f"set by {by}" + (f": {note}" if note else "")
        locked["date"] = {"value": value, "precision": precision, "reason": reason}
        row.date, row.date_precision, row.date_reason = value, precision, reason
        row.date_sort = repository.period_start(value)
    if "kind" in changes:
        if changes["kind"] not in CONTACT_KINDS:
            raise ReviewError(f"kind must be one of {', '.join(CONTACT_KINDS)}")
        row.kind = locked["kind"] = changes["kind"]
    if "location" in changes:
        row.location = locked["location"] = (changes["location"] or "").strip() or None
    people = None
    if "participants" in changes or "new_participants" in changes:
        people = _actors(session, list(changes.get("participants", [])), list(changes.get("new_participants", [])))
        locked["participants"] = True
    topics = None
    if "topics" in changes:
        topics = _topics(session, list(changes["topics"]))
        locked["topics"] = True
    row.locked = locked
    session.add(row)
    session.flush()
    if people is not None:
        repository.set_participants(session, row, [(a, None, a.country) for a in people])
    if topics is not None:
        repository.set_topics(session, row, topics, exact=True)


def edit_contact(session: Session, contact_id: int, changes: dict, by: str, note: str = "") -> Contact:
    """Correct date (value and precision), kind, place, participants or topics."""
    row = live_contact(session, contact_id)
    if not _actual_changes(session, row, changes):
        raise ReviewError("nothing to change: every field already has that value")
    before = contact_state(session, row)
    _apply_contact_fields(session, row, changes, by, note.strip())
    _mark(row, "edited", by, note.strip())
    session.add(row)
    session.flush()
    record(session, "contact", row.id, "edit", by, before=before,  # type: ignore[arg-type]
           after=contact_state(session, row), note=note.strip())
    return row


def check_span(session: Session, article_id: int, start: int, end: int, quote: str | None) -> tuple[Article, str]:
    """The article and the exact quote of a selected passage (``text[start:end] == quote``)."""
    article = session.get(Article, article_id)
    if article is None:
        raise ReviewError(f"no article {article_id}", 404)
    if not (0 <= start < end <= len(article.text)):
        raise ReviewError(f"the passage {start}-{end} is outside the article (0-{len(article.text)})")
    found = article.text[start:end]
    if quote is not None and quote != found:
        raise ReviewError("the quote is not the article's text at these offsets")
    if not found.strip():
        raise ReviewError("the selected passage is empty")
    return article, found


def add_contact(session: Session, article_id: int, start: int, end: int, fields: dict, by: str,
                quote: str | None = None, note: str = "") -> Contact:
    """A contact the extraction missed, anchored to a passage the analyst selected."""
    article, quote = check_span(session, article_id, start, end, quote)
    fields = {"kind": "meeting", **fields}
    row = Contact(kind=fields["kind"], origin="analyst")
    session.add(row)
    session.flush()
    _apply_contact_fields(session, row, {"date_precision": "unknown", **fields}, by, note.strip())
    _mark(row, "confirmed", by, note.strip())
    prefix, suffix = repository.context_of(article.text, start, end)
    session.add(ContactSource(contact_id=row.id, article_id=article.id, start=start, end=end,  # type: ignore[arg-type]
                              quote=quote, date=row.date, date_precision=row.date_precision,
                              date_reason=row.date_reason, location=row.location, kind=row.kind,
                              prefix=prefix, suffix=suffix, origin="analyst"))
    session.flush()
    repository.recount_sources(session, row)
    record(session, "contact", row.id, "add", by, after=contact_state(session, row),  # type: ignore[arg-type]
           note=note.strip())
    return row


def _source_ids(session: Session, contact_id: int) -> list[int]:
    return list(session.exec(select(ContactSource.id).where(ContactSource.contact_id == contact_id)
                             .order_by(ContactSource.id)).all())


def merge_contact(session: Session, contact_id: int, into_id: int, by: str, note: str = "") -> Contact:
    """Two contacts that are one event: sources, participants and topics pooled into ``into``;
    the merged-away id redirects to it."""
    if contact_id == into_id:
        raise ReviewError("a contact cannot be merged into itself")
    row, into = live_contact(session, contact_id), live_contact(session, into_id)
    row_before, into_before = contact_state(session, row), contact_state(session, into)
    moved = _source_ids(session, contact_id)
    for source in session.exec(select(ContactSource).where(ContactSource.contact_id == contact_id)).all():
        source.contact_id = into_id
        session.add(source)
    have = {p[0] for p in into_before["participants"]}
    added_people = [p for p in row_before["participants"] if p[0] not in have]
    added_topics = [t for t in row_before["topics"] if t not in into_before["topics"]]
    people = [(session.get(Actor, a), r, c) for a, r, c in into_before["participants"] + added_people]
    repository.set_participants(session, into, people)  # type: ignore[arg-type]
    repository.set_topics(session, into, into_before["topics"] + added_topics)
    if row.date and into.date and not (row.date.startswith(into.date) or into.date.startswith(row.date)):
        conflicts = dict(into.conflicts or {})
        conflicts["date"] = list(dict.fromkeys([*conflicts.get("date", []), into.date, row.date]))
        into.conflicts = conflicts
    row.merged_into = into_id
    session.add(row)
    session.flush()
    repository.recount_sources(session, into)
    repository.recount_sources(session, row)
    change = {"merged_into": into_id, "sources": moved, "added_participants": added_people,
              "added_topics": added_topics}
    record(session, "contact", contact_id, "merge", by, before={"merged_into": None},
           after=change, note=note.strip())
    record(session, "contact", into_id, "merge", by, before=into_before,
           after={"absorbed": contact_id, **change, **contact_state(session, into)}, note=note.strip())
    return into


def split_source(session: Session, contact_id: int, source_id: int, by: str, note: str = "") -> Contact:
    """One source taken off into a contact of its own (built from what that source said)."""
    row = live_contact(session, contact_id)
    source = session.get(ContactSource, source_id)
    if source is None or source.contact_id != contact_id:
        raise ReviewError(f"source {source_id} is not evidence of contact {contact_id}", 404)
    if len(_source_ids(session, contact_id)) < 2:
        raise ReviewError("a contact with one source cannot be split")
    before = contact_state(session, row)
    fresh = Contact(kind=source.kind or row.kind, origin=row.origin if row.origin != "analyst" else "analyst")
    session.add(fresh)
    session.flush()
    source.contact_id = fresh.id  # type: ignore[assignment]
    session.add(source)
    session.flush()
    if not source.finding:  # no finding of its own: it said what the contact says
        _restore_contact(session, fresh, {k: v for k, v in before.items()
                                          if k not in ("review_status", "review_note", "reviewed_by")})
    rebuild(session, fresh)
    rebuild(session, row)
    _mark(fresh, "edited", by, note.strip())
    session.add(fresh)
    session.flush()
    record(session, "contact", contact_id, "split", by, before=before,
           after={"split_to": fresh.id, "source": source_id, **contact_state(session, row)},
           note=note.strip())
    record(session, "contact", fresh.id, "split", by, before={},  # type: ignore[arg-type]
           after={"split_from": contact_id, "source": source_id, **contact_state(session, fresh)},
           note=note.strip())
    return fresh


# ---------------------------------------------------------------- claims


def claim_state(row: Claim) -> dict:
    return {"kind": row.kind, "hedged": row.hedged, "attributed_to": row.attributed_to,
            "attributed_actor_id": row.attributed_actor_id, "review_status": row.review_status,
            "review_note": row.review_note, "reviewed_by": row.reviewed_by,
            "needs_rereview": row.needs_rereview, "locked": dict(row.locked or {})}


def _restore_claim(session: Session, row: Claim, state: dict) -> None:
    for name, value in state.items():
        setattr(row, name, dict(value) if name == "locked" else value)
    session.add(row)
    session.flush()


def review_claim(session: Session, claim_id: int, status: str, by: str, note: str = "") -> Claim:
    if status not in REVIEW_STATUSES:
        raise ReviewError(f"status must be one of {', '.join(REVIEW_STATUSES)}")
    row = _claim(session, claim_id)
    before = claim_state(row)
    _mark(row, status, by, note.strip())
    session.add(row)
    session.flush()
    record(session, "claim", claim_id, "review", by, before=before, after=claim_state(row),
           note=note.strip())
    return row


def _apply_claim_fields(session: Session, row: Claim, changes: dict) -> None:
    unknown = set(changes) - {"kind", "hedged", "speaker", "speaker_id"}
    if unknown:
        raise ReviewError(f"unknown field(s): {', '.join(sorted(unknown))}")
    locked = dict(row.locked or {})
    if "kind" in changes:
        if changes["kind"] not in CLAIM_KINDS:
            raise ReviewError(f"kind must be one of {', '.join(CLAIM_KINDS)}")
        row.kind = locked["kind"] = changes["kind"]
    if "hedged" in changes:
        row.hedged = locked["hedged"] = bool(changes["hedged"])
    if changes.get("speaker_id"):
        actor = session.get(Actor, int(changes["speaker_id"]))
        if actor is None:
            raise ReviewError(f"no actor {changes['speaker_id']}")
        row.attributed_actor_id, row.attributed_to = actor.id, actor.name
        locked["speaker"] = True
    elif "speaker" in changes:
        name = (changes["speaker"] or "").strip()
        actor = repository.upsert_actor(session, name) if name else None
        row.attributed_to = name or None
        row.attributed_actor_id = actor.id if actor else None
        locked["speaker"] = True
    row.locked = locked


def edit_claim(session: Session, claim_id: int, changes: dict, by: str, note: str = "") -> Claim:
    """Correct a claim's kind, speaker or hedging."""
    if not changes:
        raise ReviewError("nothing to change")
    row = _claim(session, claim_id)
    before = claim_state(row)
    _apply_claim_fields(session, row, changes)
    _mark(row, "edited", by, note.strip())
    session.add(row)
    session.flush()
    record(session, "claim", claim_id, "edit", by, before=before, after=claim_state(row),
           note=note.strip())
    return row


def add_claim(session: Session, article_id: int, start: int, end: int, fields: dict, by: str,
              quote: str | None = None, note: str = "") -> Claim:
    """A claim the extraction missed, anchored to a selected passage."""
    article, quote = check_span(session, article_id, start, end, quote)
    prefix, suffix = repository.context_of(article.text, start, end)
    row = Claim(article_id=article_id, start=start, end=end, text=quote, kind="statement",
                prefix=prefix, suffix=suffix, origin="analyst")
    _apply_claim_fields(session, row, {"kind": "statement", **fields})
    row.date, row.date_precision = article.published, article.published_precision
    row.date_reason, row.date_sort = "publication date of the article", article.published_sort
    _mark(row, "confirmed", by, note.strip())
    session.add(row)
    session.flush()
    record(session, "claim", row.id, "add", by, after=claim_state(row), note=note.strip())  # type: ignore[arg-type]
    return row


# ---------------------------------------------------------------- actors


def add_alias(session: Session, actor_id: int, alias: str, by: str) -> Actor:
    """Another spelling of an actor (a garbled one seen in an article)."""
    actor = session.get(Actor, actor_id)
    if actor is None:
        raise ReviewError(f"no actor {actor_id}", 404)
    alias = alias.strip()
    if not alias or len(alias) > 120:
        raise ReviewError("an alias is 1 to 120 characters")
    if alias in actor.aliases:
        raise ReviewError(f"{alias!r} is already an alias of {actor.name}")
    before = {"aliases": list(actor.aliases)}
    actor.aliases = [*actor.aliases, alias]
    session.add(actor)
    session.flush()
    record(session, "actor", actor_id, "alias", by, before=before, after={"aliases": list(actor.aliases)})
    return actor


def merge_actors(session: Session, actor_id: int, into_id: int, by: str) -> Actor:
    """Two actor rows that are one person: every contact and claim link moves to ``into``."""
    if actor_id == into_id:
        raise ReviewError("an actor cannot be merged into itself")
    actor, into = session.get(Actor, actor_id), session.get(Actor, into_id)
    if actor is None or into is None:
        raise ReviewError("no such actor", 404)
    contacts = []
    for link in session.exec(select(ContactParticipant).where(ContactParticipant.actor_id == actor_id)).all():
        contacts.append(link.contact_id)
        clash = session.exec(select(ContactParticipant).where(
            ContactParticipant.contact_id == link.contact_id, ContactParticipant.actor_id == into_id)).first()
        if clash is None:
            link.actor_id = into_id
            session.add(link)
        else:
            session.delete(link)
    claims = list(session.exec(select(ClaimActor.claim_id).where(ClaimActor.actor_id == actor_id)).all())
    for claim_id in claims:
        session.exec(delete(ClaimActor).where(ClaimActor.claim_id == claim_id, ClaimActor.actor_id == actor_id))  # type: ignore[call-overload]
        if session.get(ClaimActor, (claim_id, into_id)) is None:
            session.add(ClaimActor(claim_id=claim_id, actor_id=into_id))
    for claim in session.exec(select(Claim).where(Claim.attributed_actor_id == actor_id)).all():
        claim.attributed_actor_id = into_id
        session.add(claim)
    into.aliases = list(dict.fromkeys([*into.aliases, actor.name, *actor.aliases]))
    # The merged row stays (its key keeps resolving) but names nobody any more.
    actor.aliases = []
    session.add_all([into, actor])
    session.flush()
    record(session, "actor", into_id, "merge", by, before={},
           after={"absorbed": actor_id, "name": actor.name, "contacts": contacts, "claims": claims})
    record(session, "actor", actor_id, "merge", by, before={}, after={"merged_into": into_id})
    return into


# ---------------------------------------------------------------- revert


def revert(session: Session, event_id: int, by: str, note: str = "") -> ReviewEvent:
    """Undo one event by recording a new one (the history itself is never changed)."""
    event = session.get(ReviewEvent, event_id)
    if event is None:
        raise ReviewError(f"no history event {event_id}", 404)
    note = note.strip() or f"reverts event {event_id}"
    if event.target == "contact":
        return _revert_contact(session, event, by, note)
    if event.target == "claim":
        row = _claim(session, event.target_id)
        current = claim_state(row)
        target_state = event.before if event.action != "add" else {
            **current, "review_status": "rejected", "review_note": "added claim withdrawn"}
        _restore_claim(session, row, target_state)
        return record(session, "claim", row.id, "revert", by, before=current,  # type: ignore[arg-type]
                      after=claim_state(row), note=note, reverts=event_id)
    if event.target == "actor" and event.action == "alias":
        actor = session.get(Actor, event.target_id)
        if actor is None:
            raise ReviewError("the actor no longer exists", 409)
        current = {"aliases": list(actor.aliases)}
        actor.aliases = list(event.before.get("aliases", []))
        session.add(actor)
        return record(session, "actor", actor.id, "revert", by, before=current,  # type: ignore[arg-type]
                      after={"aliases": list(actor.aliases)}, note=note, reverts=event_id)
    raise ReviewError(f"a {event.target} {event.action} cannot be reverted", 409)


def _revert_contact(session: Session, event: ReviewEvent, by: str, note: str) -> ReviewEvent:
    row = session.get(Contact, event.target_id)
    if row is None:
        raise ReviewError("the contact no longer exists", 409)
    if event.action == "merge" and "merged_into" in event.after and "absorbed" not in event.after:
        return _unmerge(session, row, event, by, note)
    if event.action == "merge":
        absorbed = session.exec(select(ReviewEvent).where(
            ReviewEvent.target == "contact", ReviewEvent.target_id == event.after["absorbed"],
            ReviewEvent.action == "merge", ReviewEvent.id < event.id).order_by(ReviewEvent.id.desc())).first()  # type: ignore[union-attr]
        if absorbed is None:
            raise ReviewError("the merge record is incomplete", 409)
        return _unmerge(session, session.get(Contact, event.after["absorbed"]), absorbed, by, note)  # type: ignore[arg-type]
    if event.action == "split":
        return _unsplit(session, event, by, note)
    live_contact(session, row.id)  # type: ignore[arg-type]
    current = contact_state(session, row)
    if event.action == "add":
        state = {**current, "review_status": "rejected", "review_note": "added contact withdrawn"}
    else:
        state = event.before
    _restore_contact(session, row, state)
    return record(session, "contact", row.id, "revert", by, before=current,  # type: ignore[arg-type]
                  after=contact_state(session, row), note=note, reverts=event.id)


def _unmerge(session: Session, row: Contact, event: ReviewEvent, by: str, note: str) -> ReviewEvent:
    into_id = event.after["merged_into"]
    if row.merged_into != into_id:
        raise ReviewError("this merge was already undone", 409)
    into = live_contact(session, into_id)
    moved = set(event.after.get("sources", []))
    for source in session.exec(select(ContactSource).where(ContactSource.contact_id == into_id)).all():
        if source.id in moved:
            source.contact_id = row.id  # type: ignore[assignment]
            session.add(source)
    row.merged_into = None
    session.add(row)
    session.flush()
    added = {p[0] for p in event.after.get("added_participants", [])}
    keep = [(session.get(Actor, link.actor_id), link.role, link.country) for link in session.exec(
        select(ContactParticipant).where(ContactParticipant.contact_id == into_id)).all()
        if link.actor_id not in added]
    repository.set_participants(session, into, keep)  # type: ignore[arg-type]
    topics = [t for t in session.exec(select(ContactTopic.topic_slug).where(ContactTopic.contact_id == into_id)).all()
              if t not in set(event.after.get("added_topics", []))]
    repository.set_topics(session, into, topics, exact=True)
    repository.recount_sources(session, into)
    repository.recount_sources(session, row)
    session.flush()
    return record(session, "contact", row.id, "revert", by, before={"merged_into": into_id},  # type: ignore[arg-type]
                  after={"merged_into": None, "sources": sorted(moved)}, note=note, reverts=event.id)


def _unsplit(session: Session, event: ReviewEvent, by: str, note: str) -> ReviewEvent:
    original_id = event.after.get("split_from", event.target_id)
    fresh_id = event.after.get("split_to", event.target_id)
    source = session.get(ContactSource, event.after["source"])
    fresh = session.get(Contact, fresh_id)
    if source is None or fresh is None or source.contact_id != fresh_id or fresh.merged_into is not None:
        raise ReviewError("this split was already undone or changed since", 409)
    original = live_contact(session, original_id)
    source.contact_id = original_id
    fresh.merged_into = original_id
    session.add_all([source, fresh])
    session.flush()
    rebuild(session, original)
    repository.recount_sources(session, fresh)
    return record(session, "contact", original_id, "revert", by,
                  before={"split_to": fresh_id}, after={"merged_into": original_id, "source": source.id},
                  note=note, reverts=event.id)


def pending_count(session: Session) -> int:
    """Unreviewed and suggested contacts (the review queue's length)."""
    return session.exec(select(func.count()).select_from(Contact).where(
        Contact.review_status.in_(("unreviewed", "suggested")),  # type: ignore[attr-defined]
        Contact.merged_into.is_(None), Contact.retired.is_(False))).one()  # type: ignore[union-attr]
