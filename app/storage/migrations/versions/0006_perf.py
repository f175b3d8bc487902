"""Speed at scale: a data-version counter, stored per-article counts, paging indexes.

- ``dataversion``: one row whose ``version`` goes up with every write to a table the views read
  (triggers), so caches are keyed by one indexed read instead of counting tables.
- ``article.contact_count`` / ``article.claim_count``: kept by triggers on ``contactsource`` and
  ``claim``, so the article list never counts per row.
- Indexes for keyset paging of articles (newest ingested first) and contacts (newest first).

Revision ID: 0006_perf
Revises: 0007_sources
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_perf"
down_revision = "0007_sources"
branch_labels = None
depends_on = None

# Every table a page, chart or facet reads: a write to any of them is a new data version.
TRACKED = ("article", "noisespan", "actor", "topic", "contact", "contactparticipant",
           "contacttopic", "contactsource", "claim", "claimactor", "claimtopic")

INDEXES = [
    ("ix_article_ingested_at_id", "article", ["ingested_at", "id"]),
    ("ix_contactparticipant_contact_actor", "contactparticipant", ["contact_id", "actor_id"]),
    ("ix_claim_attributed_date", "claim", ["attributed_actor_id", "date_sort", "id"]),
]

CONTACT_COUNT = ("(SELECT count(DISTINCT contact_id) FROM contactsource "
                 "WHERE contactsource.article_id = {row}.article_id)")
CLAIM_COUNT = "(SELECT count(*) FROM claim WHERE claim.article_id = {row}.article_id)"


def _sqlite_triggers() -> list[str]:
    statements = []
    for table in TRACKED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER dv_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
                "UPDATE dataversion SET version = version + 1 WHERE id = 1; END")
    for table, column, count in (("contactsource", "contact_count", CONTACT_COUNT),
                                 ("claim", "claim_count", CLAIM_COUNT)):
        for event, rows in (("INSERT", ["NEW"]), ("DELETE", ["OLD"]), ("UPDATE", ["OLD", "NEW"])):
            sets = " ".join(
                f"UPDATE article SET {column} = {count.format(row=row)} "
                f"WHERE id = {row}.article_id;" for row in rows)
            statements.append(f"CREATE TRIGGER {table}_{column}_{event.lower()} AFTER {event} "
                              f"ON {table} BEGIN {sets} END")
    return statements


def _postgresql_triggers() -> list[str]:
    statements = [
        """CREATE FUNCTION liaison_bump_data_version() RETURNS trigger AS $$
           BEGIN UPDATE dataversion SET version = version + 1 WHERE id = 1; RETURN NULL; END
           $$ LANGUAGE plpgsql""",
        f"""CREATE FUNCTION liaison_article_contact_count() RETURNS trigger AS $$
           BEGIN
             IF TG_OP IN ('DELETE', 'UPDATE') THEN
               UPDATE article SET contact_count = {CONTACT_COUNT.format(row='OLD')}
               WHERE id = OLD.article_id;
             END IF;
             IF TG_OP IN ('INSERT', 'UPDATE') THEN
               UPDATE article SET contact_count = {CONTACT_COUNT.format(row='NEW')}
               WHERE id = NEW.article_id;
             END IF;
             RETURN NULL;
           END $$ LANGUAGE plpgsql""",
        f"""CREATE FUNCTION liaison_article_claim_count() RETURNS trigger AS $$
           BEGIN
             IF TG_OP IN ('DELETE', 'UPDATE') THEN
               UPDATE article SET claim_count = {CLAIM_COUNT.format(row='OLD')}
               WHERE id = OLD.article_id;
             END IF;
             IF TG_OP IN ('INSERT', 'UPDATE') THEN
               UPDATE article SET claim_count = {CLAIM_COUNT.format(row='NEW')}
               WHERE id = NEW.article_id;
             END IF;
             RETURN NULL;
           END $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER contactsource_contact_count AFTER INSERT OR UPDATE OR DELETE "
        "ON contactsource FOR EACH ROW EXECUTE FUNCTION liaison_article_contact_count()",
        "CREATE TRIGGER claim_claim_count AFTER INSERT OR UPDATE OR DELETE "
        "ON claim FOR EACH ROW EXECUTE FUNCTION liaison_article_claim_count()",
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
    for column in ("contact_count", "claim_count"):
        op.add_column("article", sa.Column(column, sa.Integer(), nullable=False,
                                           server_default="0"))
    op.execute("UPDATE article SET contact_count = (SELECT count(DISTINCT contact_id) "
               "FROM contactsource WHERE contactsource.article_id = article.id), "
               "claim_count = (SELECT count(*) FROM claim WHERE claim.article_id = article.id)")
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    dialect = op.get_bind().dialect.name
    for statement in (_sqlite_triggers() if dialect == "sqlite"
                      else _postgresql_triggers() if dialect == "postgresql" else []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in TRACKED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS dv_{table}_{event}")
        for table, column in (("contactsource", "contact_count"), ("claim", "claim_count")):
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{column}_{event}")
    elif dialect == "postgresql":
        for table in TRACKED:
            op.execute(f"DROP TRIGGER IF EXISTS dv_{table} ON {table}")
        op.execute("DROP TRIGGER IF EXISTS contactsource_contact_count ON contactsource")
        op.execute("DROP TRIGGER IF EXISTS claim_claim_count ON claim")
        for function in ("liaison_bump_data_version", "liaison_article_contact_count",
                         "liaison_article_claim_count"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    # Plain ALTER (no table copy): a rebuilt article table would lose its search triggers.
    for column in ("claim_count", "contact_count"):
        op.execute(f"ALTER TABLE article DROP COLUMN {column}")
    op.drop_table("dataversion")
