"""Polling sources end to end: a local press site, the real pipeline, a temporary database.

New entries are ingested once, unchanged ones skipped (a 304 costs one request), irrelevant
ones counted and skipped with their reason, failures reported and retried, and what the feed
declared kept as the article's metadata, not pasted into its text.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.review.reextract import reextract_all
from app.sources import store
from app.sources.fetch import Fetcher
from app.sources.poll import PollReport, poll_all, poll_due, work_entries
from app.storage.db import get_engine, session_scope
from app.storage.models import Article, Contact, Source, SourceEntry, utcnow

from .conftest import Route, Site, page, rss

pytestmark = [pytest.mark.both_backends, pytest.mark.slow]

VISIT = page("Le président russe Vladimir Poutine a reçu lundi au Kremlin le ministre iranien des Affaires "
             "étrangères Abbas Araghchi. Les deux hommes ont parlé du corridor de transport Nord-Sud et des "
             "livraisons de céréales, a indiqué la présidence russe dans un communiqué.")
EXHIBITION = page("La ministre française de la Culture a inauguré mardi à Lyon une exposition consacrée aux "
                  "peintres flamands du seizième siècle. Elle restera ouverte jusqu'en septembre, a précisé la mairie.")
CALL = page("Le président iranien Massoud Pezeshkian s'est entretenu mardi par téléphone avec Vladimir Poutine. "
            "Les deux dirigeants ont évoqué la situation au Proche-Orient, selon l'agence officielle iranienne.")

ITEMS = [
    {"guid": "g-visit", "title": "Poutine reçoit Araghchi", "path": "/monde/visite", "date": "Mon, 03 Mar 2025 18:00:00 +0300",
     "summary": "Entretiens au Kremlin"},
    {"guid": "g-expo", "title": "Une exposition à Lyon", "path": "/culture/expo", "date": "Tue, 04 Mar 2025 09:00:00 +0100"},
    {"guid": "g-call", "title": "Appel entre Pezeshkian et Poutine", "path": "/monde/appel", "date": "Tue, 04 Mar 2025 20:00:00 +0330"},
]


@pytest.fixture
def press(site: Site, allow_loopback: None) -> Site:
    site.routes["/rss"] = Route(rss(site, "La Gazette du Test", ITEMS), "application/rss+xml", etag='"feed-1"')
    site.routes["/monde/visite"] = Route(VISIT)
    site.routes["/culture/expo"] = Route(EXHIBITION)
    site.routes["/monde/appel"] = Route("panne", status=500)
    return site


def add(db_url: str, kind: str, location: str, **options) -> int:
    with session_scope(db_url) as session:
        return store.add_source(session, kind, location, **options).id  # type: ignore[return-value]


def poll_everything() -> PollReport:
    report = PollReport()
    with Fetcher() as fetcher:
        poll_all("test-worker", fetcher, report)
    return report


def statuses(report: PollReport) -> dict[str, str]:
    return {o.name.rsplit("/", 1)[-1]: o.status for o in report.outcomes}


def entries(db_url: str) -> dict[str, SourceEntry]:
    with Session(get_engine(db_url)) as session:
        return {e.key: e for e in session.exec(select(SourceEntry)).all()}


def test_a_feed_is_polled_decided_and_ingested_once(migrated_db: str, press: Site) -> None:
    source_id = add(migrated_db, "feed", press.url("/rss"))
    report = poll_everything()
    assert statuses(report) == {"visite": "ingested", "expo": "skipped", "appel": "failed"}
    seen = entries(migrated_db)
    assert seen["g-expo"].reason == "names neither Russia nor Iran"
    assert seen["g-visit"].reason == "names Russia (Poutine) and Iran (Araghchi)"
    assert seen["g-call"].reason == "unreachable (HTTP 500)" and seen["g-call"].next_attempt_at is not None

    with Session(get_engine(migrated_db)) as session:
        article = session.exec(select(Article)).one()
        source = session.get(Source, source_id)
        assert source is not None
        # What the feed declared is metadata; the text is the page's main text only.
        assert (article.origin, article.origin_kind) == (press.url("/monde/visite"), "feed")
        assert (article.title, article.outlet) == ("Poutine reçoit Araghchi", "La Gazette du Test")
        assert (article.published, article.published_source) == ("2025-03-03", "declared")
        assert article.declared["url"] == press.url("/monde/visite")
        assert "Poutine reçoit Araghchi" not in article.text and "Accueil" not in article.text
        assert article.text.startswith("Le président russe Vladimir Poutine a reçu lundi")
        # "lundi" is dated from the declared publication day.
        assert [c.date for c in session.exec(select(Contact)).all()] == ["2025-03-03"]
        assert (source.name, source.failures, source.last_error, source.etag) == ("La Gazette du Test", 0, "", '"feed-1"')
        assert source.last_success_at is not None and source.next_poll_at > utcnow()
        health = store.health_by_source(session)[source_id]
        assert (health.seen, health.kept, health.skipped, health.failed) == (3, 1, 1, 1)

    # Unchanged feed: one conditional request answered 304; no page fetched again; the failed
    # entry waits for its back-off.
    again = poll_everything()
    assert again.outcomes == [] and again.errors == []
    assert press.requests[-1][0] == "/rss" and press.requests[-1][1]["if-none-match"] == '"feed-1"'
    assert (press.hits("/monde/visite"), press.hits("/culture/expo"), press.hits("/monde/appel")) == (1, 1, 1)

    # The broken page is mended and its retry falls due: it is ingested, the first one is not.
    press.routes["/monde/appel"] = Route(CALL)
    with session_scope(migrated_db) as session:
        entry = session.exec(select(SourceEntry).where(SourceEntry.key == "g-call")).one()
        entry.next_attempt_at = utcnow() - timedelta(seconds=1)
    assert statuses(poll_everything()) == {"appel": "ingested"}

    # An editor forces the skipped entry in.
    with session_scope(migrated_db) as session:
        store.force_entry(session, session.exec(select(SourceEntry).where(SourceEntry.key == "g-expo")).one())
    report = PollReport()
    with Fetcher() as fetcher:
        work_entries("test-worker", fetcher, report)
    assert statuses(report) == {"expo": "ingested"}
    assert entries(migrated_db)["g-expo"].reason == "asked for by an editor"
    with Session(get_engine(migrated_db)) as session:
        assert len(session.exec(select(Article)).all()) == 3


def test_a_failing_source_is_reported_backed_off_and_retried(migrated_db: str, press: Site) -> None:
    press.routes["/rss"] = Route("erreur", status=502)
    source_id = add(migrated_db, "feed", press.url("/rss"))
    report = PollReport()
    with Fetcher() as fetcher:
        assert poll_due("w1", fetcher, report) == 1
        assert report.errors == [f"{press.url('/rss')}: unreachable (HTTP 502)"]
        # Backed off: not due again at once, so the next look polls nothing.
        assert poll_due("w1", fetcher, PollReport()) == 0
    with Session(get_engine(migrated_db)) as session:
        source = session.get(Source, source_id)
        assert source is not None
        assert (source.failures, source.last_error, source.last_success_at) == (1, "unreachable (HTTP 502)", None)
        assert utcnow() + timedelta(seconds=29) < source.next_poll_at < utcnow() + timedelta(seconds=61)
        assert source.lease_owner is None

    press.routes["/rss"] = Route(rss(press, "La Gazette du Test", ITEMS[:1]), "application/rss+xml")
    with session_scope(migrated_db) as session:
        session.get(Source, source_id).next_poll_at = utcnow()  # type: ignore[union-attr]
    report = PollReport()
    with Fetcher() as fetcher:
        assert poll_due("w1", fetcher, report) == 1
    assert statuses(report) == {"visite": "ingested"}
    with Session(get_engine(migrated_db)) as session:
        source = session.get(Source, source_id)
        assert (source.failures, source.last_error) == (0, "")  # type: ignore[union-attr]
        assert source.last_success_at is not None  # type: ignore[union-attr]


def test_a_feed_that_turned_into_a_page_is_a_visible_error(migrated_db: str, press: Site) -> None:
    press.routes["/rss"] = Route(VISIT)  # the outlet moved its feed; the old URL serves HTML now
    add(migrated_db, "feed", press.url("/rss"))
    report = poll_everything()
    assert len(report.errors) == 1 and "not an RSS or Atom feed" in report.errors[0]


def test_the_same_page_in_two_feeds_is_one_article(migrated_db: str, press: Site) -> None:
    press.routes["/autre-rss"] = Route(rss(press, "Autre Gazette", [dict(ITEMS[0], guid="autre-1")]),
                                       "application/rss+xml")
    add(migrated_db, "feed", press.url("/rss"))
    add(migrated_db, "feed", press.url("/autre-rss"))
    report = poll_everything()
    assert sorted(o.status for o in report.outcomes if o.name.endswith("/visite")) == ["ingested", "unchanged"]
    seen = entries(migrated_db)
    assert seen["g-visit"].article_id == seen["autre-1"].article_id is not None
    assert seen["autre-1"].status == "kept"


def test_a_sitemap_with_news_titles(migrated_db: str, press: Site) -> None:
    press.routes["/sitemap.xml"] = Route(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f'<url><loc>{press.url("/monde/visite")}</loc><news:news><news:title>Au Kremlin</news:title>'
        '<news:publication_date>2025-03-03T17:00:00+03:00</news:publication_date></news:news></url>'
        f'<url><loc>{press.url("/culture/expo")}</loc></url></urlset>', "application/xml")
    add(migrated_db, "sitemap", press.url("/sitemap.xml"), name="Le Site")
    assert statuses(poll_everything()) == {"visite": "ingested", "expo": "skipped"}
    with Session(get_engine(migrated_db)) as session:
        article = session.exec(select(Article)).one()
        assert (article.title, article.outlet, article.published) == ("Au Kremlin", "Le Site", "2025-03-03")


def test_a_watched_folder_takes_new_and_changed_files(migrated_db: str, tmp_path: Path, allow_loopback: None) -> None:
    folder = tmp_path / "arrivees"
    folder.mkdir()
    text = ("Moscou, 5 mars 2025 - Le vice-ministre russe des Affaires étrangères a reçu mercredi "
            "l'ambassadeur d'Iran pour préparer une visite du président iranien.\n")
    (folder / "depeche.txt").write_text(text, encoding="utf-8")
    (folder / "sport.txt").write_text("Le club lyonnais a gagné samedi soir face à Nantes.\n", encoding="utf-8")
    add(migrated_db, "folder", str(folder), name="Dépêches maison")
    assert statuses(poll_everything()) == {"depeche.txt": "ingested", "sport.txt": "skipped"}
    assert poll_everything().outcomes == []  # nothing changed
    (folder / "depeche.txt").write_text(text + "La date de la visite n'a pas été annoncée.\n", encoding="utf-8")
    assert statuses(poll_everything()) == {"depeche.txt": "ingested"}
    with Session(get_engine(migrated_db)) as session:
        articles = session.exec(select(Article).order_by(Article.id)).all()
        assert [a.origin for a in articles] == ["depeche.txt", "depeche.txt"]
        assert articles[0].text == text  # a watched file is stored exactly as written
        assert articles[1].outlet == "Dépêches maison"


def test_reextraction_keeps_the_declared_metadata(migrated_db: str, press: Site) -> None:
    add(migrated_db, "feed", press.url("/rss"))
    poll_everything()
    reextract_all()
    with Session(get_engine(migrated_db)) as session:
        article = session.exec(select(Article)).one()
        assert (article.title, article.outlet, article.published_source) == (
            "Poutine reçoit Araghchi", "La Gazette du Test", "declared")


def test_the_worker_takes_due_sources_and_waiting_entries_in_one_look(migrated_db: str, press: Site) -> None:
    from app.sources.worker import run_worker

    add(migrated_db, "feed", press.url("/rss"))
    outcomes, cycles = [], []
    run_worker(once=True, on_outcome=outcomes.append, on_cycle=cycles.append)
    assert {o.name.rsplit("/", 1)[-1]: o.status for o in outcomes} == {
        "visite": "ingested", "expo": "skipped", "appel": "failed"}
    assert len(cycles) == 1 and cycles[0].summary == "1 ingested, 0 unchanged, 1 skipped, 1 failed"
