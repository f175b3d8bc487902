"""Actor pages: country, roles, aliases, contacts on a small timeline, counterparts, claims."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from app.queries.actors import ACTOR_SORTS, actor_summaries, actor_view
from app.queries.charts import counterparts_figure, empty_figure
from app.queries.filters import parse_page
from app.web.deps import RowId, get_session, is_htmx, render

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
def actor_page(actor_id: RowId, request: Request, session: Session = Depends(get_session)):
    number, problem = parse_page(request.query_params.get("page"))
    view = actor_view(session, actor_id, number)
    if view is None:
        raise HTTPException(404, "No such actor")
    if is_htmx(request) and request.headers.get("HX-Target") == "actor-contacts":
        return render(request, session, "actor.html", {"view": view, "page_problem": problem},
                      blocks=["contacts"])
    chart_filter = view.filter.with_(lane="pair")
    return render(request, session, "actor.html", {
        "view": view, "page_problem": problem,
        # The chart's data comes from the timeline's endpoint; with nothing dated to draw,
        # the page says why itself.
        "figure": None if view.page.total > view.undated else empty_figure((
            "No dated contact: the contacts below have no known date." if view.page.total
            else f"{view.actor.name} takes part in no contact yet."), compact=True),
        "figure_url": "/timeline.json?" + chart_filter.to_query(page=False) + "&compact=1",
        "counterparts_figure": counterparts_figure([(a.name, n) for a, n in view.counterparts[:40]]),
    })
