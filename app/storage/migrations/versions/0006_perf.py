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

# The facet rows of contacts, computed from the tables they come from: (alias of the table
# whose contact_id selects the contact, SELECT with a {match} condition on it).
FACET_SOURCES = [
    ("cp", "SELECT DISTINCT cp.contact_id, 'actor', a.key FROM contactparticipant cp "
           "JOIN actor a ON a.id = cp.actor_id WHERE {match}"),
    ("cp", "SELECT DISTINCT cp.contact_id, 'country', coalesce(cp.country, a.country) "
           "FROM contactparticipant cp JOIN actor a ON a.id = cp.actor_id "
           "WHERE {match} AND coalesce(cp.country, a.country) IS NOT NULL"),
    ("ct", "SELECT DISTINCT ct.contact_id, 'topic', ct.topic_slug FROM contacttopic ct "
           "WHERE {match}"),
    ("cs", "SELECT DISTINCT cs.contact_id, 'outlet', ar.outlet FROM contactsource cs "
           "JOIN article ar ON ar.id = cs.article_id WHERE {match} AND ar.outlet IS NOT NULL"),
]


def refresh_facets_sql(cid: str) -> list[str]:
    """Statements recomputing every facet row of the contact whose id is the SQL ``cid``."""
    return ([f"DELETE FROM contactfacet WHERE contact_id = {cid}"]
            + [f"INSERT INTO contactfacet (contact_id, facet, value) "
               f"{sql.format(match=f'{alias}.contact_id = {cid}')}" for alias, sql in FACET_SOURCES])


def refresh_facets_where_sql(ids: str) -> list[str]:
    """The same for every contact whose id is in the SQL subquery ``ids``."""
    return ([f"DELETE FROM contactfacet WHERE contact_id IN ({ids})"]
            + [f"INSERT INTO contactfacet (contact_id, facet, value) "
               f"{sql.format(match=f'{alias}.contact_id IN ({ids})')}"
               for alias, sql in FACET_SOURCES])


BACKFILL_FACETS = [f"INSERT INTO contactfacet (contact_id, facet, value) {sql.format(match='1 = 1')}"
                   for _alias, sql in FACET_SOURCES]

# Tables whose rows carry a contact_id whose facets they change (any insert, update, delete).
FACET_TRIGGERS = [
    ("contactparticipant", "contact_id"),
    ("contacttopic", "contact_id"),
    ("contactsource", "contact_id"),
]
OF_ARTICLE = "SELECT contact_id FROM contactsource WHERE article_id = {row}.id"
OF_ACTOR = "SELECT contact_id FROM contactparticipant WHERE actor_id = {row}.id"


def _sqlite_triggers() -> list[str]:
    statements = []
    for table in TRACKED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER dv_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
                "UPDATE dataversion SET version = version + 1 WHERE id = 1; END")
    for table, _column in FACET_TRIGGERS:
        for event, rows in (("INSERT", ["NEW"]), ("DELETE", ["OLD"]), ("UPDATE", ["OLD", "NEW"])):
            body = " ".join(f"{sql};" for row in rows for sql in refresh_facets_sql(f"{row}.contact_id"))
            statements.append(f"CREATE TRIGGER {table}_facets_{event.lower()} AFTER {event} "
                              f"ON {table} BEGIN {body} END")
    for table, columns, ids in (("article", "outlet", OF_ARTICLE), ("actor", "key, country", OF_ACTOR)):
        body = " ".join(f"{sql};" for sql in refresh_facets_where_sql(ids.format(row="NEW")))
        statements.append(f"CREATE TRIGGER {table}_facets_update AFTER UPDATE OF {columns} "
                          f"ON {table} BEGIN {body} END")
    return statements


def _postgresql_triggers() -> list[str]:
    statements = [
        """CREATE FUNCTION liaison_bump_data_version() RETURNS trigger AS $$
           BEGIN UPDATE dataversion SET version = version + 1 WHERE id = 1; RETURN NULL; END
           $$ LANGUAGE plpgsql""",
        f"""CREATE FUNCTION liaison_contact_facets() RETURNS trigger AS $$
           BEGIN
             IF TG_OP IN ('DELETE', 'UPDATE') THEN
               {" ".join(f"{sql};" for sql in refresh_facets_sql("OLD.contact_id"))}
             END IF;
             IF TG_OP IN ('INSERT', 'UPDATE') THEN
               {" ".join(f"{sql};" for sql in refresh_facets_sql("NEW.contact_id"))}
             END IF;
             RETURN NULL;
           END $$ LANGUAGE plpgsql""",
        f"""CREATE FUNCTION liaison_article_facets() RETURNS trigger AS $$
           BEGIN {" ".join(f"{sql};" for sql in refresh_facets_where_sql(OF_ARTICLE.format(row="NEW")))}
           RETURN NULL; END $$ LANGUAGE plpgsql""",
        f"""CREATE FUNCTION liaison_actor_facets() RETURNS trigger AS $$
           BEGIN {" ".join(f"{sql};" for sql in refresh_facets_where_sql(OF_ACTOR.format(row="NEW")))}
           RETURN NULL; END $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER article_facets AFTER UPDATE OF outlet ON article FOR EACH ROW "
        "EXECUTE FUNCTION liaison_article_facets()",
        "CREATE TRIGGER actor_facets AFTER UPDATE OF key, country ON actor FOR EACH ROW "
        "EXECUTE FUNCTION liaison_actor_facets()",
        *[f"CREATE TRIGGER {table}_facets AFTER INSERT OR UPDATE OR DELETE ON {table} "
          "FOR EACH ROW EXECUTE FUNCTION liaison_contact_facets()" for table, _c in FACET_TRIGGERS],
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
    for statement in BACKFILL_FACETS:
        op.execute(statement)
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    # Undated contacts (a tenth of them): their list and count read this index only.
    op.create_index("ix_contact_undated", "contact", ["id"],
                    sqlite_where=sa.text("date IS NULL OR date_precision = 'unknown'"),
                    postgresql_where=sa.text("date IS NULL OR date_precision = 'unknown'"))
    dialect = op.get_bind().dialect.name
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
        for table, _column in FACET_TRIGGERS:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_facets_{event}")
        for table in ("article", "actor"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_facets_update")
    elif dialect == "postgresql":
        for table in TRACKED:
            op.execute(f"DROP TRIGGER IF EXISTS dv_{table} ON {table}")
        for table in [t for t, _c in FACET_TRIGGERS] + ["article", "actor"]:
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
