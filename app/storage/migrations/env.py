"""Alembic environment: migrates the database whose URL the caller put in the config."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import app.storage.models  # noqa: F401  (registers every table on SQLModel.metadata)
from app.storage.db import get_engine, is_sqlite

config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    return config.attributes.get("liaison_url") or config.get_main_option("sqlalchemy.url")


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=is_sqlite(_url()))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = _url()
    with get_engine(url).connect() as connection:
        # SQLite alters tables by copying them: batch mode makes later revisions portable.
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=is_sqlite(url))
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
