"""``liaison reextract``: every stored article extracted again, one transaction per article.

Nothing is deleted up front: each article's fresh findings are reconciled with what is stored
for it (``reconcile.reextract_article``) and committed with the run's progress, so an article
ingested meanwhile loses nothing, and an interrupted run resumes after the last article done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, select

from app.ingestion.readers import RawArticle
from app.ingestion.service import BATCH_SIZE, extract, extract_to_store
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


def _next_batch(after: int, size: int) -> list[tuple[int, RawArticle]]:
    with session_scope() as session:
        rows = session.exec(select(Article).where(Article.id > after).order_by(Article.id)
                            .limit(size)).all()
        return [(a.id, RawArticle(a.text, a.origin, a.origin_kind, a.content_type, a.declared))  # type: ignore[misc]
                for a in rows]


def _extract_each(batch: list[tuple[int, RawArticle]]) -> list:
    """Extractions of a batch; an article whose extraction fails alone gets None."""
    try:
        return list(extract_to_store([raw for _, raw in batch]))
    except Exception:  # one bad article must not stop the run
        results = []
        for article_id, raw in batch:
            try:
                results.append(extract([raw])[0])
            except Exception:
                log.exception("re-extraction failed for article %s", article_id)
                results.append(None)
        return results


def reextract_all(restart: bool = False, batch_size: int = BATCH_SIZE,
                  on_article: Callable[[int], None] | None = None) -> RunResult:
    """Re-extract every article after the last one the current run finished."""
    with session_scope() as session:
        run = _open_run(session, restart)
        run_id, resumed_after = run.id, run.last_article_id
        tally = Tally.from_dict(run.counts) if run.counts else Tally()
    assert run_id is not None
    after = resumed_after
    while batch := _next_batch(after, batch_size):
        for (article_id, _raw), extraction in zip(batch, _extract_each(batch)):
            after = article_id
            step = Tally(articles=1, failed=1) if extraction is None else None
            with session_scope() as session:
                if step is None:
                    try:
                        step = _one(session, article_id, extraction)
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
