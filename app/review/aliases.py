"""Aliases analysts add to actors, taught to the loaded gazetteer before an extraction runs.

The extraction stays pure (it reads its gazetteer, never the database); ingestion and
re-extraction call ``teach_aliases`` first, so a garbled spelling an analyst recorded is found
as that actor from the next extraction on. An actor the gazetteer did not know (found by name
recognition only) joins it under its stored key, so its contacts keep landing on the same row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sqlmodel import Session, select

from app.extraction.gazetteer import ActorEntry, get_gazetteer
from app.extraction.textfold import fold
from app.storage.models import Actor, ReviewEvent

# What an extraction needs to know of one actor analysts gave aliases to (plain values, so it
# can be sent to an extraction worker): key, name, country, kind, aliases.
Lesson = tuple[str, str, str | None, str, tuple[str, ...]]


def recorded_aliases(session: Session) -> tuple[Lesson, ...]:
    """Every actor with an analyst-recorded alias, with its aliases."""
    actor_ids = session.exec(select(ReviewEvent.target_id).where(
        ReviewEvent.target == "actor", ReviewEvent.action == "alias").distinct()).all()
    if not actor_ids:
        return ()
    actors = session.exec(select(Actor).where(Actor.id.in_(actor_ids)).order_by(Actor.id)).all()  # type: ignore[attr-defined]
    return tuple((a.key, a.name, a.country, a.kind, tuple(a.aliases)) for a in actors)


def teach(lessons: Iterable[Lesson]) -> int:
    """Add the aliases of ``lessons`` missing from this process's gazetteer; returns how many."""
    lessons = tuple(lessons)
    if not lessons:
        return 0
    gazetteer = get_gazetteer()
    known = gazetteer._alias_to_key  # noqa: SLF001 - the gazetteer's own alias index
    added = 0
    for key, name, country, kind, aliases in lessons:
        new = tuple(a for a in aliases if a.strip() and fold(a) not in known)
        if not new:
            continue
        entry = gazetteer.actors.get(key) or ActorEntry(
            key=key, name=name, country=country, kind=kind, aliases=())
        gazetteer.actors[key] = replace(entry, aliases=entry.aliases + new)
        for alias in new:
            known[fold(alias)] = key
        added += len(new)
    if added:
        gazetteer._build()  # noqa: SLF001 - rebuild the mention pattern with the new aliases
    return added


def teach_aliases(session: Session) -> int:
    """Add every analyst-recorded alias missing from the gazetteer; returns how many."""
    return teach(recorded_aliases(session))
