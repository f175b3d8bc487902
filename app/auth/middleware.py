"""ASGI middleware: resolves the visitor, checks CSRF tokens and roles, writes the cookie.

It wraps the whole app so that every route, present or future, obeys ``policy.decide``
without having to remember to. Routes read ``request.state.visitor`` and
``request.state.csrf_token``; a route that signs someone in or out puts the new session
payload in ``request.state.new_session`` and this middleware writes the cookie.
"""

from __future__ import annotations

import ipaddress
from html import escape
from tempfile import SpooledTemporaryFile
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth.api_tokens import bearer_token, visitor_for_token
from app.auth.policy import decide, is_open, needs_csrf
from app.auth.sessions import (
    ANONYMOUS,
    CSRF_FIELD,
    CSRF_HEADER,
    LOCAL_USER,
    SESSION_COOKIE,
    Visitor,
    anonymous_session,
    csrf_matches,
    decode_session,
    encode_session,
    session_cookie_header,
    visitor_from_session,
)
from app.auth.users import count_users
from app.settings import Settings
from app.storage.db import session_scope

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RequestTooLarge(Exception):
    pass


def is_remote_client(scope: Scope) -> bool:
    """True for a network client that is not on this machine (non-IP peers are local)."""
    client = scope.get("client")
    if not client:
        return False
    try:
        return not ipaddress.ip_address(client[0]).is_loopback
    except ValueError:
        return False


def refusal(request: Request, status: int, reason: str) -> Response:
    """401 sends people to the login page (htmx via HX-Redirect); 403/413 explain themselves."""
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        login = f"/login?next={quote(target, safe='')}"
        if request.headers.get("hx-request") or request.method != "GET":
            return Response(reason, status_code=401, headers={"HX-Redirect": login},
                            media_type="text/plain; charset=utf-8")
        return RedirectResponse(login, status_code=303)
    body = (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Liaison: {status}</title></head><body><h1>{status}</h1>"
            f"<p>{escape(reason)}</p><p><a href=\"/\">Back to the timeline</a></p></body></html>")
    return HTMLResponse(body, status_code=status)


# Bodies up to this size stay in memory while the token is looked for; larger ones go to disk.
SPOOL_IN_MEMORY_BYTES = 1024 * 1024
REPLAY_CHUNK_BYTES = 64 * 1024
OPEN_FORM_BYTES = 64 * 1024


async def spool_body(receive: Receive, limit: int) -> SpooledTemporaryFile:
    """The request body in a temporary file (on disk past 1 MiB), refusing more than ``limit``
    bytes as they arrive, whatever Content-Length said."""
    spool = SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)
    size = 0
    try:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise RequestTooLarge
            spool.write(chunk)
            if not message.get("more_body", False):
                break
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def replay(spool: SpooledTemporaryFile, receive: Receive) -> Receive:
    """A receive callable handing the spooled body to the app in chunks, then passing on the
    client's own messages (so a route can still notice a disconnect)."""
    spool.seek(0)
    done = False

    async def replayed() -> Message:
        nonlocal done
        if done:
            return await receive()
        chunk = spool.read(REPLAY_CHUNK_BYTES)
        more = len(chunk) == REPLAY_CHUNK_BYTES
        if not more:
            done = True
        return {"type": "http.request", "body": chunk, "more_body": more}

    return replayed


def request_size_limit(settings: Settings) -> int:
    """The largest request body accepted: a full upload, or a paste of the largest article
    (form encoding can triple its size), plus room for the form's other fields."""
    article = settings.max_article_bytes
    return max(article * settings.max_upload_files, 3 * article) + 1_000_000


