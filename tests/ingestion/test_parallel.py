"""Bulk ingest on worker processes stores exactly what one process stores, and reextract uses
the same workers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from app.ingestion.service import ingest_paths
from app.review.reextract import reextract_all
from app.settings import get_settings
from app.storage.db import clear_engines, get_engine
from app.storage.migrate import upgrade

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "extraction" / "articles"

# What a reader sees, with article ids replaced by file names (ids follow storing order).
CONTENT = [
    "SELECT c.id, c.kind, c.date, c.date_precision, c.location, c.source_count FROM contact c ORDER BY c.id",
    "SELECT cp.contact_id, a.key, cp.country, cp.role FROM contactparticipant cp "
    "JOIN actor a ON a.id = cp.actor_id ORDER BY 1, 2",
    "SELECT cs.contact_id, ar.origin, cs.start, cs.\"end\", cs.quote FROM contactsource cs "
    "JOIN article ar ON ar.id = cs.article_id ORDER BY 1, 2, 3",
    "SELECT ar.origin, cl.start, cl.\"end\", cl.kind, cl.attributed_to, cl.hedged FROM claim cl "
    "JOIN article ar ON ar.id = cl.article_id ORDER BY 1, 2, 3",
    "SELECT origin, title, outlet, published FROM article ORDER BY origin",
    "SELECT contact_id, facet, value FROM contactfacet ORDER BY 1, 2, 3",
]


def content(url: str) -> list[list[tuple]]:
    with get_engine(url).connect() as connection:
        return [[tuple(row) for row in connection.execute(text(sql))] for sql in CONTENT]


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for source in sorted(seeds_dir.glob("*.txt")) + sorted(ARTICLES.glob("*.txt"))[:3]:
        shutil.copy(source, folder / source.name)
    return folder


def _ingest_into(url: str, corpus: Path, workers: int, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    upgrade(url)
    report = ingest_paths([str(corpus)], workers=workers)
    assert not report.failed and report.count("ingested") == len(list(corpus.iterdir()))


def test_two_workers_store_what_one_process_stores(tmp_path, corpus, monkeypatch):
    monkeypatch.setenv("LIAISON_SEED_ON_START", "false")
    serial, parallel = (f"sqlite:///{tmp_path / name}.db" for name in ("serial", "parallel"))
    try:
        _ingest_into(serial, corpus, 1, monkeypatch)
        _ingest_into(parallel, corpus, 2, monkeypatch)
        expected = content(serial)
        assert expected[0] and expected[3]  # contacts and claims were found
        assert content(parallel) == expected
        result = reextract_all(workers=2)
        assert result.tally.articles == len(list(corpus.iterdir())) and not result.tally.failed
        assert content(parallel) == expected
    finally:
        clear_engines()
        get_settings.cache_clear()


def test_a_slow_article_times_out_alone_and_a_broken_one_fails_alone(monkeypatch):
    import time

    import app.extraction.pipeline as pipeline
    from app.ingestion.budget import ExtractionTimedOut
    from app.ingestion.parallel import Job, extract_items

    real = pipeline.extract_documents

    def uneven(items, **kwargs):  # noqa: ANN001, ANN003, ANN202 - the wrapped pipeline call
        if any("lente" in text for _key, text in items):
            for _ in range(3000):  # slow in Python, so the budget's interruption lands
                time.sleep(0.01)
        if any("cassée" in text for _key, text in items):
            raise ValueError("a broken article")
        return real(items, **kwargs)

    monkeypatch.setattr(pipeline, "extract_documents", uneven)
    texts = [SENTENCE, "Dépêche lente. " + SENTENCE, "Dépêche cassée. " + SENTENCE, SENTENCE]
    results = extract_items(Job([(f"a{i}.txt", t, None) for i, t in enumerate(texts)], 0.5))
    assert [type(r).__name__ for r in results] == [
        "ArticleExtraction", "ExtractionTimedOut", "ValueError", "ArticleExtraction"]
    assert isinstance(results[1], ExtractionTimedOut) and results[0].contacts


SENTENCE = ("Le ministre russe des Affaires étrangères Sergueï Lavrov a reçu jeudi 4 mai 2023 à "
            "Moscou son homologue iranien Hossein Amir-Abdollahian.")


def test_workers_store_articles_past_their_budget_as_timed_out(tmp_path, corpus, monkeypatch):
    from sqlmodel import select

    from app.storage.db import session_scope
    from app.storage.models import Article

    monkeypatch.setenv("LIAISON_SEED_ON_START", "false")
    monkeypatch.setenv("LIAISON_EXTRACTION_BUDGET", "0.0001")  # no article fits in it
    url = f"sqlite:///{tmp_path / 'budget'}.db"
    try:
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        upgrade(url)
        report = ingest_paths([str(corpus)], workers=2)
        assert report.count("ingested") == len(list(corpus.iterdir())) and not report.failed
        assert all("extraction timed out after 0.0001 s" in o.reason for o in report.outcomes)
        with session_scope(url) as session:
            statuses = {a.extraction_status for a in session.exec(select(Article))}
        assert statuses == {"timed out"}
        assert content(url)[0] == []  # no contact stored for them
    finally:
        clear_engines()
        get_settings.cache_clear()
