"""FastAPI dependencies for routes: the current visitor and ``require_role("editor")``."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException, Request

from app.auth.roles import is_role, role_allows
from app.auth.sessions import ANONYMOUS, Visitor


def current_visitor(request: Request) -> Visitor:
    """Who sent the request (anonymous when the auth middleware is not installed)."""
    return getattr(request.state, "visitor", ANONYMOUS)


def csrf_token(request: Request) -> str:
    return getattr(request.state, "csrf_token", "")


def require_role(role: str) -> Callable[[Request], Visitor]:
    """A dependency refusing visitors below ``role``: ``Depends(require_role("editor"))``."""
    if not is_role(role):
        raise ValueError(f"unknown role {role!r}")

    def dependency(request: Request) -> Visitor:
        visitor = current_visitor(request)
        if visitor.local_mode or role_allows(visitor.role, role):
            return visitor
        if not visitor.signed_in:
            raise HTTPException(status_code=401, detail="Sign in first.")
        raise HTTPException(status_code=403, detail=f"This needs the {role} role.")

    return dependency
