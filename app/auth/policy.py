"""Which visitor may do what: the one table every route obeys.

Reading needs an account (or local mode, or ``LIAISON_PUBLIC_READ=1``); every write needs an
editor; anything under ``/admin`` needs an admin. ``/login``, ``/logout``, ``/healthz`` and
static files are open to everyone (writes among them still need the CSRF token).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.auth.roles import role_allows
from app.auth.sessions import Visitor

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OPEN_PATHS = frozenset({"/login", "/logout", "/healthz", "/favicon.ico"})
OPEN_PREFIXES = ("/static/",)
ADMIN_PREFIX = "/admin"


def is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


def needs_csrf(method: str, path: str) -> bool:
    """Every state-changing request carries the token, the login form included."""
    return method not in SAFE_METHODS and not path.startswith(OPEN_PREFIXES)


@dataclass(frozen=True)
class Decision:
    """``allowed``, or the HTTP status to refuse with (401: sign in first, 403: forbidden)."""

    allowed: bool
    status: int = 200
    reason: str = ""


ALLOW = Decision(True)


def needed_role(method: str, path: str) -> str | None:
    """The least role a request needs, or None when reading is enough."""
    if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
        return "admin"
    if method not in SAFE_METHODS:
        return "editor"
    return None


def decide(visitor: Visitor, method: str, path: str, public_read: bool) -> Decision:
    """Whether ``visitor`` may send ``method`` to ``path``."""
    if is_open(path):
        return ALLOW
    role = needed_role(method, path)
    if role is None:
        if visitor.local_mode or visitor.signed_in or public_read:
            return ALLOW
        return Decision(False, 401, "Sign in to read this page.")
    if not (visitor.local_mode or visitor.signed_in):
        return Decision(False, 401, "Sign in to make changes.")
    if not role_allows(visitor.role, role):
        return Decision(False, 403, f"This needs the {role} role; your account is a {visitor.role}.")
    return ALLOW
