"""Full-text search: FTS5 indexes over article title/text and claim text (SQLite).

The indexes are external-content FTS5 tables kept in sync by triggers. The tokenizer removes
diacritics, so "Choigou" finds "Choïgou". Other backends get no table here; app/queries/search.py
falls back to a plain pattern match for them.

Revision ID: 0002_search
Revises: 0001_initial
"""

from __future__ import annotations

from alembic import op

revision = "0002_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

TOKENIZE = "tokenize=\"unicode61 remove_diacritics 2\""

UPGRADE_SQL = [
    f"CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content='article', "
    f"content_rowid='id', {TOKENIZE})",
    f"CREATE VIRTUAL TABLE claim_fts USING fts5(text, content='claim', content_rowid='id', "
    f"{TOKENIZE})",
    """CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN
         INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
       END""",
    """CREATE TRIGGER article_fts_ad AFTER DELETE ON article BEGIN
         INSERT INTO article_fts(article_fts, rowid, title, text)
         VALUES ('delete', old.id, old.title, old.text);
       END""",
    """CREATE TRIGGER article_fts_au AFTER UPDATE OF title, text ON article BEGIN
         INSERT INTO article_fts(article_fts, rowid, title, text)
         VALUES ('delete', old.id, old.title, old.text);
         INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
       END""",
    """CREATE TRIGGER claim_fts_ai AFTER INSERT ON claim BEGIN
         INSERT INTO claim_fts(rowid, text) VALUES (new.id, new.text);
       END""",
    """CREATE TRIGGER claim_fts_ad AFTER DELETE ON claim BEGIN
         INSERT INTO claim_fts(claim_fts, rowid, text) VALUES ('delete', old.id, old.text);
       END""",
    """CREATE TRIGGER claim_fts_au AFTER UPDATE OF text ON claim BEGIN
         INSERT INTO claim_fts(claim_fts, rowid, text) VALUES ('delete', old.id, old.text);
         INSERT INTO claim_fts(rowid, text) VALUES (new.id, new.text);
       END""",
    # Backfill rows written before this revision.
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
    "INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')",
]

DOWNGRADE_SQL = [
    "DROP TRIGGER IF EXISTS claim_fts_au",
    "DROP TRIGGER IF EXISTS claim_fts_ad",
    "DROP TRIGGER IF EXISTS claim_fts_ai",
    "DROP TRIGGER IF EXISTS article_fts_au",
    "DROP TRIGGER IF EXISTS article_fts_ad",
    "DROP TRIGGER IF EXISTS article_fts_ai",
    "DROP TABLE IF EXISTS claim_fts",
    "DROP TABLE IF EXISTS article_fts",
]

# Composite indexes for the timeline's joins (participants by actor, sources by article).
INDEXES = [
    ("ix_contactparticipant_actor_contact", "contactparticipant", ["actor_id", "contact_id"]),
    ("ix_contactsource_article_contact", "contactsource", ["article_id", "contact_id"]),
    ("ix_contacttopic_topic_contact", "contacttopic", ["topic_slug", "contact_id"]),
    ("ix_contact_date_sort_id", "contact", ["date_sort", "id"]),
]


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    if _is_sqlite():
        for statement in UPGRADE_SQL:
            op.execute(statement)


def downgrade() -> None:
    if _is_sqlite():
        for statement in DOWNGRADE_SQL:
            op.execute(statement)
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
