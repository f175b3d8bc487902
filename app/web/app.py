"""The FastAPI application factory (``uvicorn --factory app.web.app:create_app``).

Page groups are routers in app/web/routes/; cross-cutting layers (security headers, accounts)
are added in ``install_layers`` so they can be extended in one place.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware

from app.settings import PROJECT_ROOT, Settings, get_settings
from app.web.errors import install_error_pages
from app.web.routes import DOCUMENTED, ROUTERS

STATIC_DIR = PROJECT_ROOT / "static"


def prepare_database(settings: Settings) -> None:
    """Apply pending migrations; on an empty database, ingest the seed articles if enabled."""
    from sqlmodel import select

    from app.storage.db import session_scope
    from app.storage.migrate import upgrade
    from app.storage.models import Article

    upgrade(settings.database_url)
    if not settings.seed_on_start or not settings.seeds_dir.is_dir():
        return
    with session_scope(settings.database_url) as session:
        if session.exec(select(Article.id).limit(1)).first() is not None:
            return
    from app.ingestion.service import ingest_paths

    ingest_paths([str(settings.seeds_dir)])


def warm_up(settings: Settings) -> None:
    """Do now what the first analysts' requests would otherwise pay for: compile every page
    template (about 170 ms), read the facet bit sets and count the unfiltered timeline's facets
    (both kept per data version; about 170 ms at 100,000 articles) and compile the statements
    of its lists."""
    from app.queries.actors import actors_in_contacts
    from app.queries.facets import compute_facets
    from app.queries.filters import Filter
    from app.queries.timeline import list_page, undated_page
    from app.storage.db import session_scope
    from app.web.deps import templates

    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)
    with session_scope(settings.database_url) as session:
        compute_facets(session, Filter())
        list_page(session, Filter())
        undated_page(session, Filter())
        actors_in_contacts(session)


def settle_heap() -> None:
    """Put what start-up built (modules, data files, a seed parse) out of the cycle collector's
    reach. A full collection walks every tracked object (about 90 ms at start-up size) and
    comes every so often in the middle of a request, the slow tail of any view; frozen, those
    objects are skipped. Request garbage is collected as before. (No collection first: in a
    process holding a language model, as the tests do, one costs more than it frees.)"""
    gc.freeze()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await run_in_threadpool(prepare_database, app.state.settings)
    await run_in_threadpool(warm_up, app.state.settings)
    settle_heap()
    try:
        yield
    finally:
        gc.unfreeze()  # an app stopped inside a longer process (tests) leaves nothing pinned


def install_layers(app: FastAPI, settings: Settings) -> None:
    """Middleware wrapping every route (the last added runs first)."""
    from app.auth.setup import install_auth
    from app.web.security import (
        HostAllowListMiddleware,
        SecurityHeadersMiddleware,
        allowed_host_names,
    )

    install_auth(app, settings)
    app.add_middleware(HostAllowListMiddleware, allowed=allowed_host_names(settings.allowed_hosts))
    app.add_middleware(SecurityHeadersMiddleware)


def create_app(settings: Settings | None = None) -> FastAPI:
    """A configured Liaison app: static files, every page router, and the startup hook."""
    settings = settings or get_settings()
    # /docs is served by app.web.routes.docs from packaged assets (no CDN, no inline script).
    app = FastAPI(title="Liaison", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Contacts between Russia and Iran as the press reports them, each "
                              "one click from its evidence. Every page has its JSON here.",
                  version="1")
    # Swagger UI of the swagger-ui-bundle package reads OpenAPI 3.0 documents.
    app.openapi_version = "3.0.3"
    app.state.settings = settings
    for router in ROUTERS:
        app.include_router(router, include_in_schema=router in DOCUMENTED)
    install_error_pages(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")  # after /static/plotly.min.js
    install_layers(app, settings)
    # Outermost: pages and fragments are compressed on the wire (already-encoded bodies pass).
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    return app
