"""One contact: its date and why, participants, topics, and every source with its quote."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from app.queries.contacts import contact_view
from app.queries.filters import Filter
from app.web.deps import get_session, render

router = APIRouter()


@router.get("/contacts/{contact_id}")
def contact_page(contact_id: int, request: Request, session: Session = Depends(get_session)):
    view = contact_view(session, contact_id)
    if view is None:
        raise HTTPException(404, "No such contact")
    # The timeline it came from, re-rendered through the Filter (never echoed as given).
    back = Filter.from_query(request.query_params.get("back") or "").to_query()
    return render(request, session, "contact.html", {"view": view, "back": back})
