"""Server-side sessions: logout, a new password and a removed account end them for good,
even for a copy of the cookie."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import select

from app.auth.sessions import SESSION_COOKIE
from app.auth.users import delete_user, set_password
from app.storage.db import session_scope
from app.storage.models import UserSession

from .conftest import sign_in


def _copy_of(client: TestClient, make_client) -> TestClient:
    """Another browser holding a copy of ``client``'s session cookie."""
    thief = make_client()
    thief.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE])
    return thief


def _sessions(url: str) -> int:
    with session_scope(url) as db:
        return db.exec(select(func.count()).select_from(UserSession)).one()


def test_logout_ends_a_copied_cookie(client: TestClient, make_client, migrated_db: str) -> None:
    token = sign_in(client, "vera")
    thief = _copy_of(client, make_client)
    assert thief.get("/actors").status_code == 200
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert thief.get("/actors").status_code == 303  # back to the login page
    assert _sessions(migrated_db) == 0


def test_new_password_ends_every_session(client: TestClient, make_client, migrated_db: str) -> None:
    sign_in(client, "vera")
    other = make_client()
    sign_in(other, "vera")
    assert _sessions(migrated_db) == 2
    with session_scope(migrated_db) as db:
        set_password(db, "vera", "a-brand-new-password")
    assert _sessions(migrated_db) == 0
    assert client.get("/actors").status_code == 303
    assert other.get("/actors").status_code == 303


def test_removed_account_is_signed_out(client: TestClient, make_client, migrated_db: str) -> None:
    sign_in(client, "emil")
    with session_scope(migrated_db) as db:
        delete_user(db, "emil")
    assert _sessions(migrated_db) == 0
    assert client.get("/actors").status_code == 303


def test_database_holds_no_usable_session_secret(client: TestClient, migrated_db: str) -> None:
    sign_in(client, "ada")
    with session_scope(migrated_db) as db:
        stored = db.exec(select(UserSession.id)).all()
    cookie = client.cookies[SESSION_COOKIE]
    assert len(stored) == 1 and stored[0] not in cookie
