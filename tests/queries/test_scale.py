"""Read side at scale, on the benchmark's synthetic corpus (six hundred articles): facet counts
equal a naive count (after analyst decisions too), the trigger-kept rows equal what they derive
from, the data version moves with every write and decision, pages cover every contact once, and
chart markers count what they link to."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from app.queries import charts, timeline
from app.queries.actors import CLAIMS_SHOWN, actor_view
from app.queries.facets import count_facets
from app.queries.filters import DEFAULT_REVIEW, PAGE_SIZE, REVIEW_STATUSES, Filter
from app.queries.search import articles_matching_terms
from app.queries.timeline import (
    CS,
    OTHER_PAIRS,
    chart_rows,
    contact_ids,
    data_version,
    list_page,
    pair_buckets,
    undated_page,
)
from app.review import decisions
from app.settings import get_settings
from app.storage.db import get_engine, session_scope
from app.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
HTMX = {"HX-Request": "true"}


def _generator():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "scripts" / "bench_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def synthetic(migrated_db: str) -> str:
    _generator().fill(migrated_db, 600, seed=3)
    return migrated_db


def naive_counts(session: Session, f: Filter, facet: str) -> Counter:
    """Contacts per option of ``facet``, counted in Python from the source tables."""
    matching = {row.id for row in _all_rows(session, f.without(facet) if facet != "actor" else f)}
    counts: Counter = Counter()
    sql = {
        "actor": "SELECT DISTINCT cp.contact_id, a.key FROM contactparticipant cp "
                 "JOIN actor a ON a.id = cp.actor_id",
        "country": "SELECT DISTINCT cp.contact_id, coalesce(cp.country, a.country) "
                   "FROM contactparticipant cp JOIN actor a ON a.id = cp.actor_id "
                   "WHERE coalesce(cp.country, a.country) IS NOT NULL",
        "topic": "SELECT DISTINCT contact_id, topic_slug FROM contacttopic",
        "outlet": "SELECT DISTINCT cs.contact_id, ar.outlet FROM contactsource cs "
                  "JOIN article ar ON ar.id = cs.article_id WHERE ar.outlet IS NOT NULL",
        "kind": "SELECT id, kind FROM contact",
    }[facet]
    for contact_id, value in session.execute(text(sql)):
        if contact_id in matching:
            counts[value] += 1
    return counts


def _all_rows(session: Session, f: Filter) -> list:
    rows, number = [], 1
    while True:
        page = list_page(session, f.with_(page=number))
        rows += page.rows
        if number >= page.pages:
            return rows
        number += 1


FILTERS = ["", "actor={a}", "topic=drones&topic=nuclear", "country=TR", "outlet=Outlet+02",
           "kind=call&corroborated=1", "actor={a}&country=IR", "date_from=2020&date_to=2022-06",
           "q=coopération", "q=Bouchehr&kind=meeting"]


def _top_actor(session: Session) -> str:
    return session.execute(text(
        "SELECT a.key FROM contactparticipant cp JOIN actor a ON a.id = cp.actor_id "
        "GROUP BY a.key ORDER BY count(*) DESC, a.key LIMIT 1")).scalar_one()


@pytest.mark.parametrize("query", FILTERS)
def test_facet_counts_equal_a_naive_count(synthetic, query):
    with Session(get_engine(synthetic)) as session:
        f = Filter.from_query(query.format(a=_top_actor(session)))
        facets = count_facets(session, f)
        for name in ("country", "topic", "outlet", "kind"):
            expected = naive_counts(session, f, name)
            shown = {o.value: o.count for o in getattr(facets, name) if o.count}
            assert shown == dict(expected), name
        actors = naive_counts(session, f, "actor")
        assert [(o.value, o.count) for o in facets.actor if not o.selected] == [
            (key, n) for key, n in sorted(actors.items(), key=lambda kv: (-kv[1], _name(session, kv[0])))
            if key not in f.actor][:len([o for o in facets.actor if not o.selected])]
        assert facets.total == len(_all_rows(session, f))


def _name(session: Session, key: str) -> str:
    return session.execute(text("SELECT name FROM actor WHERE key = :k"), {"k": key}).scalar_one()


FACET_ROWS = """
SELECT DISTINCT cp.contact_id, 'actor', a.key FROM contactparticipant cp JOIN actor a ON a.id = cp.actor_id
UNION SELECT DISTINCT cp.contact_id, 'country', coalesce(cp.country, a.country) FROM contactparticipant cp
  JOIN actor a ON a.id = cp.actor_id WHERE coalesce(cp.country, a.country) IS NOT NULL
