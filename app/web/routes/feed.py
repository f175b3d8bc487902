"""``/feed.atom``: every timeline view as an Atom feed, so analysts subscribe in their reader.

The query string is the timeline's own (the one Filter): ``/feed.atom?actor=putin`` lists the
contacts ``/?actor=putin`` shows, the ones Liaison learned of most recently first, each entry
linking to its contact page.
"""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.queries.alerts import newest_contacts
from app.queries.timeline import data_version
from app.web.atom import contacts_feed
from app.web.deps import get_session
from app.web.filtering import strict_filter

router = APIRouter()


@router.get("/feed.atom")
def atom_feed(request: Request, session: Session = Depends(get_session)) -> Response:
    """The feed of a view; a reader polling an unchanged view gets a 304 for its ETag (a filter
    value that cannot be honoured is a 400 saying why)."""
    f = strict_filter(request, session)
    base = str(request.base_url).rstrip("/")
    key = f"{base}|{f.to_query(page=False)}|{data_version(session)}"
    etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    body = contacts_feed(base, f, newest_contacts(session, f))
    return Response(body, media_type="application/atom+xml; charset=utf-8", headers=headers)
