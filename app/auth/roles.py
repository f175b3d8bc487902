"""The three roles and their order: viewer < editor < admin."""

from __future__ import annotations

ROLES: tuple[str, ...] = ("viewer", "editor", "admin")
_RANK = {role: rank for rank, role in enumerate(ROLES)}


def is_role(role: str) -> bool:
    return role in _RANK


def role_allows(role: str | None, needed: str) -> bool:
    """True when ``role`` is at least ``needed`` (None, an anonymous visitor, allows nothing)."""
    if role is None or role not in _RANK:
        return False
    return _RANK[role] >= _RANK[needed]
