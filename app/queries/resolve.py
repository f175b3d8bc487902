"""Check a Filter against what the store and the gazetteer know, before any query runs.

Actor keys, topics and kinds that name nothing, an actor box that names no one (or several), and
fields that do not apply to the view become ``Problem``s of the Filter, so the page shows them
next to their field, the API and exports answer 400, and every query matches nothing.
An actor of the gazetteer with no contact yet is a valid choice: the answer is simply empty.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, get_args

from sqlalchemy import select
from sqlmodel import Session

from app.extraction.gazetteer import get_gazetteer
from app.extraction.records import ClaimKind, ContactKind
from app.extraction.textfold import fold_key
from app.extraction.topics import get_taxonomy
from app.queries.filters import Filter, Problem
from app.storage.models import Actor, Topic

View = Literal["contacts", "claims"]
KINDS = {"contacts": get_args(ContactKind), "claims": get_args(ClaimKind)}
# Fields that mean something for one view only.
CLAIM_SORTS = ("newest", "oldest", "kind")
ONLY_FOR = {"speaker": "claims", "hedged": "claims", "corroborated": "contacts",
            "country": "contacts", "lane": "contacts", "review": "contacts"}


@dataclass(frozen=True)
class KnownActor:
    key: str
    name: str
    country: str | None
    names: tuple[str, ...]  # folded name and aliases


def known_actors(session: Session) -> dict[str, KnownActor]:
    """Every actor the store or the gazetteer knows, by key (once per session)."""
    cached = session.info.get("known_actors")
    if cached is not None:
        return cached
    known: dict[str, KnownActor] = {}
    for entry in get_gazetteer().actors.values():
        known[entry.key] = KnownActor(entry.key, entry.name, entry.country,
                                      tuple({fold_key(a) for a in entry.aliases}))
    for key, name, country, aliases in session.execute(
            select(Actor.key, Actor.name, Actor.country, Actor.aliases)).all():
        names = {fold_key(n) for n in [name, *(aliases or [])]}
        if key in known:
            names |= set(known[key].names)
        known[key] = KnownActor(key, name, country, tuple(sorted(names)))
    session.info["known_actors"] = known
    return known


def actors_named(session: Session, typed: str) -> list[KnownActor]:
    """Actors a typed name or alias designates, accent- and case-insensitive: an exact name or
    alias wins ("Poutine" -> Vladimir Putin), else every actor whose name contains the text."""
    wanted = fold_key(typed)
    if not wanted:
        return []
    actors = known_actors(session).values()
    exact = [a for a in actors if wanted in a.names]
    if exact:
        return exact
    return sorted((a for a in actors if any(wanted in n for n in a.names)), key=lambda a: a.name)


def known_topics(session: Session) -> set[str]:
    stored = set(session.execute(select(Topic.slug)).scalars())
    return stored | set(get_taxonomy().slugs)


@dataclass
class Resolved:
    """The filter with every problem attached, and the candidates of an ambiguous actor box."""

    filter: Filter
    candidates: list[KnownActor]

    @property
    def problems(self) -> list[Problem]:
        return self.filter.problems


def resolve(session: Session, f: Filter, view: View = "contacts") -> Resolved:
    """``f`` with the typed actor resolved to a key and every unresolvable value a problem."""
    problems: list[Problem] = []
    candidates: list[KnownActor] = []
    if f.who and not f.problems_of("who"):
        found = actors_named(session, f.who)
        if len(found) == 1:
            key = found[0].key
            f = f.with_(actor=f.actor + (() if key in f.actor else (key,)), who="", page=f.page)
        elif not found:
            problems.append(Problem("who", f.who, f"No actor is called “{f.who}”"))
        else:
            candidates = found[:20]
            problems.append(Problem("who", f.who, f"Several actors match “{f.who}”: pick one"))
    known = known_actors(session)
    for name in ("actor", "speaker"):
        problems += [Problem(name, key, f"No actor has the key “{key}”")
                     for key in getattr(f, name) if key not in known]
    if f.topic:
        topics = known_topics(session)
        problems += [Problem("topic", slug, f"No topic is called “{slug}”")
                     for slug in f.topic if slug not in topics]
    problems += [Problem("kind", kind, f"“{kind}” is not a kind of {view[:-1]} "
                                       f"({', '.join(KINDS[view])})")
                 for kind in f.kind if kind not in KINDS[view]]
    misplaced = {name for name, only in ONLY_FOR.items() if only != view}
    problems += [Problem(name, value, f"“{name}” applies to {ONLY_FOR[name]} only")
                 for name, value in f.to_pairs() if name in misplaced]
    if view == "claims" and f.sort == "sources":
        problems.append(Problem("sort", f.sort, "claims sort by date or kind, not by sources"))
    return Resolved(replace(f, unresolved=tuple(problems)), candidates)


def actor_label(session: Session, key: str) -> str:
    """The display name of an actor key (the key itself when unknown)."""
    actor = known_actors(session).get(key)
    return actor.name if actor else key