UNION SELECT DISTINCT contact_id, 'topic', topic_slug FROM contacttopic
UNION SELECT DISTINCT cs.contact_id, 'outlet', ar.outlet FROM contactsource cs
  JOIN article ar ON ar.id = cs.article_id WHERE ar.outlet IS NOT NULL
"""


def _people_rows(connection) -> set:
    """Each contact's participant set, "actor_id:country" sorted (by code point), comma-joined."""
    parts = defaultdict(set)
    for contact_id, actor_id, country in connection.execute(text(
            "SELECT cp.contact_id, cp.actor_id, coalesce(cp.country, a.country, '') "
            "FROM contactparticipant cp JOIN actor a ON a.id = cp.actor_id")):
        parts[contact_id].add(f"{actor_id}:{country}")
    return {(contact_id, "people", ",".join(sorted(p))) for contact_id, p in parts.items()}


def _facet_rows(connection) -> tuple[set, set]:
    kept = set(map(tuple, connection.execute(text("SELECT contact_id, facet, value FROM contactfacet"))))
    derived = set(map(tuple, connection.execute(text(FACET_ROWS)))) | _people_rows(connection)
    return kept, derived


def test_trigger_kept_rows_follow_every_kind_of_write(synthetic):
    engine = get_engine(synthetic)
    with engine.connect() as connection:
        kept, derived = _facet_rows(connection)
        assert kept == derived and len(kept) > 1000
    writes = [
        "UPDATE article SET outlet = 'Renamed outlet' WHERE outlet = 'Outlet 01'",
        "UPDATE actor SET country = 'KZ' WHERE id = 3",
        "UPDATE contactparticipant SET country = 'CN' WHERE id IN (SELECT id FROM contactparticipant LIMIT 5)",
        "DELETE FROM contacttopic WHERE topic_slug = 'drones'",
        "DELETE FROM contact WHERE id IN (SELECT id FROM contact ORDER BY id LIMIT 7)",
        "DELETE FROM contactsource WHERE article_id IN (SELECT id FROM article ORDER BY id DESC LIMIT 9)",
        "INSERT INTO contacttopic (contact_id, topic_slug) SELECT max(id), 'energy' FROM contact "
        "WHERE id NOT IN (SELECT contact_id FROM contacttopic WHERE topic_slug = 'energy')",
    ]
    for statement in writes:
        with engine.begin() as connection:
            before = connection.execute(text("SELECT version FROM dataversion")).scalar_one()
            assert connection.execute(text(statement)).rowcount > 0, statement
            after = connection.execute(text("SELECT version FROM dataversion")).scalar_one()
            assert after > before, statement
            kept, derived = _facet_rows(connection)
            assert kept == derived, statement


def test_data_version_is_read_from_one_row(synthetic):
    with Session(get_engine(synthetic)) as session:
        first = data_version(session)
        session.execute(text("INSERT INTO topic (slug, label, description) VALUES ('x-new', 'X', '')"))
        session.commit()
        assert data_version(session) != first


# What the default views show (the corpus also holds rejected and possible contacts).
SHOWN = "review_status IN ('unreviewed', 'confirmed', 'edited') AND merged_into IS NULL AND NOT retired"


def test_undated_pages_cover_every_undated_contact_once(synthetic):
    with Session(get_engine(synthetic)) as session:
        undated = set(session.execute(text(
            f"SELECT id FROM contact WHERE (date IS NULL OR date_precision = 'unknown') AND {SHOWN}"
        )).scalars())
        assert len(undated) > PAGE_SIZE  # more than one page
        seen: list[int] = []
        first = undated_page(session, Filter())
        for number in range(1, first.pages + 1):
            page = undated_page(session, Filter(upage=number))
            seen += [row.id for row in page.rows]
            assert page.total == len(undated)
        assert sorted(seen) == sorted(undated)


def test_pager_fragments_carry_only_their_list(synthetic):
    with TestClient(create_app(get_settings())) as client:
        page_two = client.get("/?upage=2", headers={**HTMX, "HX-Target": "undated"}).text
        assert 'id="undated"' in page_two and 'id="facets"' not in page_two
        assert 'id="list"' not in page_two
        listing = client.get("/?page=2", headers={**HTMX, "HX-Target": "list"}).text
        assert 'id="list"' in listing and 'id="facets"' not in listing
        assert len(re.findall(r'class="contact-row"', listing)) == PAGE_SIZE
        full = client.get("/?upage=2").text
        assert "Older →" in full and 'id="facets"' in full


