"""CSV and JSON downloads of contacts and claims: every matching row (not one page), streamed in
batches, named after the filter, over the same Filter as the pages."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from sqlmodel import Session

from app.queries.exports import claim_records, contact_records
from app.queries.filters import Filter
from app.queries.resolve import View
from app.storage.db import get_engine
from app.web.deps import get_session
from app.web.filtering import strict_filter

router = APIRouter(tags=["exports"])

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
JOIN = " | "


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet will not run: text that starts like a formula gets a leading
    apostrophe (the cell then shows the text as typed)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _joined(items, key: str) -> str:
    return JOIN.join("" if item.get(key) is None else str(item[key]) for item in items)


CONTACT_COLUMNS: dict[str, Callable[[dict], object]] = {
    "id": lambda r: r["id"], "date": lambda r: r["date"], "date_precision": lambda r: r["date_precision"],
    "date_reason": lambda r: r["date_reason"], "kind": lambda r: r["kind"],
    "location": lambda r: r["location"],
    "participants": lambda r: _joined(r["participants"], "name"),
    "countries": lambda r: _joined(r["participants"], "country"),
    "topics": lambda r: JOIN.join(r["topics"]), "source_count": lambda r: r["source_count"],
    "quotes": lambda r: _joined(r["sources"], "quote"),
    "article_titles": lambda r: _joined(r["sources"], "title"),
    "outlets": lambda r: _joined(r["sources"], "outlet"),
    "published": lambda r: _joined(r["sources"], "published"),
    "origin_urls": lambda r: _joined(r["sources"], "origin_url"),
    "evidence_urls": lambda r: _joined(r["sources"], "article_url"),
    "review_status": lambda r: r["review_status"], "reviewed_by": lambda r: r["reviewed_by"],
    "reviewed_at": lambda r: r["reviewed_at"],
    "url": lambda r: r["url"],
}

CLAIM_COLUMNS: dict[str, Callable[[dict], object]] = {
    "id": lambda r: r["id"], "date": lambda r: r["date"], "date_precision": lambda r: r["date_precision"],
    "date_of": lambda r: r["date_of"], "date_reason": lambda r: r["date_reason"],
    "kind": lambda r: r["kind"], "hedged": lambda r: r["hedged"],
    "speaker": lambda r: (r["speaker"] or {}).get("name"),
    "actors": lambda r: _joined(r["actors"], "name"), "topics": lambda r: JOIN.join(r["topics"]),
    "text": lambda r: r["text"], "article_title": lambda r: r["title"], "outlet": lambda r: r["outlet"],
    "published": lambda r: r["published"], "origin_url": lambda r: r["origin_url"],
    "url": lambda r: r["url"],
}

RECORDS = {"contacts": (contact_records, CONTACT_COLUMNS), "claims": (claim_records, CLAIM_COLUMNS)}


def _records(request: Request, view: str, f: Filter) -> Iterator[dict]:
    """The records, read in a session of their own (the response outlives the request's)."""
    produce = RECORDS[view][0]
    base = str(request.base_url).rstrip("/")
    with Session(get_engine(request.app.state.settings.database_url)) as session:
        yield from produce(session, f, base)


def csv_lines(records: Iterator[dict], columns: dict[str, Callable[[dict], object]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for count, record in enumerate(records, 1):
        writer.writerow([safe_cell(get(record)) for get in columns.values()])
        if count % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(records: Iterator[dict], f: Filter, view: str, batch: int = 200) -> Iterator[str]:
    """``{"filter": ..., VIEW: [...]}`` written a few hundred records per chunk."""
    parts = [json.dumps({"filter": f.to_query(page=False)})[:-1] + f', "{view}": [']
    for index, record in enumerate(records):
        parts.append(("," if index else "") + json.dumps(record, ensure_ascii=False))
        if len(parts) >= batch:
            yield "".join(parts)
            parts = []
    parts.append("]}")
    yield "".join(parts)


def download(request: Request, session: Session, view: View, suffix: str) -> StreamingResponse:
    f = strict_filter(request, session, view)
    records = _records(request, view, f)
    filename = f"liaison-{view}_{f.slug()}.{suffix}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if suffix == "csv":
        return StreamingResponse(csv_lines(records, RECORDS[view][1]),
                                 media_type="text/csv; charset=utf-8", headers=headers)
    return StreamingResponse(json_chunks(records, f, view), media_type="application/json",
                             headers=headers)


@router.get("/export/contacts.csv", summary="Every contact of the filter as CSV")
def contacts_csv(request: Request, session: Session = Depends(get_session)) -> StreamingResponse:
    return download(request, session, "contacts", "csv")


@router.get("/export/contacts.json", summary="Every contact of the filter as JSON")
def contacts_json(request: Request, session: Session = Depends(get_session)) -> StreamingResponse:
    return download(request, session, "contacts", "json")


@router.get("/export/claims.csv", summary="Every claim of the filter as CSV")
def claims_csv(request: Request, session: Session = Depends(get_session)) -> StreamingResponse:
    return download(request, session, "claims", "csv")


@router.get("/export/claims.json", summary="Every claim of the filter as JSON")
def claims_json(request: Request, session: Session = Depends(get_session)) -> StreamingResponse:
    return download(request, session, "claims", "json")
