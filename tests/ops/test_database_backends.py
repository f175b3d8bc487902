"""The schema and the account store behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from app.auth.users import AccountError, authenticate, count_users, create_user, set_password
from app.storage.db import get_engine, session_scope
from app.storage.migrate import current_revision, head_revision, upgrade

pytestmark = pytest.mark.both_backends


def test_migrations_reach_head(migrated_db: str) -> None:
    assert current_revision(migrated_db) == head_revision(migrated_db)
    tables = set(inspect(get_engine(migrated_db)).get_table_names())
    assert {"article", "contact", "claim", "user"} <= tables


def test_upgrade_twice_is_a_no_op(migrated_db: str) -> None:
    upgrade(migrated_db)
    assert current_revision(migrated_db) == head_revision(migrated_db)


def test_accounts_round_trip(migrated_db: str) -> None:
    with session_scope(migrated_db) as db:
        create_user(db, "nadia", "correct horse battery", "editor")
    with session_scope(migrated_db) as db:
        assert count_users(db) == 1
        user = authenticate(db, "nadia", "correct horse battery")
        assert user is not None and user.role == "editor"
        assert user.password_hash.startswith("$argon2id$")
        assert authenticate(db, "nadia", "wrong horse battery") is None
        assert authenticate(db, "nobody", "correct horse battery") is None


def test_duplicate_name_and_bad_role_are_refused(migrated_db: str) -> None:
    with session_scope(migrated_db) as db:
        create_user(db, "omid", "a long enough one", "viewer")
    with pytest.raises(AccountError, match="already exists"):
        with session_scope(migrated_db) as db:
            create_user(db, "omid", "another long one", "viewer")
    with pytest.raises(AccountError, match="unknown role"):
        with session_scope(migrated_db) as db:
            create_user(db, "sasha", "a long enough one", "superuser")
    with session_scope(migrated_db) as db:
        assert count_users(db) == 1


def test_new_password_replaces_old(migrated_db: str) -> None:
    with session_scope(migrated_db) as db:
        create_user(db, "leila", "first password here", "viewer")
    with session_scope(migrated_db) as db:
        set_password(db, "leila", "second password here")
    with session_scope(migrated_db) as db:
        assert authenticate(db, "leila", "first password here") is None
        assert authenticate(db, "leila", "second password here") is not None
