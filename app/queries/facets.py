"""Facet counts: for each facet, how many contacts each option would give.

Actor, country, topic and outlet are counted over ``contactfacet`` (one row per contact and
value, kept exact by database triggers): one index-backed GROUP BY each. The review state lives
on the contact row: in the default view the few hidden contacts (rejected, possible, merged
away) are left out by id; any other filter joins the matching contacts. The review facet is one
GROUP BY over the contacts, every status counted.

Options of an any-of facet (topic, kind, country, outlet) are counted with that facet cleared, so
that picking another option shows what it would add. Actors are all-of (every chosen actor takes
part), so their counts are taken within the current selection: "who else is in these contacts".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlmodel import Session

from app.queries.filters import REVIEW_STATUSES, Filter
from app.queries.timeline import (
    count_contacts,
    filter_conditions,
    restrict,
    restricts_only_review,
)
from app.queries.versioned import VersionedCache, version_key
from app.storage.models import Actor, Contact, ContactFacet, Topic

CF = ContactFacet

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
    """Counts of every facet option for the current selection (kept per data version: the
    same filter on unchanged data is not counted again)."""
    return _kept.get_or_compute(version_key(session, "facets", f.to_query(page=False)),
                                lambda: count_facets(session, f))


_kept: VersionedCache[Facets] = VersionedCache(64)


def count_facets(session: Session, f: Filter) -> Facets:
    """Every facet counted in SQL: one GROUP BY per facet over its index."""
    labels = dict(session.execute(select(Topic.slug, Topic.label)).all())
    topics = _options(sorted(((slug, labels.get(slug, slug), n) for slug, n in
                              value_counts(session, "topic", f)), key=lambda r: (-r[2], r[1])),
                      f.topic)
    return Facets(
        actor=actor_options(session, f),
        topic=topics,
        kind=_options(session.execute(
            select(Contact.kind, Contact.kind, func.count())
            .where(*filter_conditions(f.without("kind"), session))
            .group_by(Contact.kind).order_by(func.count().desc(), Contact.kind)), f.kind),
        country=country_options(session, f),
        outlet=_options([(v, v, n) for v, n in sorted(value_counts(session, "outlet", f),
                                                       key=lambda r: (-r[1], r[0]))], f.outlet),
        review=review_options(session, f),
        corroborated=session.execute(
            select(func.count()).select_from(Contact).where(
                *filter_conditions(f.without("corroborated"), session),
                Contact.source_count >= 2)).scalar_one(),
        total=count_contacts(session, f),
        undated=session.execute(select(func.count()).select_from(Contact).where(
            *filter_conditions(f, session), Contact.date_sort.is_(None))).scalar_one(),
    )


def value_counts(session: Session, facet: str, f: Filter) -> list[tuple[str, int]]:
    """(value, contacts) of one any-of facet, counted with that facet's own choice cleared
    (the actor facet keeps it: actors are all-of)."""
    among = f if facet == "actor" else f.without(facet)
    statement = select(CF.value, func.count()).where(CF.facet == facet)
    if restricts_only_review(among, session):  # the default view: all but the few hidden ones
        statement = statement.where(restrict(CF.contact_id, session, among))
    else:  # from the matching contacts to their facet rows (index on contact_id)
        statement = statement.join(Contact, Contact.id == CF.contact_id).where(
            *filter_conditions(among, session))
    return [tuple(r) for r in session.execute(statement.group_by(CF.value)).all()]


def actor_options(session: Session, f: Filter) -> list[Option]:
    """Actors taking part in the selected contacts, most frequent first, chosen ones always shown."""
    counts = dict(value_counts(session, "actor", f))
    names = dict(session.execute(select(Actor.key, Actor.name)).all()) if counts else {}
    ranked = sorted(counts.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))
    rows = [(key, names.get(key, key), n) for key, n in ranked[:ACTOR_LIMIT]]
    options = _options(rows, f.actor)
    missing = [o for o in options if o.label == o.value and o.count == 0]
    if missing:
        names = dict(session.execute(select(Actor.key, Actor.name)
                                     .where(Actor.key.in_([o.value for o in missing]))).all())
        for option in missing:
            option.label = names.get(option.value, option.value)
    return sorted(options, key=lambda o: (not o.selected, -o.count, o.label))


def country_options(session: Session, f: Filter) -> list[Option]:
    rows = sorted(value_counts(session, "country", f), key=lambda r: (-r[1], r[0]))
    return _options([(v, v, n) for v, n in rows], f.country)


def review_options(session: Session, f: Filter) -> list[Option]:
    """Every review status with its count (rejected and suggested included, so they can be
    asked for), counted with the review choice cleared: one GROUP BY over the contacts."""
    counts = dict(session.execute(
        select(Contact.review_status, func.count())
        .where(*filter_conditions(f.without("review"), session, every_status=True))
        .group_by(Contact.review_status)).all())
    chosen = f.review or ()
    return [Option(value=s, label=s, count=counts.get(s, 0), selected=s in chosen)
            for s in REVIEW_STATUSES]
