"""Contacts matching a Filter: the SQL conditions, the paged list and the rows of the chart.

Everything is filtered in SQL; participants and topics of a set of contacts are batch-loaded in
one query each (never one query per contact).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import (
    ARRAY,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    bindparam,
    case,
    column,
    false,
    func,
    insert,
    literal,
    literal_column,
    not_,
    or_,
    select,
    true,
    union,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import Session

from app.queries.filters import (
    DEFAULT_REVIEW,
    PAGE_SIZE,
    Filter,
    date_lower_bound,
    date_upper_bound,
)
from app.queries.search import (
    Term,
    articles_matching_terms,
    claims_matching_terms,
    index_decides,
    quotes_matching_term,
    search_terms,
    text_in,
)
from app.storage.models import (
    Actor,
    Claim,
    Contact,
    ContactFacet,
    ContactParticipant,
    ContactSource,
    ContactTopic,
    DataVersion,
    Topic,
)

CP, CS, CT, CF = ContactParticipant, ContactSource, ContactTopic, ContactFacet
SIDE_ORDER = {"RU": 0, "IR": 1}


@dataclass(frozen=True)
class ParticipantRow:
    actor_id: int
    key: str
    name: str
    country: str | None
    role: str | None


@dataclass
class ContactRow:
    id: int
    kind: str
    date: str | None
    date_precision: str
    date_sort: str | None
    location: str | None
    source_count: int
    review_status: str = "unreviewed"
    reviewed_by: str | None = None
    reviewed_at: object = None  # datetime of the last review
    participants: list[ParticipantRow] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (slug, label)

    @property
    def names(self) -> str:
        return ", ".join(p.name for p in self.participants)

    @property
    def pair_label(self) -> str:
        """Counterparts grouped by side: "Putin – Raisi, Khamenei"."""
        sides: dict[str, list[str]] = defaultdict(list)
        for p in self.participants:
            sides[p.country or "?"].append(short_name(p.name))
        return side_label(sides)


def side_label(sides: dict[str, list[str]]) -> str:
    """Short names grouped by side, Russia's first: "Putin – Raisi, Khamenei"."""
    ordered = sorted(sides, key=lambda c: (SIDE_ORDER.get(c, 2), c))
    return " – ".join(", ".join(sorted(sides[c])) for c in ordered) or NO_PARTICIPANT


def short_name(name: str) -> str:
    """The family name of a person ("Vladimir Putin" -> "Putin"); institutions stay whole."""
    words = name.split()
    return words[-1] if 1 < len(words) <= 3 and all(w[:1].isupper() for w in words) else name


def contact_end_sort() -> ColumnElement:
    """The last day a contact's date could be, as a sortable string (month/year precision widen it)."""
    return case(
        (Contact.date_precision == "month", Contact.date + "-31"),
        (Contact.date_precision == "year", Contact.date + "-12-31"),
        else_=Contact.date_sort,
    )


def review_conditions(f: Filter, *, every_status: bool = False) -> list[ColumnElement]:
    """Merged-away and retired contacts are never listed; rejected ones and near misses only
    when asked for (``every_status``: all statuses, to count the review facet)."""
    conditions: list[ColumnElement] = [Contact.merged_into.is_(None), Contact.retired.is_(False)]
    if not every_status:
        conditions.append(Contact.review_status.in_(f.review or DEFAULT_REVIEW))
    return conditions


def filter_conditions(f: Filter, session: Session, *, every_status: bool = False) -> list[ColumnElement]:
    """SQL conditions on Contact for every restriction of ``f`` (nothing matches a filter with
    problems: an unresolvable value is never silently dropped)."""
    if f.problems:
        return [false()]
    conditions: list[ColumnElement] = review_conditions(f, every_status=every_status)
    for key in f.actor:  # distinct keys, at most MAX_VALUES of them
        conditions.append(Contact.id.in_(facet_contacts("actor", (key,))))
    if f.topic:
        conditions.append(Contact.id.in_(facet_contacts("topic", f.topic)))
    if f.kind:
        conditions.append(Contact.kind.in_(f.kind))
    if f.country:
        conditions.append(Contact.id.in_(facet_contacts("country", f.country)))
    if f.outlet:
        conditions.append(Contact.id.in_(facet_contacts("outlet", f.outlet)))
    if f.has_date_range:
        conditions.append(Contact.date_sort.is_not(None))
        if f.date_from:
            lower = date_lower_bound(f.date_from)
            conditions.append(contact_end_sort() >= lower)
            # Implied by the line above (a period is at most a year long), but an index range.
            conditions.append(Contact.date_sort >= f"{int(lower[:4]) - 1:04d}{lower[4:]}")
        if f.date_to:
            conditions.append(Contact.date_sort <= date_upper_bound(f.date_to))
    if f.corroborated:
        conditions.append(Contact.source_count >= 2)
    if f.q:
        conditions += text_match_conditions(session, f.q, f.scope)
    return conditions


