"""Per-user API tokens for scripts: ``Authorization: Bearer <token>``.

Only the SHA-256 of a token is stored (a token is 256 random bits, so a fast hash is enough);
the token itself is shown once, when it is made. A token acts with its user's current role, and
a request carrying one needs no CSRF token (browsers never send it on their own).
"""

from __future__ import annotations

import hashlib
import secrets

from sqlmodel import Session, select

from app.auth.sessions import Visitor
from app.auth.users import AccountError, get_user
from app.storage.models import ApiToken, User, utcnow

PREFIX = "lia_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, name: str) -> str:
    """A new token for the user ``name`` (their older tokens stay valid until revoked)."""
    user = get_user(session, name)
    if user is None:
        raise AccountError(f"no user named {name!r}")
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token)))  # type: ignore[arg-type]
    session.flush()
    return token


def revoke_tokens(session: Session, name: str) -> int:
    """Revoke every live token of ``name``; returns how many."""
    user = get_user(session, name)
    if user is None:
        raise AccountError(f"no user named {name!r}")
    live = session.exec(select(ApiToken).where(ApiToken.user_id == user.id,
                                               ApiToken.revoked_at.is_(None))).all()  # type: ignore[union-attr]
    for row in live:
        row.revoked_at = utcnow()
        session.add(row)
    return len(live)


def visitor_for_token(session: Session, token: str) -> Visitor | None:
    """The user a live token belongs to, or None."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    if user is None:
        return None
    return Visitor(name=user.name, role=user.role, user_id=user.id)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header."""
    scheme, _, value = (authorization or "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None
