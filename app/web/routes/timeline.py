"""The timeline page (``/``), its chart data (``/timeline.json``), its JSON twin
(``/api/contacts``) and CSV export, all over one Filter.

The page carries no chart data: the static chart script fetches ``/timeline.json`` with the same
query, so the page stays small and the browser revalidates the chart with an ETag.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import threading
from collections import OrderedDict

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from sqlmodel import Session

from app.auth.dependencies import current_visitor
from app.queries.actors import actors_in_contacts, resolve_actor_keys
from app.queries.alerts import contacts_new_since, record_visit
from app.queries.charts import AGGREGATE_ABOVE, aggregate_figure, timeline_figure
from app.queries.facets import compute_facets
from app.queries.filters import Filter
from app.queries.timeline import (
    Bucket,
    chart_rows,
    data_version,
    dated_count,
    kind_buckets,
    list_page,
    pair_buckets,
    undated_page,
)
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
    part = request.headers.get("HX-Target") if is_htmx(request) else None
    if part in PARTS:  # a pager: only its own list changes
        response = render(request, session, "timeline.html", PARTS[part](request, session, f),
                          blocks=[part])
    else:
        context = {
            "f": f, "page": list_page(session, f), "facets": compute_facets(session, f),
            "figure_url": "/timeline.json" + (f"?{chart_query(f)}" if chart_query(f) else ""),
            "undated": undated_page(session, f),
            "actor_choices": actors_in_contacts(session),
            "unmatched_who": f.who,
            "who_candidates": candidates,
        }
        context["new_ids"] = new_since_last_visit(request, session,
                                                  [row.id for row in context["page"].rows])
        response = render(request, session, "timeline.html", context,
                          blocks=["results", "facets"])
    response.headers["HX-Push-Url"] = canonical
    return response


def new_since_last_visit(request: Request, session: Session, ids: list[int]) -> set[int]:
    """Contacts among ``ids`` that arrived since a signed-in user's previous visit (and note
    this visit); nothing for anonymous or local-mode visitors."""
    visitor = current_visitor(request)
    if visitor.user_id is None:
        return set()
    return contacts_new_since(session, ids, record_visit(session, visitor.user_id))


# Fragments a pager asks for (by its htmx target) and what each needs.
def _list_part(request: Request, session: Session, f: Filter) -> dict:
    page = list_page(session, f)
    return {"f": f, "page": page,
            "new_ids": new_since_last_visit(request, session, [row.id for row in page.rows])}


PARTS = {
    "list": _list_part,
    "undated": lambda _request, session, f: {"f": f, "undated": undated_page(session, f)},
}


def chart_query(f: Filter) -> str:
    """The query of the chart's data: the filter without its page (the chart shows every page)."""
    return f.to_query(page=False)


@router.get("/timeline.json")
def timeline_json(request: Request, session: Session = Depends(get_session)) -> Response:
    """The Plotly figure of the timeline for a filter; 304 when the browser's copy is current."""
    f, _ = resolve_who(session, Filter.from_query(request.query_params))
    compact = request.query_params.get("compact") == "1"  # the small chart of an actor page
    database = request.app.state.settings.database_url
    digest = hashlib.sha256(f"{database}|{chart_query(f)}|{compact}|{data_version(session)}"
                            .encode()).hexdigest()
    etag = f'"{digest[:32]}"'
    # The browser keeps the figure but asks each time; an unchanged one costs one 304.
    headers = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Accept-Encoding"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    plain, packed = figure_bodies(session, f, etag, compact)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(packed, media_type="application/json", headers=headers)
    return Response(plain, media_type="application/json", headers=headers)


FIGURE_CACHE_SIZE = 8
_figure_cache: OrderedDict[str, tuple[bytes, bytes]] = OrderedDict()
_figure_lock = threading.Lock()  # routes run in a thread pool


def figure_bodies(session: Session, f: Filter, etag: str, compact: bool = False) -> tuple[bytes, bytes]:
    """The figure as JSON, plain and gzipped, kept for the few most recent (filter, data
    version) keys: another analyst, or the same one coming back, gets it without a rebuild."""
    with _figure_lock:
        if etag in _figure_cache:
            _figure_cache.move_to_end(etag)
            return _figure_cache[etag]
    figure = build_figure(session, f, compact=compact)
    plain = json.dumps(figure, separators=(",", ":"), ensure_ascii=False).encode()
    bodies = plain, gzip.compress(plain, compresslevel=5)
    with _figure_lock:
        _figure_cache[etag] = bodies
        while len(_figure_cache) > FIGURE_CACHE_SIZE:
            _figure_cache.popitem(last=False)
    return bodies


def build_figure(session: Session, f: Filter, *, compact: bool = False) -> dict:
    """One marker per contact while they are few; past ``AGGREGATE_ABOVE`` dated contacts, one
    per lane, kind and month, counted in SQL, each a link to the list of its contacts."""
    if dated_count(session, f) <= AGGREGATE_ABOVE:
        return timeline_figure(chart_rows(session, f, ordered=False), f.lane, compact=compact)
    buckets = kind_buckets(session, f) if f.lane == "kind" else pair_buckets(session, f)
    return aggregate_figure(buckets, f.lane, lambda bucket: bucket_url(f, bucket), compact=compact)


def bucket_url(f: Filter, bucket: Bucket) -> str:
    """The timeline listing the contacts of one chart marker."""
    narrowed = f.with_(date_from=bucket.period, date_to=bucket.period, kind=(bucket.kind,),
                       actor=tuple(dict.fromkeys(f.actor + bucket.actors)))
    return "/?" + narrowed.to_query()


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