def facet_contacts(facet: str, values: tuple[str, ...]) -> Select:
    """Ids of contacts with any of ``values`` for ``facet`` (actor key, participant country,
    topic or outlet), from the trigger-kept ``contactfacet`` rows: one index range."""
    return select(CF.contact_id).where(CF.facet == facet, CF.value.in_(values))


def text_match_conditions(session: Session, user_text: str, scope: str) -> list[ColumnElement]:
    """Contacts containing every term of ``user_text`` in any of its spellings.

    Scope "contact": in the contact's own evidence (its quotes, the claims overlapping them),
    or, for an actor or place, as a participant or the contact's place. Scope "article": anywhere
    in the title or text of an article reporting it (a full-text subquery).

    Either search runs once per session (one request), materialized into the temporary table:
    the page's counts, list, facets and chart read its rows.
    """
    memo = session.info.setdefault("text_match", {})
    if (user_text, scope) in memo:
        return memo[user_text, scope]
    terms = search_terms(session, user_text)
    dialect = dialect_of(session)
    if not terms:
        conditions: list[ColumnElement] = []
    elif scope == "article":
        conditions = [materialized(session, f"article:{user_text}", select(CS.contact_id).where(
            CS.article_id.in_(articles_matching_terms(dialect, terms))))]
    else:
        conditions = [materialized(session, f"contact:{user_text}", select(Contact.id).where(
            *[Contact.id.in_(_evidence_matches(term, dialect)) for term in terms]))]
    memo[user_text, scope] = conditions
    return conditions


def materialized(session: Session, key: str, contact_ids: Select) -> ColumnElement:
    """``contact.id IN`` the contacts ``contact_ids`` selects, computed once per session.

    The first call writes them with one INSERT ... SELECT into a temporary table; every later
    statement of the request (counts, list, facets, chart) reads that table instead of running
    the search again. The request's session is never committed, so the rows go with it.
    """
    done: set[str] = session.info.setdefault("materialized", set())
    if key not in done:
        MATCHED.create(session.connection(), checkfirst=True)
        session.execute(MATCHED.delete().where(MATCHED.c.key == key))
        session.execute(insert(MATCHED).from_select(
            ["key", "contact_id"], select(literal(key), contact_ids.subquery().c[0]).distinct()))
        done.add(key)
    return Contact.id.in_(select(MATCHED.c.contact_id).where(MATCHED.c.key == key))


# Per-connection scratch table of materialized contact sets (see ``materialized``).
MATCHED = Table("liaison_matched", MetaData(), Column("key", String, primary_key=True),
                Column("contact_id", Integer, primary_key=True), prefixes=["TEMPORARY"])


def id_in(column_: ColumnElement, ids: list[int], dialect: str) -> ColumnElement:
    """``column_ IN ids`` with the ids as ONE bound parameter (a JSON array on SQLite, an array
    on PostgreSQL): no limit on their number, no SQL text that grows with them."""
    if not ids:
        return false()
    if dialect == "postgresql":
        return column_ == func.any(bindparam("ids", list(ids), type_=ARRAY(Integer), unique=True))
    values = select(column("value")).select_from(
        func.json_each(bindparam("ids", json.dumps(list(ids)), unique=True)))
    return column_.in_(values)


