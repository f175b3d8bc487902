"""Articles: the list with upload and paste forms, and one article with its highlighted spans.

Uploads and pasted text go through the ingestion service (the same path as ``liaison ingest``).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.ingestion.service import Outcome, ingest_bytes, ingest_text
from app.queries.articles import article_view, list_articles
from app.web.deps import get_session, render

router = APIRouter()


def _articles_page(request: Request, session: Session, outcomes: list[Outcome] | None = None,
                   status_code: int = 200):
    page = int(request.query_params.get("page", "1")) if request.query_params.get("page", "1").isdigit() else 1
    rows, total = list_articles(session, page)
    return render(request, session, "articles.html",
                  {"rows": rows, "total": total, "page_number": max(page, 1),
                   "outcomes": outcomes}, blocks=["ingest_results", "article_list"],
                  status_code=status_code)


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
    session.expire_all()
    return _articles_page(request, session, outcomes)


@router.post("/articles/paste")
async def paste(request: Request, text: str = Form(""), title: str = Form(""),
                session: Session = Depends(get_session)):
    origin = title.strip()[:200] or "pasted"
    outcome = await run_in_threadpool(ingest_text, text, origin, "pasted")
    session.expire_all()
    return _articles_page(request, session, [outcome])


@router.get("/articles/{article_id}")
def article_page(article_id: int, request: Request, session: Session = Depends(get_session)):
    view = article_view(session, article_id)
    if view is None:
        raise HTTPException(404, "No such article")
    from app.queries.review import actor_choices

    return render(request, session, "article.html", {"view": view, "actor_choices": actor_choices(session)})
