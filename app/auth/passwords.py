"""Password hashing with argon2id (argon2-cffi defaults, RFC 9106 low-memory profile).

``LIAISON_ARGON2_MEMORY_KIB`` and ``LIAISON_ARGON2_TIME_COST`` lower the cost where hashing
speed matters more than resistance (the test suite); older hashes are upgraded at next login.
"""

from __future__ import annotations

import os
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 8


@lru_cache
def _hasher() -> PasswordHasher:
    defaults = PasswordHasher()
    return PasswordHasher(
        time_cost=int(os.environ.get("LIAISON_ARGON2_TIME_COST", defaults.time_cost)),
        memory_cost=int(os.environ.get("LIAISON_ARGON2_MEMORY_KIB", defaults.memory_cost)),
        parallelism=defaults.parallelism,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises on a wrong password or a damaged hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@lru_cache
def dummy_hash() -> str:
    """A hash to verify against when the account does not exist, so timing reveals nothing."""
    return hash_password("not-a-real-password-just-for-timing")


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
    if password.strip() != password or not password.strip():
        return "the password must not start or end with spaces"
    return None