class AuthMiddleware:
    """Visitor resolution, CSRF check, role check and session cookie for every request."""

    def __init__(self, app: ASGIApp, settings: Settings, key: bytes) -> None:
        self.app = app
        self.settings = settings
        self.key = key
        self.max_body = request_size_limit(settings)
        self.too_large = (f"The request is larger than this server accepts ({self.max_body:,} "
                          f"bytes: at most {settings.max_upload_files} files of "
                          f"{settings.max_article_bytes:,} bytes each).")

    def _visitor(self, payload: dict) -> Visitor:
        with session_scope(self.settings.database_url) as db:
            if count_users(db) == 0:
                return LOCAL_USER
            return visitor_from_session(db, self.key, payload)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        token = bearer_token(request.headers.get("authorization"))
        if token is not None:
            await self._with_token(scope, receive, send, request, token)
            return
        payload = decode_session(self.key, request.cookies.get(SESSION_COOKIE))
        fresh = payload is None
        payload = payload or anonymous_session()
        visitor = ANONYMOUS if scope["path"] == "/healthz" else await run_in_threadpool(
            self._visitor, payload)
        state = scope.setdefault("state", {})
        state.update(visitor=visitor, csrf_token=payload["csrf"], new_session=None)

        # Who may do what is settled from the headers alone: a body is read (and then only into
        # a spooled file, within the size cap) for a visitor already allowed to send it.
        refused: Response | None = None
        spool: SpooledTemporaryFile | None = None
        if visitor.local_mode and is_remote_client(scope):
            refused = refusal(request, 403, "Liaison is in single-user local mode and only answers "
                              "this machine. Create an account with 'liaison user add' first.")
        if refused is None:
            decision = decide(visitor, request.method, scope["path"], self.settings.public_read)
            if not decision.allowed:
                refused = refusal(request, decision.status, decision.reason)
        if refused is None and needs_csrf(request.method, scope["path"]):
            try:
                spool, given = await self._csrf_from(request, receive)
            except RequestTooLarge:
                refused = refusal(request, 413, self.too_large)
            else:
                if spool is not None:
                    receive = replay(spool, receive)
                if not csrf_matches(payload["csrf"], given):
                    refused = refusal(request, 403, "The form was missing its security token or "
                                      "it has expired. Reload the page and try again.")

        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                new_payload = state.get("new_session")
                if new_payload is not None or fresh:
                    value = encode_session(self.key, new_payload or payload)
                    headers = list(message.get("headers", []))
                    headers.append((b"set-cookie", session_cookie_header(value, secure).encode()))
                    message = {**message, "headers": headers}
            await send(message)

        try:
            if refused is not None:
                await refused(scope, receive, send_with_cookie)
            else:
                await self.app(scope, receive, send_with_cookie)
        finally:
            if spool is not None:
                spool.close()

    def _token_visitor(self, token: str) -> Visitor | None:
        with session_scope(self.settings.database_url) as db:
            return visitor_for_token(db, token)

    async def _with_token(self, scope: Scope, receive: Receive, send: Send, request: Request,
                          token: str) -> None:
        """A script's request: its API token names the user; no cookie, no CSRF token."""
        visitor = await run_in_threadpool(self._token_visitor, token)
        state = scope.setdefault("state", {})
        state.update(visitor=visitor or ANONYMOUS, csrf_token="", new_session=None)
        if visitor is None:
            refused: Response | None = JSONResponse({"detail": "invalid or revoked API token"},
                                                    status_code=401)
        else:
            decision = decide(visitor, request.method, scope["path"], self.settings.public_read)
            refused = None if decision.allowed else JSONResponse({"detail": decision.reason},
                                                                 status_code=decision.status)
        await (refused or self.app)(scope, receive, send)

    async def _csrf_from(self, request: Request,
                         receive: Receive) -> tuple[SpooledTemporaryFile | None, str | None]:
        """The token from the header, else from the form body. The body is spooled (within the
        size cap, counted as it streams in) and replayed to the app either way."""
        headers = Headers(scope=request.scope)
        # Pages open to everyone (the login form) take small forms only: an anonymous visitor
        # never gets to send an upload-sized body.
        limit = OPEN_FORM_BYTES if is_open(request.scope["path"]) else self.max_body
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge
        spool = await spool_body(receive, limit)
        header = request.headers.get(CSRF_HEADER)
        if header:
            return spool, header
        if not headers.get("content-type", "").startswith(FORM_TYPES):
            return spool, None
        form_request = Request(request.scope, replay(spool, receive))
        try:
            async with form_request.form(max_part_size=limit) as form:
                token = form.get(CSRF_FIELD)
        except Exception:  # a malformed body has no token; the app never sees it
            token = None
        return spool, token if isinstance(token, str) else None
