"""HTML error pages for people; JSON for the API and exports."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.storage.db import get_engine
from app.web.deps import render

MACHINE_PREFIXES = ("/api/", "/export/", "/static/", "/healthz")


async def html_http_exception(request: Request, exc: StarletteHTTPException):
    if request.url.path.startswith(MACHINE_PREFIXES) or exc.status_code < 400:
        return await http_exception_handler(request, exc)
    with Session(get_engine(request.app.state.settings.database_url)) as session:
        return render(request, session, "error.html",
                      {"status": exc.status_code, "detail": exc.detail}, status_code=exc.status_code)


def install_error_pages(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, html_http_exception)
