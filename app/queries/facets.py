"""Facet counts: for each facet, how many contacts each option would give.

Counted on bit sets (``facet_bits``): each option's contacts, read once per data version from
``contactfacet`` (actor, country, topic, outlet; kept exact by database triggers) and the
contact rows (kind, review state, sources, date), ANDed with the contacts the filter matches.
The review facet counts every status.

Options of an any-of facet (topic, kind, country, outlet) are counted with that facet cleared, so
that picking another option shows what it would add. Actors are all-of (every chosen actor takes
part), so their counts are taken within the current selection: "who else is in these contacts".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from app.queries.facet_bits import facet_bits, matching_bits
from app.queries.filters import REVIEW_STATUSES, Filter
from app.queries.versioned import VersionedCache, version_key
from app.storage.models import Actor, Topic

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
    """Every facet counted on the bit sets of ``facet_bits``: per option, how many of the
    contacts matching the filter (with that facet's own choice cleared) have it."""
    bits = facet_bits(session)

    def counted(facet: str) -> list[tuple[str, int]]:
        # Any-of facets are counted with their own choice cleared; actors are all-of.
        return bits.counts(facet, matching_bits(session, f if facet == "actor" else f.without(facet)))

    labels = dict(session.execute(select(Topic.slug, Topic.label)).all())
    shown = matching_bits(session, f)
    return Facets(
        actor=actor_options(session, f, counted("actor")),
        topic=_options(sorted(((slug, labels.get(slug, slug), n) for slug, n in counted("topic")),
                              key=_by_count), f.topic),
        kind=_options(sorted(((kind, kind, n) for kind, n in counted("kind")), key=_by_count), f.kind),
        country=_options(sorted(((v, v, n) for v, n in counted("country")), key=_by_count), f.country),
        outlet=_options(sorted(((v, v, n) for v, n in counted("outlet")), key=_by_count), f.outlet),
        review=review_options(f, dict(bits.counts(
            "review", matching_bits(session, f.without("review"), every_status=True)))),
        corroborated=(bits.corroborated & matching_bits(session, f.without("corroborated"))).bit_count(),
        total=shown.bit_count(),
        undated=(bits.undated & shown).bit_count(),
    )


def _by_count(row: tuple[str, str, int]) -> tuple[int, str]:
    """Options with more contacts first, then by label."""
    return -row[2], row[1]


def actor_options(session: Session, f: Filter, counted: list[tuple[str, int]]) -> list[Option]:
    """Actors taking part in the selected contacts, most frequent first, chosen ones always shown."""
    counts = dict(counted)
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


def review_options(f: Filter, counts: dict[str, int]) -> list[Option]:
    """Every review status with its count (rejected and suggested included, so they can be
    asked for), counted with the review choice cleared."""
    chosen = f.review or ()
    return [Option(value=s, label=s, count=counts.get(s, 0), selected=s in chosen)
            for s in REVIEW_STATUSES]
