"""The claims view (``/claims``): the same Filter as the timeline, facet counts, each claim one
click from its highlighted sentence; its JSON twin is ``/api/claims``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from app.queries.claims import claim_facets, claims_page
from app.queries.resolve import CLAIM_SORTS, actor_label
from app.web.deps import get_session, is_htmx, render
from app.web.filtering import given_pairs, page_filter

router = APIRouter()


@router.get("/claims", include_in_schema=False)
def claims_view(request: Request, session: Session = Depends(get_session)):
    resolved = page_filter(request, session, "claims")
    f = resolved.filter
    canonical = "/claims" + (f"?{f.to_query()}" if f.to_query() else "")
    if not is_htmx(request) and given_pairs(request) != sorted(f.to_pairs()):
        return RedirectResponse(canonical, status_code=303)
    response = render(request, session, "claims.html", {
        "f": f, "page": claims_page(session, f), "facets": claim_facets(session, f),
        "who_candidates": resolved.candidates, "claim_sorts": CLAIM_SORTS,
        "actor_label": lambda key: actor_label(session, key),
    }, blocks=["results", "facets"])
    response.headers["HX-Push-Url"] = canonical
    return response
