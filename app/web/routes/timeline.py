"""The timeline page (``/``), its JSON twin (``/api/contacts``) and CSV export, over one Filter."""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, StreamingResponse
from sqlmodel import Session

from app.queries.actors import actors_in_contacts, resolve_actor_keys
from app.queries.charts import timeline_figure
from app.queries.facets import compute_facets
from app.queries.filters import Filter
from app.queries.timeline import chart_rows, list_page
from app.web.deps import get_session, is_htmx, render

router = APIRouter()


def resolve_who(session: Session, f: Filter) -> tuple[Filter, list]:
    """Add the actor the typed name designates; when none or several match, keep the text and
    return the candidates so the page can offer them (actors are all-of: adding several would
    ask for contacts between all of them)."""
    if not f.who:
        return f, []
    actors = resolve_actor_keys(session, f.who)
    if len(actors) != 1:
        return f, actors
    key = actors[0].key
    return f.with_(actor=f.actor + (() if key in f.actor else (key,)), who=""), []


def _given_pairs(request: Request) -> list[tuple[str, str]]:
    return sorted((k, v) for k, v in request.query_params.multi_items() if v.strip())


@router.get("/")
def timeline(request: Request, session: Session = Depends(get_session)):
    f, candidates = resolve_who(session, Filter.from_query(request.query_params))
    canonical = "/" + (f"?{f.to_query()}" if f.to_query() else "")
    if not is_htmx(request) and _given_pairs(request) != sorted(f.to_pairs()):
        return RedirectResponse(canonical, status_code=303)
    rows = chart_rows(session, f)
    context = {
        "f": f, "page": list_page(session, f), "facets": compute_facets(session, f),
        "figure": timeline_figure(rows, f.lane),
        "undated": [r for r in rows if not r.date or r.date_precision == "unknown"],
        "actor_choices": actors_in_contacts(session),
        "unmatched_who": f.who,
        "who_candidates": candidates,
    }
    response = render(request, session, "timeline.html", context, blocks=["results", "facets"])
    response.headers["HX-Push-Url"] = canonical
    return response


@router.get("/api/contacts")
def api_contacts(request: Request, session: Session = Depends(get_session)) -> JSONResponse:
    """The contacts of the same filter as the timeline, one page, as JSON."""
    f, _ = resolve_who(session, Filter.from_query(request.query_params))
    page = list_page(session, f)
    return JSONResponse({
        "filter": f.to_query(), "total": page.total, "page": page.number, "pages": page.pages,
        "contacts": [contact_json(row) for row in page.rows],
    })


def contact_json(row) -> dict:
    return {
        "id": row.id, "kind": row.kind, "date": row.date, "date_precision": row.date_precision,
        "location": row.location, "source_count": row.source_count,
        "participants": [{"key": p.key, "name": p.name, "country": p.country, "role": p.role}
                         for p in row.participants],
        "topics": [slug for slug, _label in row.topics],
    }


CSV_FIELDS = ["id", "date", "date_precision", "kind", "location", "participants", "countries",
              "topics", "source_count", "url"]


@router.get("/export/contacts.csv")
def export_csv(request: Request, session: Session = Depends(get_session)) -> StreamingResponse:
    """Every contact of the filter (all pages) as CSV."""
    f, _ = resolve_who(session, Filter.from_query(request.query_params))
    rows = chart_rows(session, f, with_topics=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_FIELDS)
    base = str(request.base_url).rstrip("/")
    for row in rows:
        writer.writerow([row.id, row.date or "", row.date_precision, row.kind, row.location or "",
                         "; ".join(p.name for p in row.participants),
                         "; ".join(p.country or "" for p in row.participants),
                         "; ".join(slug for slug, _ in row.topics), row.source_count,
                         f"{base}/contacts/{row.id}"])
    return StreamingResponse(iter([buffer.getvalue()]), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="contacts.csv"'})
