"""Shared fixtures: a temporary SQLite database per test, empty, migrated, or holding the seeds.

Every fixture points ``DATABASE_URL`` at a file under the test's temporary directory and clears
the cached settings and engines, so the code under test reads and writes only that file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.settings import PROJECT_ROOT, get_settings
from app.storage.db import get_engine

SEEDS_DIR = PROJECT_ROOT / "seeds"


def _reset_caches() -> None:
    """Forget cached settings and engines so the next call reads the current environment."""
    get_engine.cache_clear()
    get_settings.cache_clear()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def seeds_dir() -> Path:
    """The seed articles shipped with the project."""
    return SEEDS_DIR


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite file (not yet migrated) set as ``DATABASE_URL``."""
    url = sqlite_url(tmp_path / "liaison.db")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("LIAISON_SEED_ON_START", "false")
    _reset_caches()
    yield url
    _reset_caches()


@pytest.fixture
def migrated_db(db_url: str) -> str:
    """An empty database with every migration applied."""
    from app.storage.migrate import upgrade

    upgrade(db_url)
    return db_url


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds ingested once per test session into a template file (copied per test)."""
    from app.ingestion.service import ingest_paths
    from app.storage.migrate import upgrade

    path = tmp_path_factory.mktemp("seeded") / "template.db"
    url = sqlite_url(path)
    saved = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    _reset_caches()
    try:
        upgrade(url)
        report = ingest_paths([str(SEEDS_DIR)])
        assert not report.failed, report.failed
        get_engine(url).dispose()
    finally:
        if saved is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved
        _reset_caches()
    with sqlite3.connect(path) as connection:  # fold the WAL into the file before copying it
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def seeded_db(_seeded_template: Path, db_url: str) -> str:
    """A database holding the five seed articles, ingested through the real pipeline."""
    target = Path(db_url.removeprefix("sqlite:///"))
    shutil.copyfile(_seeded_template, target)
    return db_url
