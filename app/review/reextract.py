"""``liaison reextract``: every stored article extracted again, one transaction per article.

Nothing is deleted up front: each article's fresh findings are reconciled with what is stored
for it (``reconcile.reextract_article``) and committed with the run's progress, so an article
ingested meanwhile loses nothing, and an interrupted run resumes after the last article done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlmodel import Session, select

from app.extraction.records import ArticleExtraction
from app.ingestion.parallel import Item, Result, run_batches
from app.ingestion.readers import RawArticle
from app.ingestion.service import BATCH_SIZE, extraction_item, extraction_workers, recorded_aliases
from app.review.reconcile import Tally, reextract_article
from app.storage import repository
from app.storage.db import session_scope
from app.storage.models import Article, ReextractRun, utcnow

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    tally: Tally
    resumed_after: int  # 0 for a fresh run, else the last article done by the interrupted run
    run_id: int


def _open_run(session: Session, restart: bool) -> ReextractRun:
    unfinished = session.exec(select(ReextractRun).where(ReextractRun.finished_at.is_(None))  # type: ignore[union-attr]
                              .order_by(ReextractRun.id.desc())).first()  # type: ignore[union-attr]
    if unfinished is not None and not restart:
        return unfinished
    if unfinished is not None:
        unfinished.finished_at = utcnow()
        session.add(unfinished)
    run = ReextractRun()
    session.add(run)
    session.flush()
    return run


def _remaining(after: int, page: int) -> Iterator[tuple[int, Item]]:
    """(id, extraction item) of every article past ``after``, read a page at a time, so an
    article stored during the run is reached too."""
    while True:
        with session_scope() as session:
            rows = session.exec(select(Article).where(Article.id > after).order_by(Article.id)
                                .limit(page)).all()
            batch = [(a.id, extraction_item(RawArticle(a.text, a.origin, a.origin_kind,
                                                       a.content_type, a.declared)))
                     for a in rows]
        if not batch:
            return
        yield from batch  # type: ignore[misc]
        after = batch[-1][0]  # type: ignore[assignment]


def reextract_all(restart: bool = False, batch_size: int = BATCH_SIZE,
                  on_article: Callable[[int], None] | None = None,
                  workers: int | None = None) -> RunResult:
    """Re-extract every article after the last one the current run finished.

    Extraction runs on the same worker processes as bulk ingest (``workers``, by default the
    setting, for ``PARALLEL_FROM`` articles or more); this process reconciles and commits each
    article in order, so the run's progress is always a prefix of the articles.
    """
    with session_scope() as session:
        run = _open_run(session, restart)
        run_id, resumed_after = run.id, run.last_article_id
        tally = Tally.from_dict(run.counts) if run.counts else Tally()
    assert run_id is not None

    def store(article_id: int, result: Result) -> None:
        step = None
        if not isinstance(result, ArticleExtraction):  # one bad article must not stop the run
            log.error("re-extraction failed for article %s", article_id, exc_info=result)
            step = Tally(articles=1, failed=1)
        with session_scope() as session:
            if step is None:
                try:
                    step = _one(session, article_id, result)
                except Exception:
                    session.rollback()
                    repository.forget_cache(session)
                    log.exception("could not reconcile article %s", article_id)
                    step = Tally(articles=1, failed=1)
            tally.add(step)
            run = session.get(ReextractRun, run_id)
            run.last_article_id, run.counts = article_id, tally.as_dict()  # type: ignore[union-attr]
            session.add(run)
        if on_article:
            on_article(article_id)

    count = None if workers is not None else count_remaining()
    run_batches(_remaining(resumed_after, batch_size),
                extraction_workers([], workers, count=count), batch_size, store,
                lessons=recorded_aliases)
    with session_scope() as session:
        run = session.get(ReextractRun, run_id)
        run.finished_at = utcnow()  # type: ignore[union-attr]
        session.add(run)
    return RunResult(tally=tally, resumed_after=resumed_after, run_id=run_id)


def _one(session: Session, article_id: int, extraction) -> Tally:  # noqa: ANN001
    article = session.get(Article, article_id)
    if article is None:  # removed meanwhile
        return Tally()
    return reextract_article(session, article, extraction)


def count_remaining() -> int:
    """Articles the next ``reextract_all`` will go through (for a progress total)."""
    from sqlalchemy import func

    with session_scope() as session:
        run = session.exec(select(ReextractRun).where(ReextractRun.finished_at.is_(None))  # type: ignore[union-attr]
                           .order_by(ReextractRun.id.desc())).first()  # type: ignore[union-attr]
        after = run.last_article_id if run else 0
        return session.exec(select(func.count()).select_from(Article).where(Article.id > after)).one()
