"""Full-text search on PostgreSQL: a French text-search configuration with unaccent, and GIN
indexes over article title/text and claim text (SQLite keeps its FTS5 tables from 0002).

``liaison_french`` is the ``french`` configuration with ``unaccent`` before stemming, so
"Choigou" finds "Choïgou" and "sanctions" finds "sanction". Being a named configuration, it
makes ``to_tsvector('liaison_french', ...)`` immutable, which expression indexes require.

Revision ID: 0003_pg_search
Revises: 0002_search
"""

from __future__ import annotations

from alembic import op

revision = "0003_pg_search"
down_revision = "0002_search"
branch_labels = None
depends_on = None

CONFIG = "liaison_french"
ARTICLE_DOCUMENT = f"to_tsvector('{CONFIG}', coalesce(title, '') || ' ' || text)"
CLAIM_DOCUMENT = f"to_tsvector('{CONFIG}', text)"

UPGRADE_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = french)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word "
    "WITH unaccent, french_stem",
    f"CREATE INDEX ix_article_fts_pg ON article USING gin ({ARTICLE_DOCUMENT})",
    f"CREATE INDEX ix_claim_fts_pg ON claim USING gin ({CLAIM_DOCUMENT})",
]

DOWNGRADE_SQL = [
    "DROP INDEX IF EXISTS ix_claim_fts_pg",
    "DROP INDEX IF EXISTS ix_article_fts_pg",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
]


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if _is_postgresql():
        for statement in UPGRADE_SQL:
            op.execute(statement)


def downgrade() -> None:
    if _is_postgresql():
        for statement in DOWNGRADE_SQL:
            op.execute(statement)
