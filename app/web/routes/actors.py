"""Actor pages: country, roles, aliases, contacts on a small timeline, counterparts, claims."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from app.queries.actors import ACTOR_SORTS, actor_summaries, actor_view
from app.queries.charts import counterparts_figure, timeline_figure
from app.web.deps import get_session, render

router = APIRouter()


@router.get("/actors")
def actor_list(request: Request, session: Session = Depends(get_session)):
    """Actors with role, country, contact count and last contact; searchable and sortable."""
    q = (request.query_params.get("q") or "").strip()[:100]
    sort = request.query_params.get("sort") or "name"
    problem = None if sort in ACTOR_SORTS else f"sort must be one of: {', '.join(ACTOR_SORTS)}"
    actors = [] if problem else actor_summaries(session, q, sort)
    return render(request, session, "actors.html", {
        "actors": actors, "q": q, "sort": sort, "actor_sorts": ACTOR_SORTS, "problem": problem,
    }, blocks=["actor_table"])


@router.get("/actors/{actor_id}")
def actor_page(actor_id: int, request: Request, session: Session = Depends(get_session)):
    view = actor_view(session, actor_id)
    if view is None:
        raise HTTPException(404, "No such actor")
    return render(request, session, "actor.html", {
        "view": view,
        "figure": timeline_figure(view.contacts, "pair", compact=True, empty_message=(
            "No dated contact: the contacts below have no known date." if view.contacts
            else f"{view.actor.name} takes part in no contact yet.")),
        "counterparts_figure": counterparts_figure([(a.name, n) for a, n in view.counterparts]),
        "undated": [r for r in view.contacts if not r.date or r.date_precision == "unknown"],
    })
