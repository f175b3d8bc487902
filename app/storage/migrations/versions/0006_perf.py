"""Speed at scale: a data-version counter, facet values per contact, paging indexes.

- ``dataversion``: one row whose ``version`` goes up with every write to a table the views read
  (triggers), so caches are keyed by one indexed read instead of counting tables.
- ``contactfacet``: (contact, facet, value) rows for the any-of facets that live in other
  tables (actor key, participant country, topic, outlet), kept exact by triggers on every table
  they come from, so each facet is one index-backed GROUP BY and each filter one index range.
- Indexes for the article list (newest ingested first), the chart's counts, the undated list.

Revision ID: 0006_perf
Revises: 0005_review
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.storage import facet_sql
from app.storage.facet_sql import FILTER_FACETS

revision = "0006_perf"
down_revision = "0005_review"
branch_labels = None
depends_on = None

# Every table a page, chart or facet reads: a write to any of them is a new data version.
# Analyst decisions write ``reviewevent`` (a contact's history) beside the rows they change.
TRACKED = ("article", "noisespan", "actor", "topic", "contact", "contactparticipant",
           "contacttopic", "contactsource", "claim", "claimactor", "claimtopic", "reviewevent")

INDEXES = [
    ("ix_article_ingested_at_id", "article", ["ingested_at", "id"]),
    ("ix_contactparticipant_contact_actor", "contactparticipant", ["contact_id", "actor_id"]),
    ("ix_claim_attributed_date", "claim", ["attributed_actor_id", "date_sort", "id"]),
    # Covers the chart's count per kind and period, review state included (no table row read).
    ("ix_contact_chart", "contact", ["kind", "date_precision", "date_sort", "date",
                                     "review_status", "retired", "merged_into"]),
]

# The facets this revision keeps (app/storage/facet_sql.py holds their SQL and triggers).
FACETS = FILTER_FACETS


def _sqlite_triggers() -> list[str]:
    statements = []
    for table in TRACKED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER dv_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
                "UPDATE dataversion SET version = version + 1 WHERE id = 1; END")
    return statements + facet_sql.sqlite_facet_triggers(FACETS)


def _postgresql_triggers() -> list[str]:
    statements = [
        """CREATE FUNCTION liaison_bump_data_version() RETURNS trigger AS $$
           BEGIN UPDATE dataversion SET version = version + 1 WHERE id = 1; RETURN NULL; END
           $$ LANGUAGE plpgsql""",
        *facet_sql.postgresql_facet_functions(FACETS),
        *facet_sql.postgresql_facet_triggers(),
    ]
    # One bump per statement (not per row): a bulk write costs one update of the counter.
    statements += [f"CREATE TRIGGER dv_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                   f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION liaison_bump_data_version()"
                   for table in TRACKED]
    return statements


def upgrade() -> None:
    op.create_table(
        "dataversion",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO dataversion (id, version) VALUES (1, 1)")
    op.create_table(
        "contactfacet",
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contact.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("facet", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("facet", "value", "contact_id"),
    )
    op.create_index("ix_contactfacet_contact_facet", "contactfacet",
                    ["contact_id", "facet", "value"])
    dialect = op.get_bind().dialect.name
    for statement in facet_sql.backfill_sql(FACETS, dialect):
        op.execute(statement)
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    # Undated contacts (a tenth of them): their list and count read this index only.
    op.create_index("ix_contact_undated", "contact", ["id"],
                    sqlite_where=sa.text("date IS NULL OR date_precision = 'unknown'"),
                    postgresql_where=sa.text("date IS NULL OR date_precision = 'unknown'"))
    for statement in (_sqlite_triggers() if dialect == "sqlite"
                      else _postgresql_triggers() if dialect == "postgresql" else []):
        op.execute(statement)
    # Planner statistics for the new table and indexes (both backends read them).
    op.execute("ANALYZE")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in TRACKED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS dv_{table}_{event}")
        for statement in facet_sql.sqlite_drop_facet_triggers():
            op.execute(statement)
    elif dialect == "postgresql":
        for table in TRACKED:
            op.execute(f"DROP TRIGGER IF EXISTS dv_{table} ON {table}")
        for table in [t for t, _c in facet_sql.FACET_TRIGGERS] + ["article", "actor"]:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_facets ON {table}")
        for function in ("liaison_bump_data_version", "liaison_contact_facets",
                         "liaison_article_facets", "liaison_actor_facets"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    op.drop_index("ix_contact_undated", table_name="contact")
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_contactfacet_contact_facet", table_name="contactfacet")
    op.drop_table("contactfacet")
    op.drop_table("dataversion")
