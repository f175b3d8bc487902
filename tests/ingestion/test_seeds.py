"""The five seed articles through the real pipeline: stored once, exact text, noise, dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from app.ingestion.service import ingest_paths, sha256_of
from app.storage.db import get_engine
from app.storage.models import Article, Claim, Contact, ContactSource, NoiseSpan

pytestmark = pytest.mark.slow

# Publication dates of the hand annotations ("published" of each article, at its precision).
GOLD_PUBLISHED = {
    "000_e7bee212926ab7a3.txt": ("2022-11-09", "day"),
    "001_f3c5192c93105f18.txt": ("2022-11", "month"),
    "002_3812be77b4c8182c.txt": ("2024-01-24", "day"),
    "003_e351ee1ecef9e0c0.txt": ("2022-07", "month"),
    "004_102431dc77d52124.txt": (None, "unknown"),
}

NOISE = {
    "002_3812be77b4c8182c.txt": [
        "Nous avons le plaisir de vous présenter notre nouveau mécanisme de lecture",  # audio notice
        "(photo d'illustration)",  # photo caption
        "Suivez RT en français surTelegram",
        "En cliquant sur \"Tout Accepter\" vous consentez",  # cookie banner
        "RT en français utilise des cookies",
    ],
    "004_102431dc77d52124.txt": [
        "Les plus commentés",
        "Explosions des bipeurs du Hezbollah : les premières réactions des analystes militaires",
    ],
}


def _articles() -> dict[str, Article]:
    with Session(get_engine()) as session:  # read only: no commit, so rows stay loaded
        return {a.origin: a for a in session.exec(select(Article)).all()}


def _counts() -> dict[str, int]:
    with Session(get_engine()) as session:
        return {table.__name__: session.exec(select(func.count()).select_from(table)).one()
                for table in (Article, NoiseSpan, Contact, ContactSource, Claim)}


def test_the_five_seeds_are_stored_exactly(seeded_db: str, seeds_dir: Path) -> None:
    articles = _articles()
    assert sorted(articles) == sorted(GOLD_PUBLISHED)
    for name, article in articles.items():
        on_disk = open(seeds_dir / name, encoding="utf-8", newline="").read()
        assert article.text == on_disk
        assert article.sha256 == sha256_of(on_disk)
        assert (article.origin_kind, article.content_type) == ("file", "text/plain")


def test_ingesting_the_seeds_again_changes_nothing(seeded_db: str, seeds_dir: Path) -> None:
    before = _counts()
    report = ingest_paths([str(seeds_dir)])
    assert report.summary == "0 ingested, 5 unchanged, 0 failed"
    assert _counts() == before


@pytest.mark.parametrize("name", sorted(NOISE))
def test_page_noise_is_found(seeded_db: str, name: str) -> None:
    article = _articles()[name]
    with Session(get_engine()) as session:
        spans = session.exec(select(NoiseSpan).where(NoiseSpan.article_id == article.id)).all()
    for phrase in NOISE[name]:
        start = 0
        while (start := article.text.find(phrase, start)) != -1:
            end = start + len(phrase)
            assert any(s.start <= start and end <= s.end for s in spans), (phrase, [(s.start, s.end, s.label) for s in spans])
            start = end


@pytest.mark.parametrize(("name", "published"), sorted(GOLD_PUBLISHED.items()))
def test_publication_date_matches_the_annotation(seeded_db: str, name: str, published: tuple) -> None:
    article = _articles()[name]
    value, precision = published
    assert (article.published, article.published_precision) == (value, precision), article.published_reason
    if value is None:
        assert article.published_sort is None
    else:
        first_day = {"day": value, "month": f"{value}-01", "year": f"{value}-01-01"}[precision]
        assert article.published_sort == first_day
        assert article.published_reason


def test_evidence_spans_quote_the_stored_text(seeded_db: str) -> None:
    with Session(get_engine()) as session:
        texts = {a.id: a.text for a in session.exec(select(Article)).all()}
        sources = session.exec(select(ContactSource)).all()
        claims = session.exec(select(Claim)).all()
    assert sources, "the seeds report contacts"
    for source in sources:
        assert texts[source.article_id][source.start:source.end] == source.quote
    for claim in claims:
        assert texts[claim.article_id][claim.start:claim.end] == claim.text
