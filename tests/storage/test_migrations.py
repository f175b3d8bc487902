"""Alembic migrations: every table of the models, data kept across upgrades."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import app
from app.storage.db import get_engine
from app.storage.migrate import MIGRATIONS_DIR, current_revision, head_revision, upgrade


def _tables(url: str) -> set[str]:
    return set(inspect(get_engine(url)).get_table_names())


def test_upgrade_creates_every_model_table(db_url: str) -> None:
    upgrade(db_url)
    assert set(SQLModel.metadata.tables) <= _tables(db_url)
    assert current_revision(db_url) == head_revision(db_url)


def test_schema_matches_the_models(migrated_db: str) -> None:
    with get_engine(migrated_db).connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    # Extra objects (full-text search tables) are allowed; nothing of the models may be missing.
    missing = [d for d in diffs if isinstance(d, tuple) and d[0].startswith("add_")]
    assert missing == []


def test_upgrading_twice_changes_nothing(migrated_db: str) -> None:
    before = _tables(migrated_db)
    upgrade(migrated_db)
    assert _tables(migrated_db) == before


def test_data_survives_upgrade_from_the_first_revision(db_url: str) -> None:
    upgrade(db_url, "0001_initial")
    with get_engine(db_url).begin() as connection:
        connection.execute(text(
            "INSERT INTO article (sha256, text, origin, origin_kind, content_type, language, "
            "published_precision, published_source, published_reason, ingested_at) "
            "VALUES ('abc', 'Le Kremlin a annoncé un appel.', 'note.txt', 'file', 'text/plain', 'fr', "
            "'unknown', 'none', '', '2024-01-01 00:00:00')"
        ))
    upgrade(db_url)
    with get_engine(db_url).connect() as connection:
        rows = [tuple(row) for row in connection.execute(text("SELECT origin, text FROM article"))]
    assert rows == [("note.txt", "Le Kremlin a annoncé un appel.")]
    assert current_revision(db_url) == head_revision(db_url)


def test_migration_scripts_ship_inside_the_package() -> None:
    package_dir = Path(app.__file__).resolve().parent
    assert MIGRATIONS_DIR.is_relative_to(package_dir)
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "versions" / "0001_initial.py").is_file()