@pytest.mark.parametrize("lane", ["kind", "pair"])
def test_aggregated_chart_markers_count_what_they_link_to(synthetic, monkeypatch, lane):
    monkeypatch.setattr(charts, "AGGREGATE_ABOVE", 10)
    monkeypatch.setattr("app.web.routes.timeline.AGGREGATE_ABOVE", 10)
    with TestClient(create_app(get_settings())) as client:
        figure = client.get(f"/timeline.json?lane={lane}").json()
        assert figure["layout"]["meta"]["note"] == charts.AGGREGATE_NOTE  # the page says so
        markers = [(point[0], point[3]) for trace in figure["data"] for point in trace["customdata"]]
        with Session(get_engine(synthetic)) as session:
            dated = session.execute(text(
                f"SELECT count(*) FROM contact WHERE date IS NOT NULL AND date_precision != 'unknown' "
                f"AND {SHOWN}")).scalar_one()
        assert sum(count for _url, count in markers) == dated
        for url, count in markers[:: max(1, len(markers) // 12)]:
            listed = client.get(url, headers=HTMX).text
            total = int(re.search(r'id="total">(\d+)<', listed).group(1))
            # The link lists every contact of that kind whose date overlaps the period (a year
            # marker's list also holds that year's dated contacts), of those actors for a pair.
            assert total >= count > 0, url


def _people_value(row) -> str:
    return ",".join(sorted({f"{p.actor_id}:{p.country or ''}" for p in row.participants}))


@pytest.mark.parametrize("query", ["", "actor={a}", "kind=meeting&kind=call", "review=rejected&review=unreviewed"])
def test_pair_lanes_are_the_busiest_participant_sets_counted_exactly(synthetic, query):
    with Session(get_engine(synthetic)) as session:
        f = Filter.from_query(query.format(a=_top_actor(session)))
        buckets = pair_buckets(session, f, lanes=6)
        dated = [r for r in chart_rows(session, f) if r.date and r.date_precision != "unknown"]
    per_set = Counter(_people_value(r) for r in dated)
    busiest = [value for value, _n in sorted(per_set.items(), key=lambda item: (-item[1], item[0]))[:6]]
    expected = Counter()
    for r in dated:
        lane = tuple(sorted({p.key for p in r.participants})) if _people_value(r) in busiest else OTHER_PAIRS
        expected[lane, r.kind, r.date_sort[:4] if r.date_precision == "year" else r.date_sort[:7]] += 1
    drawn = Counter()
    for b in buckets:
        drawn[b.actors if b.lane != OTHER_PAIRS else OTHER_PAIRS, b.kind, b.period] += b.count
    assert drawn == expected and len(dated) > 100
    # One label per set: two sets of namesakes never share a lane.
    labels = {(b.lane, b.actors) for b in buckets if b.lane != OTHER_PAIRS}
    assert len(labels) == len({lane for lane, _keys in labels}) == len(busiest)


@pytest.mark.parametrize("which", ["most", "least"])
def test_actor_page_lists_the_newest_claims_about_them(synthetic, which):
    with Session(get_engine(synthetic)) as session:
        mentioned = session.execute(text(
            "SELECT actor_id, count(*) FROM claimactor GROUP BY actor_id ORDER BY count(*) DESC, actor_id"
        )).all()
        actor_id, count = mentioned[0] if which == "most" else mentioned[-1]
        stored = session.execute(text("SELECT max(id) FROM claim")).scalar_one()
        # Both ways of reading them are taken: a busy actor's by date, a rare one's by actor.
        assert (count * 20 >= stored) == (which == "most")
        about = session.execute(text(
            "SELECT c.id, c.date_sort FROM claim c JOIN claimactor ca ON ca.claim_id = c.id "
            "WHERE ca.actor_id = :a AND (c.attributed_actor_id IS NULL OR c.attributed_actor_id != :a)"),
            {"a": actor_id}).all()
        newest = sorted(about, key=lambda r: r[0])  # then newest first, undated last, ids kept in order
        newest = [i for i, _d in sorted(newest, key=lambda r: r[1] or "", reverse=True)]
        view = actor_view(session, actor_id)
        assert [c.id for c, _a in view.claims_about] == newest[:CLAIMS_SHOWN]
        assert view.claims_about_total == len(about) > 0


@pytest.mark.parametrize("typed, some", [
    ("rencontré", True), ("RENCON", True), ("Douchanbe", True), ("Salami Douchanbé", True),
    ("a rencontré", True), ("Zarif", True), ("Saint-Pétersbourg", True), ("coopération", False),
    ("zzzqx", False)])
def test_the_quotes_index_finds_what_folding_every_quote_finds(synthetic, typed, some, monkeypatch):
    with Session(get_engine(synthetic)) as session:
        by_quotes = set(session.execute(contact_ids(session, Filter(q=typed))).scalars())
    assert bool(by_quotes) == some
    # The reference: quotes of the articles holding the term, each quote's folded words
    # compared (no index of quotes, no index taken at its word).
    monkeypatch.setattr(timeline, "quotes_matching_term", lambda dialect, term: CS.article_id.in_(
        articles_matching_terms(dialect, [term])))
    monkeypatch.setattr(timeline, "index_decides", lambda term, dialect: False)
    with Session(get_engine(synthetic)) as session:
        assert set(session.execute(contact_ids(session, Filter(q=typed))).scalars()) == by_quotes


def test_the_quotes_index_follows_edits_and_deletions(synthetic):
    engine = get_engine(synthetic)
    with engine.begin() as connection:
        source, contact = connection.execute(text("SELECT id, contact_id FROM contactsource LIMIT 1")).one()
        connection.execute(text("UPDATE contactsource SET quote = 'a reçu Zorbatchev' WHERE id = :i"),
                           {"i": source})

    def found(word: str) -> set[int]:
        with Session(engine) as session:
            return set(session.execute(contact_ids(session, Filter(q=word, review=REVIEW_STATUSES))).scalars())

    assert found("zorbatchev") == {contact}
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM contactsource WHERE id = :i"), {"i": source})
    assert found("zorbatchev") == set()


def _decide(session: Session) -> list:
    """Analyst decisions of every kind over the corpus; each a callable run in its own commit."""
    ids = session.execute(text("SELECT id FROM contact ORDER BY id")).scalars().all()
    busy = session.execute(text(
        "SELECT actor_id FROM contactparticipant GROUP BY actor_id ORDER BY count(*) DESC LIMIT 2"
    )).scalars().all()
    return [
        *[lambda s, i=i: decisions.review_contact(s, i, "rejected", "omid", "not a contact")
          for i in ids[:60:3]],
        *[lambda s, i=i: decisions.review_contact(s, i, "confirmed", "omid") for i in ids[1:40:4]],
        lambda s: decisions.edit_contact(s, ids[70], {"topics": ["drones", "energy"]}, "omid"),
        lambda s: decisions.edit_contact(s, ids[71], {"participants": [busy[0]]}, "omid"),
        lambda s: decisions.merge_contact(s, ids[72], ids[73], "omid"),
        lambda s: decisions.merge_actors(s, busy[1], busy[0], "omid"),
        lambda s: s.execute(text("UPDATE contact SET review_status = 'suggested' "
                                 "WHERE id IN (SELECT id FROM contact WHERE id % 13 = 0)")),
    ]


@pytest.fixture
def reviewed(synthetic):
    with Session(get_engine(synthetic)) as session:
        steps = _decide(session)
    for step in steps:
        with session_scope(synthetic) as session:
            step(session)
    return synthetic


def test_review_decisions_keep_facet_rows_exact_and_move_the_data_version(synthetic):
    engine = get_engine(synthetic)
    with Session(engine) as session:
        steps = _decide(session)
    for step in steps:
        with session_scope(synthetic) as session:
            before = data_version(session)
            step(session)
            session.flush()
            assert data_version(session) != before
    with engine.connect() as connection:
        kept, derived = _facet_rows(connection)
        assert kept == derived


REVIEW_FILTERS = ["", "review=rejected", "review=suggested&kind=call", "review=confirmed&review=edited",
                  "actor={a}", "review=rejected&review=unreviewed&country=IR", "q=coopération"]


@pytest.mark.parametrize("query", REVIEW_FILTERS)
def test_facets_count_what_reviewed_views_list(reviewed, query):
    with Session(get_engine(reviewed)) as session:
        f = Filter.from_query(query.format(a=_top_actor(session)))
        facets = count_facets(session, f)
        for name in ("country", "topic", "outlet", "kind", "actor"):
            expected = naive_counts(session, f, name)
            shown = {o.value: o.count for o in getattr(facets, name) if o.count}
            if name == "actor":  # the busiest actors only
                expected = {k: n for k, n in expected.items() if k in shown}
            assert shown == dict(expected), name
        assert facets.total == len(_all_rows(session, f))
        every = f.without("review")
        statuses = Counter(row.review_status for status in REVIEW_STATUSES
                           for row in _all_rows(session, every.with_(review=(status,))))
        assert {o.value: o.count for o in facets.review} == {s: statuses[s] for s in REVIEW_STATUSES}
        hidden = session.execute(text(
            "SELECT count(*) FROM contact WHERE merged_into IS NOT NULL OR retired "
            "OR review_status IN ('rejected', 'suggested')")).scalar_one()
        assert hidden > 20
        if not f.review:  # the default view hides rejected, possible and merged-away contacts
            assert not facets.review[REVIEW_STATUSES.index("rejected")].selected
            assert all(row.review_status in DEFAULT_REVIEW for row in _all_rows(session, f))
