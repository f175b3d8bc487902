"""HTML error pages for people; JSON for the API and exports."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
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


async def invalid_request(request: Request, exc: RequestValidationError):
    """A path naming something that cannot exist (an id past any row) is 404; another invalid
    parameter is 422, explained on a page for people and in JSON for the API."""
    if any(error.get("loc", ("",))[0] == "path" for error in exc.errors()):
        return await html_http_exception(request, StarletteHTTPException(404, "No such page"))
    if request.url.path.startswith(MACHINE_PREFIXES):
        return await request_validation_exception_handler(request, exc)
    fields = ", ".join(sorted({str(error.get("loc", ("", "?"))[-1]) for error in exc.errors()}))
    return await html_http_exception(
        request, StarletteHTTPException(422, f"Invalid value for: {fields}."))


def install_error_pages(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, html_http_exception)
    app.add_exception_handler(RequestValidationError, invalid_request)
