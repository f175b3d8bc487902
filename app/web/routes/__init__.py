"""Page routers, one module per page group; ``create_app`` includes every router listed here."""

from app.web.health import router as health_router
from app.web.routes import (
    actors,
    api,
    articles,
    assets,
    claims,
    contacts,
    docs,
    exports,
    feed,
    review,
    sources,
    timeline,
    topics,
)

ROUTERS = [timeline.router, review.router, claims.router, api.router, exports.router, docs.router, contacts.router,
           articles.router, actors.router, topics.router, sources.router, feed.router, assets.router,
           health_router]

# Only the JSON API and the downloads are described in the OpenAPI document (/docs).
DOCUMENTED = [api.router, exports.router]
