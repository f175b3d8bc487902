"""Actor pages: country, roles, aliases, contacts on a small timeline, counterparts, claims."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlmodel import Session

from app.queries.actors import actor_view, actors_in_contacts
from app.queries.charts import counterparts_figure
from app.web.deps import get_session, is_htmx, render

router = APIRouter()


@router.get("/actors")
def actor_list(request: Request, session: Session = Depends(get_session)):
    return render(request, session, "actors.html", {"actors": actors_in_contacts(session)})


@router.get("/actors/{actor_id}")
def actor_page(actor_id: int, request: Request, session: Session = Depends(get_session)):
    page = request.query_params.get("page", "1")
    view = actor_view(session, actor_id, int(page) if page.isdigit() and int(page) > 0 else 1)
    if view is None:
        raise HTTPException(404, "No such actor")
    if is_htmx(request) and request.headers.get("HX-Target") == "actor-contacts":
        return render(request, session, "actor.html", {"view": view}, blocks=["contacts"])
    chart_filter = view.filter.with_(lane="pair")
    return render(request, session, "actor.html", {
        "view": view,
        "figure_url": "/timeline.json?" + chart_filter.to_query(page=False) + "&compact=1",
        "counterparts_figure": counterparts_figure([(a.name, n) for a, n in view.counterparts[:40]]),
    })
