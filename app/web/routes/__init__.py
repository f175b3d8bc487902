"""Page routers, one module per page group; ``create_app`` includes every router listed here."""

from app.web.health import router as health_router
from app.web.routes import (
    actors,
    articles,
    assets,
    claims,
    contacts,
    exports,
    feed,
    sources,
    timeline,
    topics,
)

ROUTERS = [timeline.router, claims.router, exports.router, contacts.router, articles.router,
           actors.router, topics.router, sources.router, feed.router, assets.router, health_router]
