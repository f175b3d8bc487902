"""Sources that bring articles by themselves (feeds, sitemaps, watched folders), their entries,
what a sender declared about an article beside its text, and each user's last timeline visit.

Revision ID: 0007_sources
Revises: 0003_pg_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_sources"
down_revision = "0003_pg_search"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("location", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("interval_minutes", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        _when("created_at", nullable=False),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("last_modified", sa.String(), nullable=True),
        _when("last_poll_at"),
        _when("last_success_at"),
        sa.Column("last_error", sa.String(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        _when("next_poll_at", nullable=False),
        sa.Column("lease_owner", sa.String(), nullable=True),
        _when("lease_until"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("location"),
    )
    op.create_index("ix_source_next_poll_at", "source", ["next_poll_at"])

    op.create_table(
        "sourceentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("published", sa.String(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("content_sha", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("next_attempt_at"),
        _when("seen_at", nullable=False),
        _when("updated_at", nullable=False),
        sa.Column("lease_owner", sa.String(), nullable=True),
        _when("lease_until"),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "key"),
    )
    op.create_index("ix_sourceentry_article_id", "sourceentry", ["article_id"])
    op.create_index("ix_sourceentry_source_id", "sourceentry", ["source_id"])
    op.create_index("ix_sourceentry_status", "sourceentry", ["status"])

    op.create_table(
        "timelinevisit",
        sa.Column("user_id", sa.Integer(), nullable=False),
        _when("seen_at", nullable=False),
        _when("previous_seen_at"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    with op.batch_alter_table("article") as batch_op:
        batch_op.add_column(sa.Column("declared", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article") as batch_op:
        batch_op.drop_column("declared")
    op.drop_table("timelinevisit")
    op.drop_table("sourceentry")
    op.drop_table("source")
