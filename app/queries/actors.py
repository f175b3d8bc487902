"""Actors: name/alias resolution for the filter box, and one actor's page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session

from app.extraction.textfold import fold_key
from app.queries.filters import Filter
from app.queries.timeline import CP, Page, list_page, undated_condition
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


CLAIMS_SHOWN = 50


@dataclass
class ActorView:
    actor: Actor
    page: Page  # one page of their contacts, newest first
    undated: int  # how many of their contacts are undated
    counterparts: list[tuple[Actor, int]]
    claims_by: list[tuple[Claim, Article]]  # the newest CLAIMS_SHOWN
    claims_about: list[tuple[Claim, Article]]
    claims_by_total: int = 0
    claims_about_total: int = 0

    @property
    def filter(self) -> Filter:
        """The timeline filter showing this actor's contacts."""
        return Filter(actor=(self.actor.key,))


def actor_view(session: Session, actor_id: int, page: int = 1) -> ActorView | None:
    """The actor, one page of their contacts, every counterpart with its count, and the newest
    claims by and about them (with totals)."""
    actor = session.get(Actor, actor_id)
    if actor is None:
        return None
    f = Filter(actor=(actor.key,), page=page)
    their_contacts = select(CP.contact_id).where(CP.actor_id == actor_id)
    tally = session.execute(
        select(CP.actor_id, func.count(CP.contact_id.distinct()))
        .where(CP.contact_id.in_(their_contacts), CP.actor_id != actor_id)
        .group_by(CP.actor_id)).all()
    people = {a.id: a for a in session.execute(
        select(Actor).where(Actor.id.in_([i for i, _n in tally]))).scalars()} if tally else {}
    counterparts = sorted(((people[i], n) for i, n in tally), key=lambda item: (-item[1], item[0].name))
    by = Claim.attributed_actor_id == actor_id
    about = and_(Claim.id.in_(select(ClaimActor.claim_id).where(ClaimActor.actor_id == actor_id)),
                 or_(Claim.attributed_actor_id.is_(None), Claim.attributed_actor_id != actor_id))
    return ActorView(
        actor=actor, page=list_page(session, f),
        undated=session.execute(select(func.count()).select_from(Contact).where(
            undated_condition(), Contact.id.in_(their_contacts))).scalar_one(),
        counterparts=counterparts,
        claims_by=_newest_claims(session, by), claims_about=_newest_claims(session, about),
        claims_by_total=_count_claims(session, by), claims_about_total=_count_claims(session, about))


def _newest_claims(session: Session, condition) -> list[tuple[Claim, Article]]:
    return [tuple(r) for r in session.execute(
        select(Claim, Article).join(Article, Article.id == Claim.article_id).where(condition)
        .order_by(Claim.date_sort.desc().nulls_last(), Claim.id).limit(CLAIMS_SHOWN)).all()]


def _count_claims(session: Session, condition) -> int:
    return session.execute(select(func.count()).select_from(Claim).where(condition)).scalar_one()
