"""``/admin/users``: admins list accounts, add one, change a role, remove one.

The auth middleware already restricts ``/admin`` to admins and checks the CSRF token; these
routes also refuse changes that would leave nobody able to manage accounts.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session, select

from app.auth.dependencies import current_visitor, require_role
from app.auth.roles import ROLES
from app.auth.users import AccountError, create_user, delete_user, get_user, list_users, set_role
from app.storage.db import session_scope
from app.storage.models import User
from app.web.deps import get_session, render

router = APIRouter(prefix="/admin", dependencies=[Depends(require_role("admin"))])


def _page(request: Request, session: Session, message: str = "", error: str = "",
          status_code: int = 200) -> Response:
    return render(request, session, "auth/users.html",
                  {"users": list_users(session), "roles": ROLES, "message": message,
                   "error": error, "me": current_visitor(request).name},
                  status_code=status_code)


def _admin_count(db: Session) -> int:
    return len(db.exec(select(User).where(User.role == "admin")).all())


def _guard_last_admin(db: Session, name: str, new_role: str | None) -> None:
    user = get_user(db, name)
    if user and user.role == "admin" and new_role != "admin" and _admin_count(db) == 1:
        raise AccountError("the last admin cannot be demoted or removed")


@router.get("/users")
def users_page(request: Request, session: Session = Depends(get_session)) -> Response:
    return _page(request, session)


def _apply(request: Request, session: Session, change, done: str) -> Response:
    """Run ``change(db)`` in its own transaction; show the list with the result."""
    try:
        with session_scope(request.app.state.settings.database_url) as db:
            change(db)
    except AccountError as error:
        return _page(request, session, error=str(error), status_code=400)
    session.expire_all()
    return _page(request, session, message=done)


@router.post("/users")
def add_user(request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()],
             role: Annotated[str, Form()] = "viewer",
             session: Session = Depends(get_session)) -> Response:
    return _apply(request, session, lambda db: create_user(db, name, password, role),
                  f"{name} added as {role}.")


@router.post("/users/{name}/role")
def change_role(request: Request, name: str, role: Annotated[str, Form()],
                session: Session = Depends(get_session)) -> Response:
    def change(db: Session) -> None:
        _guard_last_admin(db, name, role)
        set_role(db, name, role)

    return _apply(request, session, change, f"{name} is now {role}.")


@router.post("/users/{name}/delete")
def remove_user(request: Request, name: str, session: Session = Depends(get_session)) -> Response:
    if name == current_visitor(request).name:
        return _page(request, session, error="you cannot remove your own account",
                     status_code=400)

    def change(db: Session) -> None:
        _guard_last_admin(db, name, None)
        delete_user(db, name)

    return _apply(request, session, change, f"{name} removed.")


@router.get("")
def admin_home() -> RedirectResponse:
    return RedirectResponse("/admin/users", status_code=303)
