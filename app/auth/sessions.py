"""Who is visiting: the session cookie, the visitor it names, and the CSRF token it carries."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from sqlmodel import Session, col, delete

from app.auth.tokens import sign, unsign
from app.storage.models import User, UserSession

SESSION_COOKIE = "liaison_session"
SESSION_MAX_AGE_SECONDS = 12 * 3600
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class Visitor:
    """The person behind a request: an account, the local single user, or anonymous."""

    name: str | None = None
    role: str | None = None
    user_id: int | None = None
    local_mode: bool = False

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None


ANONYMOUS = Visitor()
LOCAL_USER = Visitor(name="local", role="admin", local_mode=True)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def password_fingerprint(key: bytes, user: User) -> str:
    """Changes when the password changes, so a new password ends every older session."""
    return hmac.new(key, user.password_hash.encode(), hashlib.sha256).hexdigest()[:16]


def anonymous_session() -> dict:
    return {"csrf": new_csrf_token()}


def _session_id(secret: str) -> str:
    """The stored id of a session: a hash, so a copy of the database signs nobody in."""
    return hashlib.sha256(secret.encode()).hexdigest()


def signed_in_session(db: Session, key: bytes, user: User) -> dict:
    """A fresh session (fresh CSRF token too) for a user who just proved their password,
    recorded server-side so that it can be ended before its cookie expires."""
    now = int(time.time())
    db.exec(delete(UserSession).where(col(UserSession.user_id) == user.id,
                                      col(UserSession.expires_at) <= now))
    secret = secrets.token_urlsafe(32)
    db.add(UserSession(id=_session_id(secret), user_id=user.id,
                       expires_at=now + SESSION_MAX_AGE_SECONDS))
    return {"csrf": new_csrf_token(), "uid": user.id, "pw": password_fingerprint(key, user),
            "sid": secret}


def end_session(db: Session, payload: dict) -> None:
    """Forget the session a cookie names: the cookie, even copied, signs nobody in any more."""
    secret = payload.get("sid")
    if isinstance(secret, str):
        db.exec(delete(UserSession).where(col(UserSession.id) == _session_id(secret)))


def end_all_sessions(db: Session, user_id: int) -> None:
    """Sign a user out everywhere (new password, removed account)."""
    db.exec(delete(UserSession).where(col(UserSession.user_id) == user_id))


def encode_session(key: bytes, payload: dict) -> str:
    return sign(key, payload, SESSION_MAX_AGE_SECONDS)


def decode_session(key: bytes, cookie: str | None) -> dict | None:
    payload = unsign(key, cookie) if cookie else None
    if payload is None or not isinstance(payload.get("csrf"), str):
        return None
    return payload


def visitor_from_session(db: Session, key: bytes, payload: dict) -> Visitor:
    """The account the session names, if the session is still recorded and the account still
    exists with the same password."""
    user_id, secret = payload.get("uid"), payload.get("sid")
    if not isinstance(user_id, int) or not isinstance(secret, str):
        return ANONYMOUS
    record = db.get(UserSession, _session_id(secret))
    if record is None or record.user_id != user_id or record.expires_at <= time.time():
        return ANONYMOUS
    user = db.get(User, user_id)
    if user is None or not hmac.compare_digest(str(payload.get("pw", "")),
                                               password_fingerprint(key, user)):
        return ANONYMOUS
    return Visitor(name=user.name, role=user.role, user_id=user.id)


def session_cookie_header(value: str, secure: bool) -> str:
    """The Set-Cookie header value: HttpOnly, SameSite=Lax, Secure over https."""
    parts = [f"{SESSION_COOKIE}={value}", "Path=/", f"Max-Age={SESSION_MAX_AGE_SECONDS}",
             "HttpOnly", "SameSite=Lax"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())
