"""Actor pages: country, roles, aliases, contacts on a small timeline, counterparts, claims."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from app.queries.actors import actor_view, actors_in_contacts
from app.queries.charts import counterparts_figure, timeline_figure
from app.web.deps import get_session, render

router = APIRouter()


@router.get("/actors")
def actor_list(request: Request, session: Session = Depends(get_session)):
    return render(request, session, "actors.html", {"actors": actors_in_contacts(session)})


@router.get("/actors/{actor_id}")
def actor_page(actor_id: int, request: Request, session: Session = Depends(get_session)):
    view = actor_view(session, actor_id)
    if view is None:
        raise HTTPException(404, "No such actor")
    return render(request, session, "actor.html", {
        "view": view,
        "figure": timeline_figure(view.contacts, "pair", compact=True),
        "counterparts_figure": counterparts_figure([(a.name, n) for a, n in view.counterparts]),
        "undated": [r for r in view.contacts if not r.date or r.date_precision == "unknown"],
    })
