"""Login and logout pages."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from app.auth.dependencies import csrf_token, current_visitor
from app.auth.ratelimit import LoginRateLimiter
from app.auth.sessions import (
    SESSION_COOKIE,
    anonymous_session,
    decode_session,
    end_session,
    signed_in_session,
)
from app.auth.users import authenticate
from app.settings import PROJECT_ROOT
from app.storage.db import session_scope

router = APIRouter()
templates = Jinja2Templates(directory=str(PROJECT_ROOT / "templates"))


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (``//evil``, ``/\\evil``, ``https:``)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(ord(character) < 32 for character in target):
        return "/"
    return target


def _login_page(request: Request, next_path: str, message: str = "", name: str = "",
                status_code: int = 200) -> HTMLResponse:
    context = {"next": next_path, "message": message, "name": name,
               "csrf_token": csrf_token(request), "visitor": current_visitor(request)}
    return templates.TemplateResponse(request, "auth/login.html", context,
                                      status_code=status_code)


def _limiter(request: Request) -> LoginRateLimiter:
    return request.app.state.login_limiter


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    visitor = current_visitor(request)
    if visitor.signed_in or visitor.local_mode:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, safe_next(next))


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, name: Annotated[str, Form()] = "",
                password: Annotated[str, Form()] = "",
                next: Annotated[str, Form()] = "/") -> Response:
    target = safe_next(next)
    address = request.client.host if request.client else "unknown"
    limiter = _limiter(request)
    if limiter.blocked(name, address):
        response = _login_page(request, target, "Too many failed attempts. Wait a few minutes "
                               "and try again.", name, status_code=429)
        response.headers["Retry-After"] = str(limiter.retry_after_seconds())
        return response
    hashing: threading.BoundedSemaphore = request.app.state.password_checks
    if not hashing.acquire(blocking=False):
        # Each check holds tens of MiB for a fraction of a second: queueing them without bound
        # is how a flood of sign-ins exhausts memory.
        response = _login_page(request, target, "The server is busy checking other sign-ins. "
                               "Try again in a moment.", name, status_code=429)
        response.headers["Retry-After"] = "1"
        return response
    try:
        session = await run_in_threadpool(_sign_in, request.app.state.settings.database_url,
                                          request.app.state.secret_key, name, password)
    finally:
        hashing.release()
    if session is None:
        limiter.record_failure(name, address)
        return _login_page(request, target, "Wrong name or password.", name, status_code=401)
    limiter.record_success(name, address)
    request.state.new_session = session
    return RedirectResponse(target, status_code=303)


def _sign_in(database_url: str, key: bytes, name: str, password: str) -> dict | None:
    """The new session's cookie payload when the password matches (the session is recorded)."""
    with session_scope(database_url) as db:
        user = authenticate(db, name, password)
        return None if user is None else signed_in_session(db, key, user)


@router.post("/logout")
def logout(request: Request) -> Response:
    payload = decode_session(request.app.state.secret_key,
                             request.cookies.get(SESSION_COOKIE)) or {}
    with session_scope(request.app.state.settings.database_url) as db:
        end_session(db, payload)
    request.state.new_session = anonymous_session()
    return RedirectResponse("/" if request.app.state.settings.public_read else "/login",
                            status_code=303)