def _evidence_matches(term: Term, dialect: str) -> Select:
    """Ids of contacts whose own evidence holds ``term``.

    The full-text indexes narrow first, each in a MATERIALIZED CTE, and the folded words of
    what they found decide after: a planner that takes the folding for a cheap, selective
    filter (PostgreSQL does) would otherwise fold every quote and claim first.
    """
    quotes = (select(CS.contact_id, CS.quote).where(quotes_matching_term(dialect, term))
              .cte().prefix_with("MATERIALIZED"))  # anonymous: one per term
    found = (select(Claim.article_id, Claim.start, Claim.end, Claim.text)
             .where(Claim.id.in_(claims_matching_terms(dialect, [term])))
             .cte().prefix_with("MATERIALIZED"))
    # What the indexes found is the answer when they read text as the folding does.
    decided = index_decides(term, dialect)
    quoted = select(quotes.c.contact_id).where(
        true() if decided else text_in(quotes.c.quote, term, dialect))
    # Claims holding the term, found first (once each), then the sources they overlap.
    said = (select(found.c.article_id, found.c.start, found.c.end)
            .where(true() if decided else text_in(found.c.text, term, dialect))
            .cte().prefix_with("MATERIALIZED"))
    claimed = (select(CS.contact_id)
               .join(said, and_(said.c.article_id == CS.article_id, said.c.start < CS.end,
                                said.c.end > CS.start)))
    parts = [quoted, claimed]
    if term.actor_keys:
        parts.append(select(CP.contact_id).join(Actor, Actor.id == CP.actor_id)
                     .where(Actor.key.in_(term.actor_keys)))
    if term.places:
        parts.append(select(Contact.id).where(Contact.location.in_(term.places)))
    return union(*parts)


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def contact_ids(session: Session, f: Filter) -> Select:
    """A SELECT of the ids of contacts matching ``f`` (to use as a subquery)."""
    return select(Contact.id).where(and_(True, *filter_conditions(f, session)))


def newest_first(statement: Select) -> Select:
    return statement.order_by(Contact.date_sort.desc().nulls_last(), Contact.id.desc())


def sorted_by(statement: Select, sort: str) -> Select:
    """The list order an analyst picked (undated contacts last in date orders)."""
    if sort == "oldest":
        return statement.order_by(Contact.date_sort.asc().nulls_last(), Contact.id)
    if sort == "sources":
        return statement.order_by(Contact.source_count.desc(), Contact.date_sort.desc().nulls_last(),
                                  Contact.id.desc())
    if sort == "kind":
        return statement.order_by(Contact.kind, Contact.date_sort.desc().nulls_last(),
                                  Contact.id.desc())
    return newest_first(statement)


def count_contacts(session: Session, f: Filter) -> int:
    statement = select(func.count()).select_from(Contact).where(
        and_(True, *filter_conditions(f, session)))
    return session.execute(statement).scalar_one()


@dataclass
class Page:
    rows: list[ContactRow]
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


CONTACT_COLUMNS = (Contact.id, Contact.kind, Contact.date, Contact.date_precision, Contact.date_sort,
                   Contact.location, Contact.source_count, Contact.review_status, Contact.reviewed_by,
                   Contact.reviewed_at)


def _row(values) -> ContactRow:
    return ContactRow(*values)


