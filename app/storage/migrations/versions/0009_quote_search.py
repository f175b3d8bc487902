"""Full-text index of the contacts' evidence quotes.

A search in a contact's evidence used to narrow its quotes to the articles matching the word,
then fold every quote of those articles: a word in a third of the articles meant folding a
third of all quotes (115 ms at 100,000 articles on SQLite). The quotes' own index names the few
holding the word: an FTS5 table on SQLite, a GIN index of the same French configuration as the
articles' (0003_pg_search) on PostgreSQL.

Revision ID: 0009_quote_search
Revises: 0008_people
"""

from __future__ import annotations

from alembic import op

revision = "0009_quote_search"
down_revision = "0008_people"
branch_labels = None
depends_on = None

# As the article and claim indexes of 0002_search: diacritics removed, so "Choigou" finds "Choïgou".
TOKENIZE = "tokenize=\"unicode61 remove_diacritics 2\""
UPGRADE_SQL = [
    f"CREATE VIRTUAL TABLE contactsource_fts USING fts5(quote, content='contactsource', "
    f"content_rowid='id', {TOKENIZE})",
    """CREATE TRIGGER contactsource_fts_ai AFTER INSERT ON contactsource BEGIN
         INSERT INTO contactsource_fts(rowid, quote) VALUES (new.id, new.quote);
       END""",
    """CREATE TRIGGER contactsource_fts_ad AFTER DELETE ON contactsource BEGIN
         INSERT INTO contactsource_fts(contactsource_fts, rowid, quote) VALUES ('delete', old.id, old.quote);
       END""",
    """CREATE TRIGGER contactsource_fts_au AFTER UPDATE OF quote ON contactsource BEGIN
         INSERT INTO contactsource_fts(contactsource_fts, rowid, quote) VALUES ('delete', old.id, old.quote);
         INSERT INTO contactsource_fts(rowid, quote) VALUES (new.id, new.quote);
       END""",
    "INSERT INTO contactsource_fts(contactsource_fts) VALUES ('rebuild')",
]
DOWNGRADE_SQL = [
    "DROP TRIGGER IF EXISTS contactsource_fts_au",
    "DROP TRIGGER IF EXISTS contactsource_fts_ad",
    "DROP TRIGGER IF EXISTS contactsource_fts_ai",
    "DROP TABLE IF EXISTS contactsource_fts",
]


# The expression app/queries/search.py matches, so that the index is used.
PG_QUOTE_DOCUMENT = "to_tsvector('liaison_french', quote)"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in UPGRADE_SQL:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_contactsource_fts_pg ON contactsource USING gin ({PG_QUOTE_DOCUMENT})")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in DOWNGRADE_SQL:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_contactsource_fts_pg")
