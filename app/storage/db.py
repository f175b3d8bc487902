"""Engine and sessions. SQLite gets WAL and foreign keys on every connection."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from app.extraction.textfold import fold_once
from app.settings import get_settings


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _enable_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    # Search compares words of text folded exactly as Python folds it (PostgreSQL: translate()).
    dbapi_connection.create_function("liaison_words", 1, _words_or_none, deterministic=True)


_WORDS = re.compile(r"\w+")


def _words_or_none(value: str | None) -> str | None:
    """" word word word ": the folded words of ``value``, each between single spaces."""
    return None if value is None else f" {' '.join(_WORDS.findall(fold_once(value)))} "


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


_ENGINES: dict[str, Engine] = {}


def get_engine(url: str | None = None) -> Engine:
    """One engine per database URL (the settings' URL by default).

    The URL is resolved before the lookup, so ``get_engine()``, ``get_engine(None)`` and
    ``get_engine(settings_url)`` share one engine and one connection pool.
    """
    url = url or get_settings().database_url
    engine = _ENGINES.get(url)
    if engine is None:
        engine = _ENGINES.setdefault(url, _create_engine(url))
    return engine


def _create_engine(url: str) -> Engine:
    if is_sqlite(url):
        _prepare_sqlite_file(url)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _enable_sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def clear_engines() -> None:
    """Close every engine's idle connections and forget the engines (tests switch databases)."""
    for engine in list(_ENGINES.values()):
        engine.dispose()
    _ENGINES.clear()


# Callers (tests) reset the engines like an lru_cache.
get_engine.cache_clear = clear_engines  # type: ignore[attr-defined]


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(get_engine(url)) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