def list_page(session: Session, f: Filter) -> Page:
    """One page of matching contacts in the order asked for (newest first, undated last)."""
    total = count_contacts(session, f)
    number = min(f.page, max(1, -(-total // PAGE_SIZE)))
    statement = sorted_by(select(*CONTACT_COLUMNS).where(
        and_(True, *filter_conditions(f, session))), f.sort)
    rows = [_row(v) for v in session.execute(
        statement.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE))]
    attach_details(session, rows, [r.id for r in rows])
    return Page(rows=rows, total=total, number=number)


def chart_rows(session: Session, f: Filter, *, with_topics: bool = False,
               ordered: bool = True) -> list[ContactRow]:
    """Every matching contact (dated and undated) with participants, for the chart and exports.

    Participants (and topics) come from one query joined on the filter, whatever the count.
    The chart places points by date itself, so it asks for ``ordered=False`` (no sort of
    every row on the server).
    """
    conditions = filter_conditions(f, session)
    statement = select(*CONTACT_COLUMNS).where(and_(True, *conditions))
    # Core execution: thousands of plain tuples, no ORM row processing needed.
    rows = [_row(v) for v in session.connection().execute(
        newest_first(statement) if ordered else statement).all()]
    attach_details(session, rows, select(Contact.id).where(and_(True, *conditions)) if conditions
                   else None, with_topics=with_topics)
    return rows


@dataclass(frozen=True)
class Bucket:
    """Dated contacts of one lane, kind and period (a month, or a year for year-precision dates)."""

    lane: str
    kind: str
    period: str  # "YYYY-MM" or "YYYY"
    count: int
    actors: tuple[str, ...] = ()  # actor keys of a counterpart-pair lane


def dated_count(session: Session, f: Filter) -> int:
    """How many matching contacts the chart would place on the time axis."""
    return session.execute(select(func.count()).select_from(Contact).where(
        not_(undated_condition()), *filter_conditions(f, session))).scalar_one()


def _period() -> ColumnElement:
    return case((Contact.date_precision == "year", func.substr(Contact.date_sort, 1, 4)),
                else_=func.substr(Contact.date_sort, 1, 7))


def kind_buckets(session: Session, f: Filter) -> list[Bucket]:
    """Counts of dated matching contacts per kind and period, grouped in SQL (lane = kind)."""
    period = _period()
    rows = session.execute(
        select(Contact.kind, period, func.count()).where(
            not_(undated_condition()), *filter_conditions(f, session))
        .group_by(Contact.kind, period)).all()
    return [Bucket(lane=kind, kind=kind, period=when, count=count) for kind, when, count in rows]


# Counterpart pairs drawn on their own lanes; the rest share one lane.
PAIR_LANES = 24
OTHER_PAIRS = "other pairs"
NO_PARTICIPANT = "(no named participant)"


def pair_buckets(session: Session, f: Filter, lanes: int = PAIR_LANES) -> list[Bucket]:
    """Counts of dated matching contacts per counterpart pair, kind and period (lane = pair):
    the ``lanes`` busiest participant sets on lanes of their own, the rest on ``OTHER_PAIRS``.

    Grouped in SQL by each contact's trigger-kept participant set (the ``people`` facet row):
    the busiest sets first, then the kind and period counts of those sets; the shared lane
    holds what the per-kind counts leave over, so every contact is counted once, on one lane.
    """
    people = aliased(CF)
    joined = select().select_from(Contact).outerjoin(
        people, and_(people.contact_id == Contact.id, people.facet == "people")).where(
        not_(undated_condition()), *filter_conditions(f, session))
    busiest = session.connection().execute(
        joined.add_columns(people.value).group_by(people.value)
        .order_by(func.count().desc(), people.value).limit(lanes)).scalars().all()
    if not busiest:
        return []
    names = pair_names(session, busiest)
    period = _period()
    drawn: list[Bucket] = []
    left = Counter({(b.kind, b.period): b.count for b in kind_buckets(session, f)})
    for value, kind, when, count in session.connection().execute(
            joined.add_columns(people.value, Contact.kind, period, func.count())
            .where(_value_among(people.value, busiest)).group_by(people.value, Contact.kind, period)):
        label, keys = names[value]
        drawn.append(Bucket(lane=label, kind=kind, period=when, count=count, actors=keys))
        left[kind, when] -= count
    return drawn + [Bucket(lane=OTHER_PAIRS, kind=kind, period=when, count=count)
                    for (kind, when), count in left.items() if count > 0]


def _value_among(value: ColumnElement, values: list[str | None]) -> ColumnElement:
    """``value`` is one of ``values`` (None standing for a contact without participants)."""
    named = [v for v in values if v is not None]
    return or_(value.in_(named), value.is_(None)) if None in values else value.in_(named)


def pair_names(session: Session, values: list[str | None]) -> dict[str | None, tuple[str, tuple[str, ...]]]:
    """The lane label and actor keys of each ``people`` value ("actor_id:country,...").

    Labels use family names ("Lavrov – Araghchi"); where two sets would read alike (two
    Lebedevs), their labels give full names, and the actor keys if those still agree.
    """
    sets = {value: [(int(actor_id), country) for actor_id, _sep, country in
                    (part.partition(":") for part in (value or "").split(",") if part)]
            for value in values}
    ids = {actor_id for members in sets.values() for actor_id, _country in members}
    actors = {aid: (key, name, country) for aid, key, name, country in session.connection().execute(
        select(Actor.id, Actor.key, Actor.name, Actor.country).where(Actor.id.in_(ids)))}

    def label(value: str | None, full: bool) -> str:
        sides: dict[str, list[str]] = defaultdict(list)
        for actor_id, country in sets[value]:
            if actor_id in actors:
                _key, name, home = actors[actor_id]
                sides[country or home or "?"].append(name if full else short_name(name))
        return side_label(sides)

    def keys(value: str | None) -> tuple[str, ...]:
        return tuple(sorted({actors[a][0] for a, _country in sets[value] if a in actors}))

    names = {value: label(value, full=False) for value in values}
    for rule in (lambda v: label(v, full=True), lambda v: f"{label(v, full=True)} [{', '.join(keys(v))}]"):
        alike = Counter(names.values())
        names = {value: rule(value) if alike[name] > 1 else name for value, name in names.items()}
    return {value: (name, keys(value)) for value, name in names.items()}


def undated_condition() -> ColumnElement:
    """A contact the articles give no usable date for (kept off the time axis)."""
    # A literal, not a bound value: the partial index ix_contact_undated matches it exactly.
    return or_(Contact.date.is_(None), Contact.date_precision == literal_column("'unknown'"))


def undated_page(session: Session, f: Filter) -> Page:
    """One page (``f.upage``) of matching contacts without a usable date, newest first."""
    conditions = [undated_condition(), *filter_conditions(f, session)]
    total = session.execute(select(func.count()).select_from(Contact).where(*conditions)).scalar_one()
    number = min(f.upage, max(1, -(-total // PAGE_SIZE)))
    rows = [_row(v) for v in session.connection().execute(
        select(*CONTACT_COLUMNS).where(*conditions).order_by(Contact.id.desc())
        .limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)).all()]
    attach_details(session, rows, [r.id for r in rows], with_topics=False)
    return Page(rows=rows, total=total, number=number)


def data_version(session: Session) -> str:
    """A short token that changes whenever anything the views read changes.

    Database triggers bump the one ``dataversion`` row on every write to those tables, so this
    is one primary-key read, used to key caches of views computed from the contacts.
    """
    return str(session.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar_one())


def load_rows(session: Session, contacts, *, with_topics: bool = True) -> list[ContactRow]:
    """ContactRows for Contact objects, with participants (and topics) batch-loaded."""
    rows = [ContactRow(id=c.id, kind=c.kind, date=c.date, date_precision=c.date_precision,
                       date_sort=c.date_sort, location=c.location, source_count=c.source_count,
                       review_status=c.review_status, reviewed_by=c.reviewed_by, reviewed_at=c.reviewed_at)
            for c in contacts]
    attach_details(session, rows, [r.id for r in rows], with_topics=with_topics)
    return rows


def attach_details(session: Session, rows: list[ContactRow], ids, *, with_topics: bool = True) -> None:
    """Fill participants (and topics) of ``rows``; ``ids`` is a list of ids, a SELECT of them,
    or None for every contact."""
    if not rows:
        return
    by_id = {row.id: row for row in rows}
    id_sets = list(_chunks(ids)) if isinstance(ids, list) else [ids]
    for chunk in id_sets:
        # None: every contact, so no IN (SELECT ...) to evaluate at all.
        participants = session.connection().execute(
            select(CP.contact_id, Actor.id, Actor.key, Actor.name,
                   func.coalesce(CP.country, Actor.country), CP.role)
            .join(Actor, Actor.id == CP.actor_id)
            .where(true() if chunk is None else CP.contact_id.in_(chunk))
            .order_by(CP.contact_id, CP.id)).all()
        # Thousands of contacts share a few hundred (actor, country, role) combinations: one
        # read-only ParticipantRow each.
        shared: dict[tuple, ParticipantRow] = {}
        for item in participants:
            row = by_id.get(item[0])
            if row is None:
                continue
            values = tuple(item[1:])
            person = shared.get(values)
            if person is None:
                person = shared[values] = ParticipantRow(*values)
            row.participants.append(person)
        if with_topics:
            topics = session.connection().execute(
                select(CT.contact_id, Topic.slug, Topic.label)
                .join(Topic, Topic.slug == CT.topic_slug)
                .where(true() if chunk is None else CT.contact_id.in_(chunk))
                .order_by(Topic.label)).all()
            for contact_id, slug, label in topics:
                if contact_id in by_id:
                    by_id[contact_id].topics.append((slug, label))
    for row in rows:
        if len(row.participants) > 1:
            row.participants.sort(key=_side_then_name)


def _side_then_name(p: ParticipantRow) -> tuple[int, str]:
    return SIDE_ORDER.get(p.country or "", 2), p.name


def _chunks(ids: list[int], size: int = 900):
    # SQLite limits bound parameters per statement.
    for i in range(0, len(ids), size):
        yield ids[i:i + size]
