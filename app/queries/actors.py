"""Actors: name/alias resolution for the filter box, and one actor's page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import Session

from app.extraction.datafiles import data_file
from app.extraction.textfold import fold_key
from app.queries.filters import Filter
from app.queries.timeline import CP, Page, list_page, review_conditions, undated_condition
from app.queries.versioned import VersionedCache, version_key
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
    # The contacts of theirs the timeline shows (not rejected, merged-away or possible ones).
    their_contacts = (select(CP.contact_id).join(Contact, Contact.id == CP.contact_id)
                      .where(CP.actor_id == actor_id, *review_conditions(f)))
    tally = session.execute(
        select(CP.actor_id, func.count(CP.contact_id.distinct()))
        .where(CP.contact_id.in_(their_contacts), CP.actor_id != actor_id)
        .group_by(CP.actor_id)).all()
    people = {a.id: a for a in session.execute(
        select(Actor).where(Actor.id.in_([i for i, _n in tally]))).scalars()} if tally else {}
    counterparts = sorted(((people[i], n) for i, n in tally), key=lambda item: (-item[1], item[0].name))
    by = Claim.attributed_actor_id == actor_id
    not_by = or_(Claim.attributed_actor_id.is_(None), Claim.attributed_actor_id != actor_id)
    mentions = select(ClaimActor.claim_id).where(ClaimActor.actor_id == actor_id)
    about_total = _count_claims(session, and_(Claim.id.in_(mentions), not_by))
    return ActorView(
        actor=actor, page=list_page(session, f),
        undated=session.execute(select(func.count()).select_from(Contact).where(
            undated_condition(), Contact.id.in_(their_contacts))).scalar_one(),
        counterparts=counterparts,
        claims_by=_newest_claims(session, by),
        claims_about=_newest_claims(session, and_(_mentioned(session, mentions, about_total), not_by)),
        claims_by_total=_count_claims(session, by), claims_about_total=about_total)


def _mentioned(session: Session, mentions: Select, mentioned: int) -> ColumnElement:
    """Claims among ``mentions`` (``mentioned`` of them), phrased for the fastest way to their
    newest: an actor named in one claim in twenty or more is found walking the claims' date
    index from the newest (a few hundred steps); a rarer one by reading their few claims and
    sorting them (the walk would cross nearly every claim)."""
    stored = session.execute(select(func.max(Claim.id))).scalar_one() or 0
    if mentioned * 20 >= stored:
        return exists(mentions.where(ClaimActor.claim_id == Claim.id))
    return Claim.id.in_(mentions)


def _newest_claims(session: Session, condition) -> list[tuple[Claim, Article]]:
    return [tuple(r) for r in session.execute(
        select(Claim, Article).join(Article, Article.id == Claim.article_id).where(condition)
        .order_by(Claim.date_sort.desc().nulls_last(), Claim.id).limit(CLAIMS_SHOWN)).all()]


def _count_claims(session: Session, condition) -> int:
    return session.execute(select(func.count()).select_from(Claim).where(condition)).scalar_one()


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
    name, contact count and last contact date; ``q`` keeps those whose name or alias contains
    it (accents and case aside). Only the contacts the timeline shows count (not rejected,
    merged-away or possible ones). Counted once per data version."""
    wanted = fold_key(q)
    found = [a for a in _summaries.get_or_compute(version_key(session, "actors"),
                                                  lambda: _all_summaries(session))
             if not wanted or any(wanted in fold_key(x) for x in [a.name, *a.aliases])]
    if sort == "contacts":
        found.sort(key=lambda a: a.contacts, reverse=True)
    elif sort == "last":  # newest first, actors with only undated contacts last
        found.sort(key=lambda a: a.last_contact or "", reverse=True)
    elif sort == "country":
        found.sort(key=lambda a: a.country_name or "~")
    return found


_summaries: VersionedCache[list[ActorSummary]] = VersionedCache(4)


def _all_summaries(session: Session) -> list[ActorSummary]:
    """Every actor's summary, by name: one GROUP BY over their participations."""
    count = func.count(CP.contact_id.distinct())
    last = func.max(Contact.date_sort)
    rows = session.execute(
        select(Actor, count, last).join(CP, CP.actor_id == Actor.id)
        .join(Contact, Contact.id == CP.contact_id).where(*review_conditions(Filter()))
        .group_by(Actor.id)).all()
    summaries = [ActorSummary(actor.id, actor.key, actor.name, actor.country,
                              country_name(actor.country), actor.kind,
                              current_role(actor.roles or [], latest), n, latest,
                              list(actor.aliases or [])) for actor, n, latest in rows]
    return sorted(summaries, key=lambda a: a.name.lower())
