"""Online backup of the SQLite database (safe while the server is running)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def sqlite_path(url: str) -> Path:
    """The database file behind a SQLite URL; refuses other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise BackupError("'liaison db backup' copies SQLite files; for PostgreSQL use pg_dump "
                          "(see the README)")
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(parsed.database).expanduser()


def backup_sqlite(url: str, target: Path) -> int:
    """Copy the live database to ``target`` with sqlite3's backup API; returns its size."""
    source_path = sqlite_path(url)
    if not source_path.exists():
        raise BackupError(f"no database file at {source_path}")
    target = target.expanduser()
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    if target.resolve() == source_path.resolve():
        raise BackupError("the backup cannot overwrite the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination)
        check = destination.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        destination.close()
        source.close()
    if check != "ok":
        raise BackupError(f"the copy failed its integrity check: {check}")
    return target.stat().st_size
