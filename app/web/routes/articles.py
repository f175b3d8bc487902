"""Articles: the list with upload and paste forms, and one article with its highlighted spans.

Uploads and pasted text go through the ingestion service (the same path as ``liaison ingest``).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.ingestion.service import Outcome, ingest_bytes, ingest_text
from app.queries.articles import article_view, findings, list_articles
from app.queries.filters import parse_page
from app.web.deps import get_session, render

router = APIRouter()


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


@router.post("/articles/upload")
async def upload(request: Request, files: list[UploadFile], session: Session = Depends(get_session)):
    limit = request.app.state.settings.max_upload_files
    outcomes: list[Outcome] = []
    for index, upload_file in enumerate(files):
        name = upload_file.filename or f"upload-{index + 1}"
        if index >= limit:
            outcomes.append(Outcome(name, "failed", reason=f"more than {limit} files in one upload"))
            continue
        data = await upload_file.read()
        outcomes.append(await run_in_threadpool(ingest_bytes, data, name, "upload",
                                                upload_file.content_type))
    session.rollback()  # a fresh snapshot: the counts include what was just stored
    session.expire_all()
    return _articles_page(request, session, outcomes)


@router.post("/articles/paste")
async def paste(request: Request, text: str = Form(""), title: str = Form(""),
                session: Session = Depends(get_session)):
    origin = title.strip()[:200] or "pasted"
    outcome = await run_in_threadpool(ingest_text, text, origin, "pasted")
    session.rollback()
    session.expire_all()
    return _articles_page(request, session, [outcome])


@router.get("/articles/{article_id}")
def article_page(article_id: int, request: Request, session: Session = Depends(get_session)):
    view = article_view(session, article_id)
    if view is None:
        raise HTTPException(404, "No such article")
    return render(request, session, "article.html", {"view": view})
