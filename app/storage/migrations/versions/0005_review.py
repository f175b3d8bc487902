"""Analyst review: review status and locked fields on contacts and claims, evidence context on
sources, the append-only review history, API tokens and re-extraction progress.

Existing rows keep every value: new columns get defaults (unreviewed, extracted, empty context),
and the context of stored evidence is filled in from the article text.

Revision ID: 0005_review
Revises: 0007_sources
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_review"
down_revision = "0004_hardening"
branch_labels = None
depends_on = None

CONTEXT = 32  # characters of prefix and suffix kept around a quote


def _review_columns(table: str) -> None:
    # Plain ADD COLUMN (no table copy): on SQLite a copied table is dropped, and dropping it
    # would cascade to the rows that reference it.
    op.add_column(table, sa.Column("review_status", sa.String(), nullable=False,
                                   server_default="unreviewed"))
    op.add_column(table, sa.Column("reviewed_by", sa.String(), nullable=True))
    op.add_column(table, sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(table, sa.Column("review_note", sa.String(), nullable=False, server_default=""))
    op.add_column(table, sa.Column("needs_rereview", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.add_column(table, sa.Column("origin", sa.String(), nullable=False, server_default="extracted"))
    op.add_column(table, sa.Column("locked", sa.JSON(), nullable=False, server_default="{}"))
    op.create_index(f"ix_{table}_review_status", table, ["review_status"])
    op.create_index(f"ix_{table}_needs_rereview", table, ["needs_rereview"])


def upgrade() -> None:
    _review_columns("contact")
    op.add_column("contact", sa.Column("suggestion_check", sa.String(), nullable=True))
    op.add_column("contact", sa.Column("merged_into", sa.Integer(), nullable=True))
    op.add_column("contact", sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_contact_merged_into", "contact", ["merged_into"])
    op.create_index("ix_contact_retired", "contact", ["retired"])
    _review_columns("claim")
    for table in ("contactsource", "claim"):
        op.add_column(table, sa.Column("prefix", sa.String(), nullable=False, server_default=""))
        op.add_column(table, sa.Column("suffix", sa.String(), nullable=False, server_default=""))
    op.add_column("contactsource", sa.Column("origin", sa.String(), nullable=False, server_default="extracted"))
    op.add_column("contactsource", sa.Column("finding", sa.JSON(), nullable=True))
    _fill_context()

    op.create_table(
        "reviewevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("by", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("reverts", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reviewevent_target", "reviewevent", ["target"])
    op.create_index("ix_reviewevent_target_id", "reviewevent", ["target_id"])
    op.create_table(
        "apitoken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_apitoken_user_id", "apitoken", ["user_id"])
    op.create_index("ix_apitoken_token_hash", "apitoken", ["token_hash"], unique=True)
    op.create_table(
        "reextractrun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_article_id", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def _fill_context() -> None:
    """Prefix and suffix of every stored quote, read from its article (the text never changes)."""
    bind = op.get_bind()
    for table in ("contactsource", "claim"):
        rows = bind.execute(sa.text(
            f"SELECT s.id, s.start, s.\"end\", a.text FROM {table} s "
            "JOIN article a ON a.id = s.article_id")).all()
        for row_id, start, end, text in rows:
            bind.execute(sa.text(f"UPDATE {table} SET prefix = :p, suffix = :s WHERE id = :i"),
                         {"p": text[max(0, start - CONTEXT):start], "s": text[end:end + CONTEXT],
                          "i": row_id})


def downgrade() -> None:
    op.drop_table("reextractrun")
    op.drop_index("ix_apitoken_token_hash", "apitoken")
    op.drop_index("ix_apitoken_user_id", "apitoken")
    op.drop_table("apitoken")
    op.drop_index("ix_reviewevent_target_id", "reviewevent")
    op.drop_index("ix_reviewevent_target", "reviewevent")
    op.drop_table("reviewevent")
    for index in ("ix_claim_needs_rereview", "ix_claim_review_status", "ix_contact_retired",
                  "ix_contact_merged_into", "ix_contact_needs_rereview", "ix_contact_review_status"):
        op.drop_index(index)
    # DROP COLUMN in place (SQLite 3.35+ and PostgreSQL): no table copy, so no cascade.
    columns = {
        "contactsource": ("finding", "origin", "suffix", "prefix"),
        "claim": ("suffix", "prefix", "locked", "origin", "needs_rereview", "review_note",
                  "reviewed_at", "reviewed_by", "review_status"),
        "contact": ("retired", "merged_into", "suggestion_check", "locked", "origin",
                    "needs_rereview", "review_note", "reviewed_at", "reviewed_by", "review_status"),
    }
    for table, names in columns.items():
        for name in names:
            op.execute(f'ALTER TABLE {table} DROP COLUMN {name}')
