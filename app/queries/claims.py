"""Claims matching a Filter: SQL conditions, the paged list, facet counts and export batches.

Fields of the Filter as claims read them: ``actor`` (every listed actor is named in the claim or
says it), ``speaker`` (said by any of these actors), ``kind``, ``hedged``, ``topic``, ``outlet``
(of the article), a date range on the claim's date, else its article's publication date, and
``q`` in the claim's own text (scope "contact") or anywhere in its article (scope "article").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import and_, false, func, select, true, union
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import Session

from app.queries.facets import Option
from app.queries.filters import PAGE_SIZE, Filter, date_lower_bound, date_upper_bound
from app.queries.search import (
    Term,
    articles_matching_terms,
    claims_matching_terms,
    search_terms,
    text_in,
)
from app.queries.sources import SourceName, source_name
from app.queries.timeline import id_in
from app.storage.models import Actor, Article, Claim, ClaimActor, ClaimTopic, Topic

Speaker = Actor.__table__.alias("speaker")  # the actor a claim is attributed to


def claim_date_sort() -> ColumnElement:
    """The claim's own date, else the day its article was published."""
    return func.coalesce(Claim.date_sort, Article.published_sort)


def claim_conditions(f: Filter, session: Session) -> list[ColumnElement]:
    """SQL conditions on Claim (joined to its Article) for every restriction of ``f``."""
    if f.problems:
        return [false()]
    conditions: list[ColumnElement] = []
    if f.actor:
        named = (select(ClaimActor.claim_id.label("claim_id"), ClaimActor.actor_id.label("actor_id"))
                 .union(select(Claim.id, Claim.attributed_actor_id)
                        .where(Claim.attributed_actor_id.is_not(None)))).subquery()
        conditions.append(Claim.id.in_(
            select(named.c.claim_id).join(Actor, Actor.id == named.c.actor_id)
            .where(Actor.key.in_(f.actor)).group_by(named.c.claim_id)
            .having(func.count(named.c.actor_id.distinct()) == len(f.actor))))
    if f.speaker:
        conditions.append(Claim.attributed_actor_id.in_(
            select(Actor.id).where(Actor.key.in_(f.speaker))))
    if f.kind:
        conditions.append(Claim.kind.in_(f.kind))
    if f.hedged is not None:
        conditions.append(Claim.hedged.is_(True) if f.hedged else Claim.hedged.is_(False))
    if f.topic:
        conditions.append(Claim.id.in_(
            select(ClaimTopic.claim_id).where(ClaimTopic.topic_slug.in_(f.topic))))
    if f.outlet:
        conditions.append(Article.outlet.in_(f.outlet))
    if f.has_date_range:
        conditions.append(claim_date_sort().is_not(None))
        if f.date_from:
            conditions.append(claim_date_sort() >= date_lower_bound(f.date_from))
        if f.date_to:
            conditions.append(claim_date_sort() <= date_upper_bound(f.date_to))
    if f.q:
        conditions += _text_conditions(session, f.q, f.scope)
    return conditions


def _text_conditions(session: Session, user_text: str, scope: str) -> list[ColumnElement]:
    """Claims holding every term; the claim's own text is compared on folded words once per
    session (the list, counts and facets reuse the ids)."""
    memo = session.info.setdefault("claim_text_match", {})
    if (user_text, scope) in memo:
        return memo[user_text, scope]
    terms = search_terms(session, user_text)
    dialect = session.get_bind().dialect.name
    if not terms:
        conditions: list[ColumnElement] = []
    elif scope == "article":
        conditions = [Claim.article_id.in_(articles_matching_terms(dialect, terms))]
    else:
        ids = session.execute(select(Claim.id).where(
            *[Claim.id.in_(_own_text_matches(term, dialect)) for term in terms])).scalars().all()
        conditions = [id_in(Claim.id, list(ids), dialect)]
    memo[user_text, scope] = conditions
    return conditions


def _own_text_matches(term: Term, dialect: str) -> Select:
    """Claims whose own text holds ``term``, or that name or are said by its actor."""
    parts = [select(Claim.id).where(Claim.id.in_(claims_matching_terms(dialect, [term])),
                                    text_in(Claim.text, term, dialect))]
    if term.actor_keys:
        keyed = select(Actor.id).where(Actor.key.in_(term.actor_keys))
        parts.append(select(ClaimActor.claim_id).where(ClaimActor.actor_id.in_(keyed)))
        parts.append(select(Claim.id).where(Claim.attributed_actor_id.in_(keyed)))
    return union(*parts)


def matching(f: Filter, session: Session, *columns) -> Select:
    """SELECT ``columns`` of claims matching ``f`` (Claim joined to its Article)."""
    return (select(*columns).select_from(Claim).join(Article, Article.id == Claim.article_id)
            .where(and_(true(), *claim_conditions(f, session))))


def sorted_claims(statement: Select, sort: str) -> Select:
    if sort == "oldest":
        return statement.order_by(claim_date_sort().asc().nulls_last(), Claim.id)
    if sort == "kind":
        return statement.order_by(Claim.kind, claim_date_sort().desc().nulls_last(), Claim.id.desc())
    return statement.order_by(claim_date_sort().desc().nulls_last(), Claim.id.desc())


@dataclass
class ClaimRow:
    claim: Claim
    article: Article
    speaker: tuple[int, str, str] | None  # (actor id, key, name)
    actors: list[tuple[int, str, str]] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)

    @property
    def source(self) -> SourceName:
        return source_name(self.article)

    @property
    def date(self) -> tuple[str | None, str, str]:
        """(date, precision, what it is): the claim's own date, else its article's."""
        if self.claim.date and self.claim.date_precision != "unknown":
            return self.claim.date, self.claim.date_precision, "claim"
        return self.article.published, self.article.published_precision, "published"


