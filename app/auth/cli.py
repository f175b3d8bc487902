"""``liaison user ...``: manage accounts from the command line (passwords are prompted)."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.table import Table

from app.auth.roles import ROLES
from app.auth.users import (
    AccountError,
    create_user,
    delete_user,
    list_users,
    set_password,
    set_role,
)
from app.settings import get_settings

user_app = typer.Typer(help="Accounts: viewer (reads), editor (ingests), admin (manages users).",
                       no_args_is_help=True)
console = Console()
errors = Console(stderr=True)

ROLE_HELP = f"One of: {', '.join(ROLES)}."


def _session():
    from app.storage.db import session_scope
    from app.storage.migrate import upgrade

    upgrade(get_settings().database_url)
    return session_scope()


def _read_password(from_stdin: bool) -> str:
    """The new password: prompted twice, or one line of standard input for scripts."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def _fail(error: AccountError) -> None:
    errors.print(f"error: {error}", highlight=False, markup=False)
    raise typer.Exit(code=1)


@user_app.command("add")
def add(
    name: str = typer.Argument(..., help="Sign-in name."),
    role: str = typer.Option("viewer", "--role", "-r", help=ROLE_HELP),
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Read the password from standard input."),
) -> None:
    """Create an account (the first one ends single-user local mode)."""
    password = _read_password(password_stdin)
    try:
        with _session() as db:
            create_user(db, name, password, role)
    except AccountError as error:
        _fail(error)
    console.print(f"user {name} created with role {role}", highlight=False)


@user_app.command("list")
def list_command() -> None:
    """Show every account and its role."""
    with _session() as db:
        users = [(user.name, user.role, f"{user.created_at:%Y-%m-%d}") for user in list_users(db)]
    if not users:
        console.print("no user yet: Liaison runs in single-user local mode (127.0.0.1 only)")
        return
    table = Table("name", "role", "created")
    for row in users:
        table.add_row(*row)
    console.print(table)


@user_app.command("role")
def role_command(name: str, role: str = typer.Argument(..., help=ROLE_HELP)) -> None:
    """Change an account's role."""
    try:
        with _session() as db:
            set_role(db, name, role)
    except AccountError as error:
        _fail(error)
    console.print(f"user {name} is now {role}", highlight=False)


@user_app.command("password")
def password_command(
    name: str,
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Read the password from standard input."),
) -> None:
    """Set a new password (signs the account out everywhere)."""
    password = _read_password(password_stdin)
    try:
        with _session() as db:
            set_password(db, name, password)
    except AccountError as error:
        _fail(error)
    console.print(f"password of {name} changed", highlight=False)


@user_app.command("remove")
def remove(name: str, yes: bool = typer.Option(False, "--yes", help="Do not ask.")) -> None:
    """Delete an account."""
    if not yes:
        typer.confirm(f"Delete user {name}?", abort=True)
    try:
        with _session() as db:
            delete_user(db, name)
    except AccountError as error:
        _fail(error)
    console.print(f"user {name} removed", highlight=False)


@user_app.command("token")
def token_command(
    name: str,
    revoke: bool = typer.Option(False, "--revoke", help="Revoke every token of this user instead."),
) -> None:
    """Print a new API token for scripts (sent as 'Authorization: Bearer TOKEN'); shown once."""
    from app.auth.api_tokens import create_token, revoke_tokens

    try:
        with _session() as db:
            if revoke:
                count = revoke_tokens(db, name)
            else:
                token = create_token(db, name)
    except AccountError as error:
        _fail(error)
    if revoke:
        console.print(f"{count} token(s) of {name} revoked", highlight=False)
    else:
        sys.stdout.write(token + "\n")
