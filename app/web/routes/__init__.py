"""Page routers, one module per page group; ``create_app`` includes every router listed here."""

from app.web.health import router as health_router
from app.web.routes import (
    actors,
    articles,
    assets,
    contacts,
    feed,
    review,
    sources,
    timeline,
    topics,
)

ROUTERS = [timeline.router, review.router, contacts.router, articles.router, actors.router,
           topics.router, sources.router, feed.router, assets.router, health_router]
