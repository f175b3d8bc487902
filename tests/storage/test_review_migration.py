"""0005_review on a database holding data: every row kept, evidence context filled in."""

from __future__ import annotations

from sqlalchemy import text

from app.storage.db import get_engine
from app.storage.migrate import current_revision, head_revision, upgrade

TEXT = "Moscou, 3 mai - Le ministre russe a reçu mardi son homologue iranien au Kremlin."
QUOTE = "a reçu mardi son homologue iranien"


def test_upgrading_a_database_with_contacts_and_claims_keeps_them(db_url: str) -> None:
    upgrade(db_url, "0003_pg_search")
    start = TEXT.index(QUOTE)
    with get_engine(db_url).begin() as connection:
        connection.execute(text(
            "INSERT INTO article (id, sha256, text, origin, origin_kind, content_type, language, "
            "published_precision, published_source, published_reason, ingested_at) VALUES "
            "(1, 'abc', :t, 'note.txt', 'file', 'text/plain', 'fr', 'unknown', 'none', '', '2024-01-01 00:00:00')"),
            {"t": TEXT})
        connection.execute(text(
            "INSERT INTO contact (id, kind, date_precision, date_reason, conflicts, source_count, created_at) "
            "VALUES (7, 'meeting', 'unknown', '', '{}', 1, '2024-01-01 00:00:00')"))
        connection.execute(text(
            "INSERT INTO contactsource (contact_id, article_id, start, \"end\", quote, date_precision, date_reason) "
            "VALUES (7, 1, :s, :e, :q, 'unknown', '')"), {"s": start, "e": start + len(QUOTE), "q": QUOTE})
        connection.execute(text(
            "INSERT INTO claim (article_id, start, \"end\", text, kind, hedged, date_precision, date_reason) "
            "VALUES (1, :s, :e, :q, 'statement', false, 'unknown', '')"), {"s": start, "e": start + len(QUOTE), "q": QUOTE})
    upgrade(db_url)
    assert current_revision(db_url) == head_revision(db_url)
    with get_engine(db_url).connect() as connection:
        contact = connection.execute(text(
            "SELECT id, kind, review_status, origin, merged_into, retired FROM contact")).one()
        assert tuple(contact) == (7, "meeting", "unreviewed", "extracted", None, False)
        source = connection.execute(text("SELECT quote, prefix, suffix, origin FROM contactsource")).one()
        assert source.quote == QUOTE and source.origin == "extracted"
        assert TEXT.endswith(source.suffix) and TEXT[:start].endswith(source.prefix) and source.prefix
        claim = connection.execute(text("SELECT text, review_status, prefix FROM claim")).one()
        assert (claim.text, claim.review_status, claim.prefix) == (QUOTE, "unreviewed", source.prefix)


def test_review_migration_goes_down_and_up_again(db_url: str) -> None:
    from alembic import command

    from app.storage.migrate import alembic_config

    upgrade(db_url)
    command.downgrade(alembic_config(db_url), "0004_hardening")  # through the later revisions
    assert current_revision(db_url) == "0004_hardening"
    upgrade(db_url)
    assert current_revision(db_url) == head_revision(db_url)
