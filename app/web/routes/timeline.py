"""The timeline page (``/``) and its chart data (``/timeline.json``), over the one Filter (its JSON
twin is ``/api/contacts``, its downloads ``/export/contacts.*``).

The page carries no chart data: the static chart script fetches ``/timeline.json`` with the same
query, so the page stays small and the browser revalidates the chart with an ETag.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from functools import cache

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app.auth.dependencies import current_visitor
from app.queries.actors import actors_in_contacts
from app.queries.alerts import contacts_new_since, record_visit
from app.queries.charts import AGGREGATE_ABOVE, aggregate_figure, timeline_figure
from app.queries.facets import compute_facets
from app.queries.filters import Filter
from app.queries.resolve import actor_label
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
from app.queries.versioned import VersionedCache
from app.web.deps import get_session, is_htmx, render
from app.web.filtering import given_pairs, page_filter

router = APIRouter()


@router.get("/")
def timeline(request: Request, session: Session = Depends(get_session)):
    resolved = page_filter(request, session)
    f = resolved.filter
    canonical = "/" + (f"?{f.to_query()}" if f.to_query() else "")
    if not is_htmx(request) and given_pairs(request) != sorted(f.to_pairs()):
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
            "who_candidates": resolved.candidates,
            "actor_label": lambda key: actor_label(session, key),
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
    # A filter with problems draws the empty chart saying so.
    f = page_filter(request, session, besides=("compact",)).filter
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


def empty_chart_message(f: Filter, matching: int) -> str:
    """Why the chart is empty, and what to do about it."""
    if f.problems:
        return "Some filter values cannot be honoured: fix the marked fields."
    if matching:
        return (f"{matching} contact{'s match' if matching != 1 else ' matches'} but none has a "
                "known date: see “Undated contacts” below.")
    if f.is_empty:
        return "No contact yet: add articles on the Articles page."
    return "No contact matches these filters: remove one or widen the dates."


_figures: VersionedCache[tuple[bytes, bytes]] = VersionedCache(8)


def figure_bodies(session: Session, f: Filter, etag: str, compact: bool = False) -> tuple[bytes, bytes]:
    """The figure as JSON, plain and gzipped, kept for the few most recent (filter, data
    version) keys (the ETag names both): another analyst, or the same one coming back, gets
    it without a rebuild."""
    def build() -> tuple[bytes, bytes]:
        plain = json.dumps(build_figure(session, f, compact=compact), separators=(",", ":"),
                           ensure_ascii=False).encode()
        return plain, gzip.compress(plain, compresslevel=5)

    return _figures.get_or_compute(etag, build)


def build_figure(session: Session, f: Filter, *, compact: bool = False) -> dict:
    """One marker per contact while they are few; past ``AGGREGATE_ABOVE`` dated contacts, one
    per lane, kind and month, counted in SQL, each a link to the list of its contacts."""
    if dated_count(session, f) <= AGGREGATE_ABOVE:
        rows = chart_rows(session, f, ordered=False)
        return timeline_figure(rows, f.lane, compact=compact,
                               empty_message=empty_chart_message(f, len(rows)))
    buckets = kind_buckets(session, f) if f.lane == "kind" else pair_buckets(session, f)
    return aggregate_figure(buckets, f.lane, bucket_urls(f), compact=compact)


def bucket_urls(f: Filter) -> Callable[[Bucket], str]:
    """Where each chart marker leads: the timeline listing its contacts (its kind, its period,
    its pair's actors). The query of each kind and pair is encoded once, not once per marker."""
    @cache
    def queries(kind: str, actors: tuple[str, ...]) -> Callable[[str], str]:
        return f.with_(kind=(kind,), actor=tuple(dict.fromkeys(f.actor + actors))).period_queries()

    return lambda bucket: "/?" + queries(bucket.kind, bucket.actors)(bucket.period)
