"""Account management: create, list, change role or password, delete, authenticate."""

from __future__ import annotations

import re

from sqlalchemy import func
from sqlmodel import Session, select

from app.auth.passwords import (
    dummy_hash,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from app.auth.roles import ROLES, is_role
from app.auth.sessions import end_all_sessions
from app.storage.models import User

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class AccountError(ValueError):
    """A request about accounts that cannot be honoured (bad name, role, password...)."""


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise AccountError(
            "a user name is 1 to 64 characters: letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


def check_role(role: str) -> str:
    if not is_role(role):
        raise AccountError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    return password


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def get_user(session: Session, name: str) -> User | None:
    return session.exec(select(User).where(User.name == name)).first()


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.name)))


def create_user(session: Session, name: str, password: str, role: str = "viewer") -> User:
    """Add an account; refuses a taken name, an unknown role or a too-short password."""
    check_name(name)
    check_role(role)
    check_password(password)
    if get_user(session, name) is not None:
        raise AccountError(f"a user named {name!r} already exists")
    user = User(name=name, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def _existing(session: Session, name: str) -> User:
    user = get_user(session, name)
    if user is None:
        raise AccountError(f"no user named {name!r}")
    return user


def set_role(session: Session, name: str, role: str) -> User:
    user = _existing(session, name)
    user.role = check_role(role)
    session.add(user)
    return user


def set_password(session: Session, name: str, password: str) -> User:
    """A new password; every session of the account ends."""
    user = _existing(session, name)
    user.password_hash = hash_password(check_password(password))
    session.add(user)
    end_all_sessions(session, user.id)
    return user


def delete_user(session: Session, name: str) -> None:
    user = _existing(session, name)
    end_all_sessions(session, user.id)
    session.delete(user)


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The user when the password matches, else None (same work whether the name exists)."""
    user = get_user(session, name)
    if user is None:
        verify_password(dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
    return user
