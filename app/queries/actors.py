"""Actors: name/alias resolution for the filter box, and one actor's page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import yaml
from sqlalchemy import func, or_, select
from sqlmodel import Session

from app.extraction.datafiles import data_file
from app.extraction.textfold import fold_key
from app.queries.filters import Filter
from app.queries.timeline import CP, ContactRow, load_rows, newest_first, review_conditions
from app.storage.models import Actor, Article, Claim, ClaimActor, Contact


def actors_in_contacts(session: Session) -> list[Actor]:
    """Actors that take part in at least one contact (the choices of the actor filter)."""
    used = select(CP.actor_id).distinct()
    return list(session.execute(
        select(Actor).where(Actor.id.in_(used)).order_by(Actor.name)).scalars())


def resolve_actor_keys(session: Session, typed: str) -> list[Actor]:
    """Actors a typed name or alias designates, accent- and case-insensitive.

    An exact name/alias match wins ("Poutine" -> Vladimir Putin); otherwise every actor whose
    name or alias contains the typed text (the caller decides what to do with several).
    """
    wanted = fold_key(typed)
    if not wanted:
        return []
    exact, partial = [], []
    for actor in actors_in_contacts(session):
        names = [fold_key(n) for n in [actor.name, *(actor.aliases or [])]]
        if wanted in names:
            exact.append(actor)
        elif any(wanted in n for n in names):
            partial.append(actor)
    return exact or partial


@dataclass
class ActorView:
    actor: Actor
    contacts: list[ContactRow]
    counterparts: list[tuple[Actor, int]]
    claims_by: list[tuple[Claim, Article]]
    claims_about: list[tuple[Claim, Article]]


def actor_view(session: Session, actor_id: int) -> ActorView | None:
    actor = session.get(Actor, actor_id)
    if actor is None:
        return None
    their_contacts = select(CP.contact_id).where(CP.actor_id == actor_id)
    contacts = session.execute(
        newest_first(select(Contact).where(Contact.id.in_(their_contacts), *review_conditions(Filter())))
    ).scalars().all()
    rows = load_rows(session, contacts)
    tally: Counter[int] = Counter()
    people: dict[int, Actor] = {}
    others = session.execute(
        select(CP.contact_id, Actor).join(Actor, Actor.id == CP.actor_id)
        .where(CP.contact_id.in_(their_contacts), CP.actor_id != actor_id)).all()
    for _contact_id, other in others:
        tally[other.id] += 1
        people[other.id] = other
    claims_by = session.execute(
        select(Claim, Article).join(Article, Article.id == Claim.article_id)
        .where(Claim.attributed_actor_id == actor_id)
        .order_by(Claim.date_sort.desc().nulls_last(), Claim.id)).all()
    claims_about = session.execute(
        select(Claim, Article).join(Article, Article.id == Claim.article_id)
        .where(Claim.id.in_(select(ClaimActor.claim_id).where(ClaimActor.actor_id == actor_id)),
               or_(Claim.attributed_actor_id.is_(None), Claim.attributed_actor_id != actor_id))
        .order_by(Claim.date_sort.desc().nulls_last(), Claim.id)).all()
    return ActorView(actor=actor, contacts=rows,
                     counterparts=[(people[i], n) for i, n in tally.most_common()],
                     claims_by=[tuple(r) for r in claims_by],
                     claims_about=[tuple(r) for r in claims_about])


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO code -> English name, from the ``countries.yaml`` data file (validated on load)."""
    raw = yaml.safe_load(data_file("countries.yaml").read_text(encoding="utf-8")) or {}
    names = {}
    for code, name in raw.items():
        if not (isinstance(code, str) and len(code) == 2 and code.isupper() and isinstance(name, str)):
            raise ValueError(f"countries.yaml: bad entry {code!r}: {name!r}")
        names[code] = name
    return names


def country_name(code: str | None) -> str | None:
    return country_names().get(code, code) if code else None


def current_role(roles: list[dict], on: str | None = None) -> str | None:
    """The office held on ``on`` (default: the latest one still held, else the last one)."""
    if not roles:
        return None
    if on:
        held = [r for r in roles if (r.get("start") or "") <= on <= (r.get("end") or "9999")]
        if held:
            return held[-1].get("title")
    open_roles = [r for r in roles if not r.get("end")]
    return (open_roles or roles)[-1].get("title")


@dataclass
class ActorSummary:
    id: int
    key: str
    name: str
    country: str | None
    country_name: str | None
    kind: str
    role: str | None
    contacts: int
    last_contact: str | None  # first day of the latest dated contact
    aliases: list[str]


ACTOR_SORTS = {"name": "name", "contacts": "most contacts", "last": "latest contact",
               "country": "country"}


def actor_summaries(session: Session, q: str = "", sort: str = "name") -> list[ActorSummary]:
    """Every actor taking part in a contact, with the role held at the last contact, country
    name, contact count and last contact date; ``q`` keeps those whose name or alias contains it (accents and case aside).
    Only the contacts the timeline shows count (not rejected, merged-away or possible ones)."""
    count = func.count(CP.contact_id.distinct())
    last = func.max(Contact.date_sort)
    rows = session.execute(
        select(Actor, count, last).join(CP, CP.actor_id == Actor.id)
        .join(Contact, Contact.id == CP.contact_id).where(*review_conditions(Filter()))
        .group_by(Actor.id)).all()
    wanted = fold_key(q)
    found = []
    for actor, n, latest in rows:
        if wanted and not any(wanted in fold_key(x) for x in [actor.name, *(actor.aliases or [])]):
            continue
        found.append(ActorSummary(actor.id, actor.key, actor.name, actor.country,
                                  country_name(actor.country), actor.kind,
                                  current_role(actor.roles or [], latest), n, latest,
                                  list(actor.aliases or [])))
    found.sort(key=lambda a: a.name.lower())
    if sort == "contacts":
        found.sort(key=lambda a: a.contacts, reverse=True)
    elif sort == "last":  # newest first, actors with only undated contacts last
        found.sort(key=lambda a: a.last_contact or "", reverse=True)
    elif sort == "country":
        found.sort(key=lambda a: a.country_name or "~")
    return found