@dataclass
class ClaimPage:
    rows: list[ClaimRow]
    total: int
    number: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.total, self.number * self.size)


def count_claims(session: Session, f: Filter) -> int:
    return session.execute(matching(f, session, func.count(Claim.id))).scalar_one()


def claims_page(session: Session, f: Filter) -> ClaimPage:
    """One page of matching claims, newest first (or the order asked for)."""
    total = count_claims(session, f)
    number = min(f.page, max(1, -(-total // PAGE_SIZE)))
    ids = session.execute(sorted_claims(matching(f, session, Claim.id), f.sort)
                          .limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)).scalars().all()
    return ClaimPage(rows=load_claim_rows(session, list(ids)), total=total, number=number)


def load_claim_rows(session: Session, ids: list[int]) -> list[ClaimRow]:
    """ClaimRows for ``ids`` in that order, with speaker, named actors and topics batch-loaded."""
    if not ids:
        return []
    found = session.execute(
        select(Claim, Article, Speaker.c.id, Speaker.c.key, Speaker.c.name)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Speaker, Speaker.c.id == Claim.attributed_actor_id)
        .where(Claim.id.in_(ids))).all()
    rows = {c.id: ClaimRow(c, a, (sid, skey, sname) if sid else None)
            for c, a, sid, skey, sname in found}
    for claim_id, actor_id, key, name in session.execute(
            select(ClaimActor.claim_id, Actor.id, Actor.key, Actor.name)
            .join(Actor, Actor.id == ClaimActor.actor_id)
            .where(ClaimActor.claim_id.in_(ids)).order_by(Actor.name)).all():
        rows[claim_id].actors.append((actor_id, key, name))
    for claim_id, slug, label in session.execute(
            select(ClaimTopic.claim_id, Topic.slug, Topic.label)
            .join(Topic, Topic.slug == ClaimTopic.topic_slug)
            .where(ClaimTopic.claim_id.in_(ids)).order_by(Topic.label)).all():
        rows[claim_id].topics.append((slug, label))
    return [rows[i] for i in ids if i in rows]


def claim_batches(session: Session, f: Filter, size: int = 500) -> Iterator[list[ClaimRow]]:
    """Every matching claim, in list order, a batch at a time (exports stream these)."""
    ids = session.execute(sorted_claims(matching(f, session, Claim.id), f.sort)).scalars().all()
    for start in range(0, len(ids), size):
        yield load_claim_rows(session, list(ids[start:start + size]))


# ---------------------------------------------------------------- facets


@dataclass
class ClaimFacets:
    kind: list[Option]
    speaker: list[Option]
    topic: list[Option]
    outlet: list[Option]
    hedged: dict[str, int]  # "1": hedged, "0": firm
    total: int


def _options(rows, selected: tuple[str, ...]) -> list[Option]:
    options = [Option(str(v), str(label or v), n, str(v) in selected) for v, label, n in rows]
    present = {o.value for o in options}
    return options + [Option(v, v, 0, True) for v in selected if v not in present]


SPEAKER_LIMIT = 25


def claim_facets(session: Session, f: Filter) -> ClaimFacets:
    """How many claims each option would give (any-of facets counted with their own field
    cleared, as on the timeline)."""
    def ids(without: str) -> Select:
        return matching(f.without(without), session, Claim.id)

    n = func.count(Claim.id)
    kind = session.execute(select(Claim.kind, Claim.kind, n).where(Claim.id.in_(ids("kind")))
                           .group_by(Claim.kind).order_by(n.desc(), Claim.kind)).all()
    speaker = session.execute(
        select(Actor.key, Actor.name, n).join(Actor, Actor.id == Claim.attributed_actor_id)
        .where(Claim.id.in_(ids("speaker"))).group_by(Actor.key, Actor.name)
        .order_by(n.desc(), Actor.name).limit(SPEAKER_LIMIT)).all()
    topic = session.execute(
        select(Topic.slug, Topic.label, func.count(ClaimTopic.claim_id))
        .join(Topic, Topic.slug == ClaimTopic.topic_slug)
        .where(ClaimTopic.claim_id.in_(ids("topic"))).group_by(Topic.slug, Topic.label)
        .order_by(func.count(ClaimTopic.claim_id).desc(), Topic.label)).all()
    outlet = session.execute(
        select(Article.outlet, Article.outlet, n).join(Article, Article.id == Claim.article_id)
        .where(Article.outlet.is_not(None), Claim.id.in_(ids("outlet")))
        .group_by(Article.outlet).order_by(n.desc(), Article.outlet)).all()
    hedged = dict(session.execute(select(Claim.hedged, n).where(Claim.id.in_(ids("hedged")))
                                  .group_by(Claim.hedged)).all())
    speaker_options = _options(speaker, f.speaker)
    names = dict(session.execute(select(Actor.key, Actor.name).where(Actor.key.in_(f.speaker))).all())
    for option in speaker_options:
        option.label = names.get(option.value, option.label)
    return ClaimFacets(
        kind=_options(kind, f.kind), speaker=speaker_options, topic=_options(topic, f.topic),
        outlet=_options(outlet, f.outlet),
        hedged={"1": hedged.get(True, 0), "0": hedged.get(False, 0)},
        total=count_claims(session, f))
