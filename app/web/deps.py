"""Request-scoped helpers shared by the page routers: the DB session and page rendering."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Path, Request
from jinja2_fragments.fastapi import Jinja2Blocks
from sqlmodel import Session
from starlette.responses import Response

from app.queries.articles import site_counts
from app.queries.filters import SORTS
from app.queries.sources import source_name
from app.settings import PROJECT_ROOT
from app.storage.db import get_engine

templates = Jinja2Blocks(directory=str(PROJECT_ROOT / "templates"))
templates.env.globals["sorts"] = SORTS
templates.env.filters["source_name"] = source_name

# Largest row id a path may name (a signed 64-bit integer): a longer number is "no such page"
# (404), never an overflow inside the database driver.
MAX_ROW_ID = 2**63 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]


def get_session(request: Request) -> Iterator[Session]:
    """A read session on the app's database."""
    with Session(get_engine(request.app.state.settings.database_url)) as session:
        yield session


def is_htmx(request: Request) -> bool:
    """A partial htmx request (history restores want the whole page)."""
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def render(request: Request, session: Session, name: str, context: dict,
           *, blocks: list[str] | None = None, status_code: int = 200) -> Response:
    """The whole page, or only ``blocks`` for an htmx request (same URL, same context)."""
    context = {"counts": site_counts(session), "csrf_token": getattr(request.state, "csrf_token", ""),
               **context}
    if blocks and is_htmx(request):
        context["oob"] = True
        return templates.TemplateResponse(request, name, context, block_names=blocks,
                                          status_code=status_code)
    return templates.TemplateResponse(request, name, context, status_code=status_code)
