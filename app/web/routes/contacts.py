"""One contact: its date and why, participants, topics, and every source with its quote."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from app.queries.contacts import contact_view
from app.queries.filters import Filter
from app.review.decisions import resolve_contact_id
from app.review.history import history
from app.web.deps import RowId, get_session, render
from app.web.routes.review import choices

router = APIRouter()


@router.get("/contacts/{contact_id}")
def contact_page(contact_id: RowId, request: Request, session: Session = Depends(get_session)):
    target = resolve_contact_id(session, contact_id)
    if target is None:
        raise HTTPException(404, "No such contact")
    if target != contact_id:  # merged into another contact: a shared link follows it
        return RedirectResponse(f"/contacts/{target}", status_code=301)
    view = contact_view(session, contact_id)
    # The timeline it came from, re-rendered through the Filter (never echoed as given).
    back = Filter.from_query(request.query_params.get("back") or "").to_query()
    return render(request, session, "contact.html",
                  {"view": view, "back": back, "history": history(session, "contact", contact_id),
                   **choices(session)})
