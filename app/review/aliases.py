"""Aliases analysts add to actors, taught to the loaded gazetteer before an extraction runs.

The extraction stays pure (it reads its gazetteer, never the database); ingestion and
re-extraction call ``teach_aliases`` first, so a garbled spelling an analyst recorded is found
as that actor from the next extraction on. An actor the gazetteer did not know (found by name
recognition only) joins it under its stored key, so its contacts keep landing on the same row.
"""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session, select

from app.extraction.gazetteer import ActorEntry, get_gazetteer
from app.extraction.textfold import fold
from app.storage.models import Actor, ReviewEvent


def teach_aliases(session: Session) -> int:
    """Add every analyst-recorded alias missing from the gazetteer; returns how many."""
    actor_ids = session.exec(select(ReviewEvent.target_id).where(
        ReviewEvent.target == "actor", ReviewEvent.action == "alias").distinct()).all()
    if not actor_ids:
        return 0
    gazetteer = get_gazetteer()
    known = gazetteer._alias_to_key  # noqa: SLF001 - the gazetteer's own alias index
    added = 0
    for actor in session.exec(select(Actor).where(Actor.id.in_(actor_ids))).all():  # type: ignore[attr-defined]
        new = tuple(a for a in actor.aliases if a.strip() and fold(a) not in known)
        if not new:
            continue
        entry = gazetteer.actors.get(actor.key) or ActorEntry(
            key=actor.key, name=actor.name, country=actor.country, kind=actor.kind, aliases=())
        gazetteer.actors[actor.key] = replace(entry, aliases=entry.aliases + new)
        for alias in new:
            known[fold(alias)] = actor.key
        added += len(new)
    if added:
        gazetteer._build()  # noqa: SLF001 - rebuild the mention pattern with the new aliases
    return added
