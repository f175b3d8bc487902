"""Facet counts: for each facet, how many contacts each option would give.

Options of an any-of facet (topic, kind, country, outlet) are counted with that facet cleared, so
that picking another option shows what it would add. Actors are all-of (every chosen actor takes
part), so their counts are taken within the current selection: "who else is in these contacts".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlmodel import Session

from app.queries.filters import REVIEW_STATUSES, Filter
from app.queries.timeline import CP, CS, CT, restrict
from app.storage.models import Actor, Article, Contact, Topic

ACTOR_LIMIT = 25


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facets:
    actor: list[Option] = field(default_factory=list)
    topic: list[Option] = field(default_factory=list)
    kind: list[Option] = field(default_factory=list)
    country: list[Option] = field(default_factory=list)
    outlet: list[Option] = field(default_factory=list)
    review: list[Option] = field(default_factory=list)
    corroborated: int = 0
    total: int = 0
    undated: int = 0

    def label(self, name: str, value: str) -> str:
        """The display label of an option ("security" -> "Security cooperation")."""
        return next((o.label for o in getattr(self, name) if o.value == value), value)


def _options(rows, selected: tuple[str, ...]) -> list[Option]:
    options = [Option(value=str(value), label=str(label or value), count=count,
                      selected=str(value) in selected) for value, label, count in rows]
    present = {o.value for o in options}
    options += [Option(value=v, label=v, count=0, selected=True) for v in selected if v not in present]
    return options


def compute_facets(session: Session, f: Filter) -> Facets:
    """Counts of every facet option for the current selection."""
    return Facets(
        actor=actor_options(session, f),
        topic=_options(session.execute(
            select(Topic.slug, Topic.label, func.count(CT.contact_id.distinct()))
            .join(Topic, Topic.slug == CT.topic_slug)
            .where(restrict(CT.contact_id, session, f.without("topic")))
            .group_by(Topic.slug, Topic.label).order_by(func.count().desc(), Topic.label)), f.topic),
        kind=_options(session.execute(
            select(Contact.kind, Contact.kind, func.count())
            .where(restrict(Contact.id, session, f.without("kind")))
            .group_by(Contact.kind).order_by(func.count().desc(), Contact.kind)), f.kind),
        country=country_options(session, f),
        review=review_options(session, f),
        outlet=_options(session.execute(
            select(Article.outlet, Article.outlet, func.count(CS.contact_id.distinct()))
            .join(Article, Article.id == CS.article_id)
            .where(Article.outlet.is_not(None),
                   restrict(CS.contact_id, session, f.without("outlet")))
            .group_by(Article.outlet).order_by(func.count(CS.contact_id.distinct()).desc(),
                                               Article.outlet)), f.outlet),
        corroborated=session.execute(
            select(func.count()).where(
                restrict(Contact.id, session, f.without("corroborated")),
                Contact.source_count >= 2)).scalar_one(),
        total=session.execute(select(func.count()).select_from(Contact).where(
            restrict(Contact.id, session, f))).scalar_one(),
        undated=session.execute(select(func.count()).select_from(Contact).where(
            restrict(Contact.id, session, f), Contact.date_sort.is_(None))).scalar_one(),
    )


def actor_options(session: Session, f: Filter) -> list[Option]:
    """Actors taking part in the selected contacts, most frequent first, chosen ones always shown."""
    count = func.count(CP.contact_id.distinct())
    rows = session.execute(
        select(Actor.key, Actor.name, count).join(Actor, Actor.id == CP.actor_id)
        .where(restrict(CP.contact_id, session, f))
        .group_by(Actor.key, Actor.name).order_by(count.desc(), Actor.name)
        .limit(ACTOR_LIMIT)).all()
    options = _options(rows, f.actor)
    missing = [o for o in options if o.label == o.value and o.count == 0]
    if missing:
        names = dict(session.execute(select(Actor.key, Actor.name)
                                     .where(Actor.key.in_([o.value for o in missing]))).all())
        for option in missing:
            option.label = names.get(option.value, option.value)
    return sorted(options, key=lambda o: (not o.selected, -o.count, o.label))


def country_options(session: Session, f: Filter) -> list[Option]:
    country = func.coalesce(CP.country, Actor.country)
    count = func.count(CP.contact_id.distinct())
    rows = session.execute(
        select(country, country, count).join(Actor, Actor.id == CP.actor_id)
        .where(country.is_not(None), restrict(CP.contact_id, session, f.without("country")))
        .group_by(country).order_by(count.desc(), country)).all()
    return _options(rows, f.country)


def review_options(session: Session, f: Filter) -> list[Option]:
    """Every review status with its count (rejected and suggested included, so they can be
    asked for), counted with the review choice cleared."""
    counts = dict(session.execute(
        select(Contact.review_status, func.count())
        .where(restrict(Contact.id, session, f.without("review"), every_status=True))
        .group_by(Contact.review_status)).all())
    chosen = f.review or ()
    return [Option(value=s, label=s, count=counts.get(s, 0), selected=s in chosen)
            for s in REVIEW_STATUSES]
