"""The Filter of a request, resolved once: pages show its problems, machines get a 400."""

from __future__ import annotations

from fastapi import HTTPException, Request
from sqlmodel import Session
from starlette.datastructures import QueryParams

from app.queries.filters import Filter
from app.queries.resolve import Resolved, View, resolve


def page_filter(request: Request, session: Session, view: View = "contacts", *,
                besides: tuple[str, ...] = ()) -> Resolved:
    """The request's filter with its problems attached (a page shows them next to each field);
    ``besides`` names parameters of the endpoint itself, not of the filter."""
    params = request.query_params
    if besides:
        params = QueryParams([(k, v) for k, v in params.multi_items() if k not in besides])
    return resolve(session, Filter.from_query(params), view)


def strict_filter(request: Request, session: Session, view: View = "contacts") -> Filter:
    """The request's filter, or a 400 whose one-line detail says what cannot be honoured."""
    f = page_filter(request, session, view).filter
    if f.problems:
        raise HTTPException(400, f.reason)
    return f


def given_pairs(request: Request) -> list[tuple[str, str]]:
    """The non-empty query parameters as sent, sorted (to compare with the canonical form)."""
    return sorted((k, v) for k, v in request.query_params.multi_items() if v.strip())
