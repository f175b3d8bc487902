"""Articles: the list with upload, paste and URL forms, one article with its highlighted spans,
and a retry for an article whose extraction timed out.

Uploads, pasted text and URLs go through the ingestion service (the same path as ``liaison
ingest``), in a worker thread; when the client goes away the extraction in progress stops.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app.auth.middleware import request_size_limit
from app.ingestion.budget import Budget
from app.ingestion.service import (
    CANCELLED,
    TIMED_OUT,
    Outcome,
    default_budget,
    ingest_bytes,
    ingest_text,
    ingest_url,
    retry_extraction,
)
from app.queries.articles import article_view, findings, list_articles
from app.queries.filters import parse_page
from app.storage.db import session_scope
from app.storage.models import Article
from app.web.deps import RowId, get_session, render

router = APIRouter()
# How often a running ingest looks whether its client is still there.
DISCONNECT_POLL_SECONDS = 0.25


def _articles_page(request: Request, session: Session, outcomes: list[Outcome] | None = None,
                   status_code: int = 200):
    page, problem = parse_page(request.query_params.get("page"))
    rows, total = list_articles(session, page) if problem is None else ([], 0)
    summaries = {o.article_id: findings(session, o.article_id)
                 for o in outcomes or [] if o.article_id is not None}
    response = render(request, session, "articles.html",
                      {"rows": rows, "total": total, "page_number": page, "page_problem": problem,
                       "outcomes": outcomes, "findings": summaries},
                      blocks=["ingest_results", "article_list"], status_code=status_code)
    if outcomes is not None:
        # The page's script clears the form when nothing failed.
        response.headers["X-Liaison-Ingest"] = "failed" if any(
            o.status == "failed" for o in outcomes) else "ok"
    return response


@router.get("/articles")
def article_list(request: Request, session: Session = Depends(get_session)):
    return _articles_page(request, session)


async def _ingest_while_connected(request: Request, work: Callable[[Budget], Outcome],
                                  budget: Budget) -> Outcome:
    """Run ``work(budget)`` in a worker thread; cancel its extraction if the client leaves."""
    task = asyncio.ensure_future(run_in_threadpool(work, budget))
    while True:
        done, _ = await asyncio.wait({task}, timeout=DISCONNECT_POLL_SECONDS)
        if done:
            return task.result()
        if await request.is_disconnected():
            budget.cancel()


def _form(request: Request):
    """The posted form (``async with``), text fields as large as the request limit allows."""
    settings = request.app.state.settings
    return request.form(max_part_size=request_size_limit(settings),
                        max_files=settings.max_upload_files + 1)


@router.post("/articles/upload")
async def upload(request: Request, session: Session = Depends(get_session)):
    limit = request.app.state.settings.max_upload_files
    outcomes: list[Outcome] = []
    async with _form(request) as form:
        files = [item for item in form.getlist("files") if isinstance(item, UploadFile)]
        for index, upload_file in enumerate(files):
            name = upload_file.filename or f"upload-{index + 1}"
            if index >= limit:
                outcomes.append(Outcome(name, "failed", reason=f"more than {limit} files in one upload"))
                continue
            if await request.is_disconnected():
                outcomes.append(Outcome(name, "failed", reason=CANCELLED))
                continue
            data = await upload_file.read()
            outcomes.append(await _ingest_while_connected(
                request, lambda b, data=data, name=name, upload_file=upload_file: ingest_bytes(
                    data, name, "upload", upload_file.content_type, budget=b), default_budget()))
    if not outcomes:
        outcomes.append(Outcome("upload", "failed", reason="no file was sent"))
    session.rollback()  # a fresh snapshot: the counts include what was just stored
    session.expire_all()
    return _articles_page(request, session, outcomes)


@router.post("/articles/paste")
async def paste(request: Request, session: Session = Depends(get_session)):
    async with _form(request) as form:
        text, title = form.get("text", ""), form.get("title", "")
    text = text if isinstance(text, str) else ""
    origin = (title if isinstance(title, str) else "").strip()[:200] or "pasted"
    outcome = await _ingest_while_connected(
        request, lambda b: ingest_text(text, origin, "pasted", budget=b), default_budget())
    session.rollback()
    session.expire_all()
    return _articles_page(request, session, [outcome])


@router.post("/articles/fetch")
async def fetch(request: Request, session: Session = Depends(get_session)):
    """Ingest a web page by its URL (public addresses only, unless configured otherwise)."""
    async with _form(request) as form:
        url = form.get("url", "")
    url = url.strip() if isinstance(url, str) else ""
    if not url.lower().startswith(("http://", "https://")):
        outcome = Outcome(url[:200] or "URL", "failed", reason="not an http:// or https:// URL")
    else:
        outcome = await _ingest_while_connected(
            request, lambda b: ingest_url(url, budget=b), default_budget())
    session.rollback()
    session.expire_all()
    return _articles_page(request, session, [outcome])


@router.get("/articles/{article_id}")
def article_page(article_id: RowId, request: Request, session: Session = Depends(get_session)):
    view = article_view(session, article_id)
    if view is None:
        raise HTTPException(404, "No such article")
    from app.queries.review import actor_choices

    return render(request, session, "article.html",
                  {"view": view, "timed_out": TIMED_OUT, "actor_choices": actor_choices(session)})


def _retry(database_url: str, article_id: int, budget: Budget) -> bool | None:
    with session_scope(database_url) as db:
        article = db.get(Article, article_id)
        if article is None or article.extraction_status != TIMED_OUT:
            return None
        return retry_extraction(db, article, budget)


@router.post("/articles/{article_id}/extract")
async def retry(article_id: RowId, request: Request):
    """Run the extraction of a timed-out article again (then show the article)."""
    database_url = request.app.state.settings.database_url
    finished = await _ingest_while_connected(
        request, lambda b: _retry(database_url, article_id, b), default_budget())
    if finished is None:
        raise HTTPException(404, "No article waiting for its extraction")
    return RedirectResponse(f"/articles/{article_id}", status_code=303)
