"""``/healthz``: answers 200 only when the database answers and its schema is current."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from app.settings import get_settings
from app.storage.db import get_engine
from app.storage.migrate import current_revision, head_revision

router = APIRouter()


def database_status(url: str) -> tuple[bool, str]:
    """(healthy, detail): a round trip to the database and the migration revision."""
    try:
        with get_engine(url).connect() as connection:
            connection.execute(text("SELECT 1"))
        current, head = current_revision(url), head_revision(url)
    except Exception as error:  # any driver error means unhealthy; say which
        return False, f"database unreachable: {type(error).__name__}"
    if current != head:
        return False, f"schema at {current}, code expects {head}"
    return True, f"ok ({current})"


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    settings = getattr(request.app.state, "settings", None) or get_settings()
    url = settings.database_url
    healthy, detail = await run_in_threadpool(database_status, url)
    return JSONResponse({"status": "ok" if healthy else "unhealthy", "database": detail},
                        status_code=200 if healthy else 503)
