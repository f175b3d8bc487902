"""One call that gives a FastAPI app accounts, sessions, CSRF checks and the login pages."""

from __future__ import annotations

import threading

from fastapi import FastAPI

from app.auth.admin import router as admin_router
from app.auth.middleware import AuthMiddleware
from app.auth.ratelimit import LoginRateLimiter
from app.auth.routes import router
from app.auth.secret import load_secret_key
from app.settings import Settings


def install_auth(app: FastAPI, settings: Settings) -> None:
    """Add the login/logout routes and the middleware enforcing ``app.auth.policy``."""
    key = load_secret_key(settings)
    app.state.settings = settings
    app.state.secret_key = key
    app.state.login_limiter = LoginRateLimiter()
    app.state.password_checks = threading.BoundedSemaphore(max(1, settings.max_concurrent_logins))
    app.include_router(router)
    app.include_router(admin_router)
    app.add_middleware(AuthMiddleware, settings=settings, key=key)
