"""Actors: name/alias resolution for the filter box, and one actor's page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlmodel import Session

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
