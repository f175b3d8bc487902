"""Analyst review over HTTP: JSON API routes for scripts and form routes for the pages.

Both call ``app.review.decisions`` in one transaction per request; a refused change answers
with its reason and changes nothing. Writes need an editor (the auth middleware refuses
viewers with 403) and, from a browser, the CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlmodel import Session

from app.auth.dependencies import current_visitor
from app.queries.review import (
    QUEUE_ORDERS,
    actor_choices,
    claim_detail_json,
    prefill,
    queue,
    topic_choices,
)
from app.review import decisions
from app.review.decisions import ReviewError
from app.review.history import history
from app.storage.db import session_scope
from app.storage.models import Article, Claim, ReviewEvent
from app.web.deps import get_session, render
from app.web.routes.api import contact_detail

router = APIRouter()


def _by(request: Request) -> str:
    return current_visitor(request).name or "local"


def _change(request: Request, action: Callable[[Session], Any]) -> Any:
    """Run one change in its own transaction; a ReviewError becomes an HTTP error."""
    try:
        with session_scope(request.app.state.settings.database_url) as db:
            result = action(db)
            db.flush()
            return result.id if hasattr(result, "id") else result
    except ReviewError as error:
        raise HTTPException(error.status, str(error)) from error


async def _body(request: Request) -> dict:
    try:
        body = await request.json()
    except ValueError as error:
        raise HTTPException(400, "the body must be a JSON object") from error
    if not isinstance(body, dict):
        raise HTTPException(400, "the body must be a JSON object")
    return body


def _int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise HTTPException(400, f"{name} must be an integer") from error


# ---------------------------------------------------------------- JSON API: contacts


def _contact_answer(request: Request, contact_id: int, status_code: int = 200) -> JSONResponse:
    with session_scope(request.app.state.settings.database_url) as db:
        detail = contact_detail(db, contact_id)  # the shape GET /api/contacts/{id} answers
        return JSONResponse(jsonable_encoder(detail), status_code=status_code)


@router.post("/api/contacts/{contact_id}/review")
async def api_review_contact(contact_id: int, request: Request) -> JSONResponse:
    body = await _body(request)
    _change(request, lambda db: decisions.review_contact(
        db, contact_id, str(body.get("status", "")), _by(request), str(body.get("note") or "")))
    return _contact_answer(request, contact_id)


@router.patch("/api/contacts/{contact_id}")
async def api_edit_contact(contact_id: int, request: Request) -> JSONResponse:
    body = await _body(request)
    note = str(body.pop("note", "") or "")
    _change(request, lambda db: decisions.edit_contact(db, contact_id, body, _by(request), note))
    return _contact_answer(request, contact_id)


def _span_fields(body: dict) -> tuple[int, int, int, str | None, str]:
    quote = body.pop("quote", None)
    return (_int(body.pop("article_id", None), "article_id"), _int(body.pop("start", None), "start"),
            _int(body.pop("end", None), "end"), None if quote is None else str(quote),
            str(body.pop("note", "") or ""))


@router.post("/api/contacts")
async def api_add_contact(request: Request) -> JSONResponse:
    body = await _body(request)
    article_id, start, end, quote, note = _span_fields(body)
    new_id = _change(request, lambda db: decisions.add_contact(
        db, article_id, start, end, body, _by(request), quote=quote, note=note))
    return _contact_answer(request, new_id, status_code=201)


@router.post("/api/contacts/{contact_id}/merge")
async def api_merge_contact(contact_id: int, request: Request) -> JSONResponse:
    body = await _body(request)
    into = _int(body.get("into"), "into")
    _change(request, lambda db: decisions.merge_contact(db, contact_id, into, _by(request),
                                                        str(body.get("note") or "")))
    return _contact_answer(request, into)


@router.post("/api/contacts/{contact_id}/split")
async def api_split_contact(contact_id: int, request: Request) -> JSONResponse:
    body = await _body(request)
    source_id = _int(body.get("source_id"), "source_id")
    new_id = _change(request, lambda db: decisions.split_source(db, contact_id, source_id, _by(request),
                                                                str(body.get("note") or "")))
    return _contact_answer(request, new_id, status_code=201)


@router.post("/api/history/{event_id}/revert")
async def api_revert(event_id: int, request: Request) -> JSONResponse:
    event_id_new = _change(request, lambda db: decisions.revert(db, event_id, _by(request)))
    with session_scope(request.app.state.settings.database_url) as db:
        event = db.get(ReviewEvent, event_id_new)
        return JSONResponse({"id": event.id, "target": event.target, "target_id": event.target_id,  # type: ignore[union-attr]
                             "reverts": event.reverts}, status_code=201)  # type: ignore[union-attr]


# ---------------------------------------------------------------- JSON API: claims and actors


@router.get("/api/claims/{claim_id}")
def api_claim(claim_id: int, session: Session = Depends(get_session)) -> JSONResponse:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise HTTPException(404, "No such claim")
    return JSONResponse(claim_detail_json(session, claim))


def _claim_answer(request: Request, claim_id: int, status_code: int = 200) -> JSONResponse:
    with session_scope(request.app.state.settings.database_url) as db:
        return JSONResponse(claim_detail_json(db, db.get(Claim, claim_id)), status_code=status_code)  # type: ignore[arg-type]


@router.post("/api/claims/{claim_id}/review")
async def api_review_claim(claim_id: int, request: Request) -> JSONResponse:
    body = await _body(request)
    _change(request, lambda db: decisions.review_claim(
        db, claim_id, str(body.get("status", "")), _by(request), str(body.get("note") or "")))
    return _claim_answer(request, claim_id)


@router.patch("/api/claims/{claim_id}")
async def api_edit_claim(claim_id: int, request: Request) -> JSONResponse:
    body = await _body(request)
    note = str(body.pop("note", "") or "")
    _change(request, lambda db: decisions.edit_claim(db, claim_id, body, _by(request), note))
    return _claim_answer(request, claim_id)


@router.post("/api/claims")
async def api_add_claim(request: Request) -> JSONResponse:
    body = await _body(request)
    article_id, start, end, quote, note = _span_fields(body)
    new_id = _change(request, lambda db: decisions.add_claim(
        db, article_id, start, end, body, _by(request), quote=quote, note=note))
    return _claim_answer(request, new_id, status_code=201)


@router.post("/api/actors/{actor_id}/aliases")
async def api_add_alias(actor_id: int, request: Request) -> JSONResponse:
    body = await _body(request)
    _change(request, lambda db: decisions.add_alias(db, actor_id, str(body.get("alias") or ""), _by(request)))
    return JSONResponse({"id": actor_id}, status_code=201)


@router.post("/api/actors/{actor_id}/merge")
async def api_merge_actor(actor_id: int, request: Request) -> JSONResponse:
    body = await _body(request)
    into = _int(body.get("into"), "into")
    _change(request, lambda db: decisions.merge_actors(db, actor_id, into, _by(request)))
    return JSONResponse({"id": into})


# ---------------------------------------------------------------- pages and forms


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form()
    values: dict[str, Any] = {}
    for key, value in form.multi_items():
        if key == "csrf_token" or not isinstance(value, str):
            continue
        if key in ("participants", "topics"):
            values.setdefault(key, []).append(value)
        else:
            values[key] = value
    return values


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.post("/contacts/{contact_id}/review")
async def form_review_contact(contact_id: int, request: Request) -> RedirectResponse:
    form = await _form(request)
    _change(request, lambda db: decisions.review_contact(db, contact_id, form.get("status", ""),
                                                         _by(request), form.get("note", "")))
    return _see(form.get("next") or f"/contacts/{contact_id}")


def _contact_changes(form: dict) -> dict:
    """Only the fields the edit form sent (an empty participants box keeps them unchanged)."""
    changes: dict = {}
    for name in ("date", "date_precision", "kind", "location"):
        if name in form:
            changes[name] = form[name]
    if form.get("participants") or form.get("new_participant"):
        changes["participants"] = [int(i) for i in form.get("participants", []) if i.isdigit()]
        changes["new_participants"] = [form["new_participant"]] if form.get("new_participant") else []
    if "topics_sent" in form:
        changes["topics"] = form.get("topics", [])
    return changes


@router.post("/contacts/{contact_id}/edit")
async def form_edit_contact(contact_id: int, request: Request) -> RedirectResponse:
    form = await _form(request)
    _change(request, lambda db: decisions.edit_contact(db, contact_id, _contact_changes(form),
                                                       _by(request), form.get("note", "")))
    return _see(f"/contacts/{contact_id}#history")


@router.post("/contacts/{contact_id}/merge")
async def form_merge_contact(contact_id: int, request: Request) -> RedirectResponse:
    form = await _form(request)
    into = _int(form.get("into"), "into")
    _change(request, lambda db: decisions.merge_contact(db, contact_id, into, _by(request), form.get("note", "")))
    return _see(f"/contacts/{into}")


@router.post("/contacts/{contact_id}/split")
async def form_split_contact(contact_id: int, request: Request) -> RedirectResponse:
    form = await _form(request)
    source_id = _int(form.get("source_id"), "source_id")
    new_id = _change(request, lambda db: decisions.split_source(db, contact_id, source_id, _by(request)))
    return _see(f"/contacts/{new_id}")


@router.post("/articles/{article_id}/contacts")
async def form_add_contact(article_id: int, request: Request) -> RedirectResponse:
    form = await _form(request)
    start, end = _int(form.pop("start", None), "start"), _int(form.pop("end", None), "end")
    quote, note = form.pop("quote", None), form.pop("note", "")
    fields = _contact_changes(form)
    new_id = _change(request, lambda db: decisions.add_contact(db, article_id, start, end, fields,
                                                               _by(request), quote=quote, note=note))
    return _see(f"/contacts/{new_id}")


@router.post("/articles/{article_id}/claims")
async def form_add_claim(article_id: int, request: Request) -> RedirectResponse:
    form = await _form(request)
    start, end = _int(form.get("start"), "start"), _int(form.get("end"), "end")
    fields = {"kind": form.get("kind", "statement"), "hedged": form.get("hedged") == "on",
              "speaker": form.get("speaker", "")}
    new_id = _change(request, lambda db: decisions.add_claim(db, article_id, start, end, fields,
                                                             _by(request), quote=form.get("quote")))
    return _see(f"/claims/{new_id}")


@router.post("/claims/{claim_id}/review")
async def form_review_claim(claim_id: int, request: Request) -> RedirectResponse:
    form = await _form(request)
    _change(request, lambda db: decisions.review_claim(db, claim_id, form.get("status", ""),
                                                       _by(request), form.get("note", "")))
    return _see(form.get("next") or f"/claims/{claim_id}")


@router.post("/claims/{claim_id}/edit")
async def form_edit_claim(claim_id: int, request: Request) -> RedirectResponse:
    form = await _form(request)
    changes = {"kind": form.get("kind"), "hedged": form.get("hedged") == "on"}
    if form.get("speaker") is not None:
        changes["speaker"] = form["speaker"]
    changes = {k: v for k, v in changes.items() if v is not None}
    _change(request, lambda db: decisions.edit_claim(db, claim_id, changes, _by(request), form.get("note", "")))
    return _see(f"/claims/{claim_id}")


@router.post("/actors/{actor_id}/aliases")
async def form_add_alias(actor_id: int, request: Request) -> RedirectResponse:
    form = await _form(request)
    _change(request, lambda db: decisions.add_alias(db, actor_id, form.get("alias", ""), _by(request)))
    return _see(f"/actors/{actor_id}")


@router.post("/actors/{actor_id}/merge")
async def form_merge_actor(actor_id: int, request: Request) -> RedirectResponse:
    form = await _form(request)
    into = _int(form.get("into"), "into")
    _change(request, lambda db: decisions.merge_actors(db, actor_id, into, _by(request)))
    return _see(f"/actors/{into}")


@router.post("/history/{event_id}/revert")
async def form_revert(event_id: int, request: Request) -> RedirectResponse:
    new_id = _change(request, lambda db: decisions.revert(db, event_id, _by(request)))
    with session_scope(request.app.state.settings.database_url) as db:
        event = db.get(ReviewEvent, new_id)
        target = f"/{event.target}s/{event.target_id}"  # type: ignore[union-attr]
    return _see(target + "#history")


@router.get("/claims/{claim_id}")
def claim_page(claim_id: int, request: Request, session: Session = Depends(get_session)) -> Response:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise HTTPException(404, "No such claim")
    return render(request, session, "review/claim.html", {
        "claim": claim, "article": session.get(Article, claim.article_id),
        "history": history(session, "claim", claim_id)})


@router.get("/review")
def review_queue(request: Request, session: Session = Depends(get_session)) -> Response:
    order = request.query_params.get("order", "newest")
    order = order if order in QUEUE_ORDERS else "newest"
    items, total = queue(session, order)
    return render(request, session, "review/queue.html",
                  {"items": items, "total": total, "order": order, "nav": "review"})


@router.get("/articles/{article_id}/prefill")
def article_prefill(article_id: int, start: int, end: int, session: Session = Depends(get_session)) -> JSONResponse:
    """What the add-contact form starts from for a selected passage."""
    article = session.get(Article, article_id)
    if article is None:
        raise HTTPException(404, "No such article")
    if not (0 <= start < end <= len(article.text)):
        raise HTTPException(400, "the selection is outside the article")
    return JSONResponse(prefill(session, article, start, end))


def choices(session: Session) -> dict:
    """Actors and topics the edit and add forms offer."""
    return {"actor_choices": actor_choices(session), "topic_choices": topic_choices(session)}
