"""Topic pages: every topic with its contact count; one topic's contacts and claims."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from app.queries.filters import Filter, parse_page
from app.queries.timeline import list_page
from app.queries.topics import topic_claims, topics_with_counts
from app.storage.models import Topic
from app.web.deps import get_session, render

router = APIRouter()


@router.get("/topics")
def topic_list(request: Request, session: Session = Depends(get_session)):
    return render(request, session, "topics.html", {"topics": topics_with_counts(session)})


@router.get("/topics/{slug}")
def topic_page(slug: str, request: Request, session: Session = Depends(get_session)):
    topic = session.get(Topic, slug)
    if topic is None:
        raise HTTPException(404, "No such topic")
    number, problem = parse_page(request.query_params.get("page"))
    f = Filter(topic=(slug,), page=number)
    return render(request, session, "topic.html", {
        "topic": topic, "f": f, "page": list_page(session, f) if problem is None else None,
        "page_problem": problem, "claims": topic_claims(session, slug),
    })
