"""The Sources page: feeds, sitemaps and watched folders with their health, each source's
entries with the relevance decision taken on each, and the editors' actions on them.

Actions only write a request into the database (a new source, "poll soon", "ingest anyway");
a worker does the fetching, so no page waits on the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app.auth.dependencies import require_role
from app.queries.source_health import ENTRY_STATUSES, source_entries, source_rows
from app.sources.listing import KINDS
from app.sources.store import (
    SourceError,
    add_source,
    force_entry,
    poll_soon,
    remove_source,
    set_enabled,
)
from app.storage.db import session_scope
from app.storage.models import Source, SourceEntry
from app.web.deps import RowId, get_session, render

router = APIRouter()
editor = [Depends(require_role("editor"))]


def _page(request: Request, session: Session, error: str = "", form: dict | None = None,
          status_code: int = 200) -> Response:
    return render(request, session, "sources.html",
                  {"rows": source_rows(session), "kinds": KINDS, "error": error, "form": form or {},
                   "watch_root": request.app.state.settings.watch_root},
                  status_code=status_code)


@router.get("/sources")
def sources_page(request: Request, session: Session = Depends(get_session)) -> Response:
    return _page(request, session)


def _folder_allowed(request: Request, location: str) -> None:
    """Editors on the web may watch folders only under LIAISON_WATCH_ROOT (the CLI, run by
    someone with a shell on the server, may watch any folder)."""
    root = request.app.state.settings.watch_root
    if root is None:
        raise SourceError("watched folders are added with 'liaison sources add --kind folder', "
                          "or set LIAISON_WATCH_ROOT to allow folders under it here")
    resolved = Path(location).expanduser().resolve()
    if not resolved.is_relative_to(Path(root).resolve()):
        raise SourceError(f"a watched folder must be inside {root}")


@router.post("/sources", dependencies=editor)
def add(request: Request, location: Annotated[str, Form()], kind: Annotated[str, Form()] = "feed",
        name: Annotated[str, Form()] = "", every: Annotated[int, Form(ge=1, le=10080)] = 30,
        terms: Annotated[str, Form()] = "", session: Session = Depends(get_session)) -> Response:
    form = {"location": location, "kind": kind, "name": name, "every": every, "terms": terms}
    try:
        if kind == "folder":
            _folder_allowed(request, location)
        with session_scope(request.app.state.settings.database_url) as db:
            add_source(db, kind, location, name, every, [t for t in terms.split(",")])
    except SourceError as error:
        return _page(request, session, error=str(error), form=form, status_code=400)
    return RedirectResponse("/sources", status_code=303)


def _change_source(request: Request, source_id: int, change) -> None:  # noqa: ANN001
    with session_scope(request.app.state.settings.database_url) as db:
        source = db.get(Source, source_id)
        if source is None:
            raise HTTPException(404, "No such source")
        change(db, source)


@router.post("/sources/{source_id}/poll", dependencies=editor)
def poll(request: Request, source_id: RowId) -> RedirectResponse:
    _change_source(request, source_id, poll_soon)
    return RedirectResponse("/sources", status_code=303)


@router.post("/sources/{source_id}/pause", dependencies=editor)
def pause(request: Request, source_id: RowId) -> RedirectResponse:
    _change_source(request, source_id, lambda db, source: set_enabled(db, source, False))
    return RedirectResponse("/sources", status_code=303)


@router.post("/sources/{source_id}/resume", dependencies=editor)
def resume(request: Request, source_id: RowId) -> RedirectResponse:
    _change_source(request, source_id, lambda db, source: set_enabled(db, source, True))
    return RedirectResponse("/sources", status_code=303)


@router.post("/sources/{source_id}/remove", dependencies=editor)
def remove(request: Request, source_id: RowId) -> RedirectResponse:
    _change_source(request, source_id, remove_source)
    return RedirectResponse("/sources", status_code=303)


@router.get("/sources/{source_id}")
def source_page(request: Request, source_id: RowId, session: Session = Depends(get_session)) -> Response:
    source = session.get(Source, source_id)
    if source is None:
        raise HTTPException(404, "No such source")
    params = request.query_params
    page = int(params["page"]) if params.get("page", "").isdigit() and len(params["page"]) < 7 else 1
    entries = source_entries(session, source_id, params.get("status"), page)
    row = next(r for r in source_rows(session) if r.source.id == source_id)
    return render(request, session, "source.html",
                  {"row": row, "entries": entries, "statuses": ENTRY_STATUSES})


@router.post("/sources/entries/{entry_id}/force", dependencies=editor)
def force(request: Request, entry_id: RowId) -> RedirectResponse:
    with session_scope(request.app.state.settings.database_url) as db:
        entry = db.get(SourceEntry, entry_id)
        if entry is None:
            raise HTTPException(404, "No such entry")
        if entry.status in ("skipped", "failed"):
            force_entry(db, entry)
        source_id = entry.source_id
    return RedirectResponse(f"/sources/{source_id}", status_code=303)
