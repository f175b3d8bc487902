"""0006_perf and 0008_people on a database at the review revision holding data: facet rows
(participant sets included) filled in from what is stored, review state kept, and from then on every write, analyst decisions included, moves
the data version and keeps the facet rows exact."""

from __future__ import annotations

from sqlalchemy import text

from app.storage.db import get_engine
from app.storage.migrate import current_revision, head_revision, upgrade

TEXT = "Moscou, 3 mai - Le ministre russe a reçu mardi son homologue iranien au Kremlin."
QUOTE = "a reçu mardi son homologue iranien"


def _version(connection) -> int:
    return connection.execute(text("SELECT version FROM dataversion WHERE id = 1")).scalar_one()


def test_upgrading_a_reviewed_database_fills_the_facet_rows(db_url: str) -> None:
    upgrade(db_url, "0005_review")
    start = TEXT.index(QUOTE)
    with get_engine(db_url).begin() as connection:
        connection.execute(text(
            "INSERT INTO article (id, sha256, text, origin, origin_kind, content_type, language, outlet, "
            "published_precision, published_source, published_reason, ingested_at) VALUES "
            "(1, 'abc', :t, 'note.txt', 'file', 'text/plain', 'fr', 'Le Quotidien', 'unknown', 'none', '', "
            "'2024-01-01 00:00:00')"), {"t": TEXT})
        for actor_id, key, country in ((1, "lavrov", "RU"), (2, "araghchi", "IR")):
            connection.execute(text(
                "INSERT INTO actor (id, key, name, country, kind, aliases, roles, in_gazetteer) "
                "VALUES (:i, :k, :k, :c, 'person', '[]', '[]', true)"), {"i": actor_id, "k": key, "c": country})
        for contact_id, status in ((7, "rejected"), (8, "confirmed")):
            connection.execute(text(
                "INSERT INTO contact (id, kind, date_precision, date_reason, conflicts, source_count, "
                "created_at, review_status) VALUES (:i, 'meeting', 'unknown', '', '{}', 1, "
                "'2024-01-01 00:00:00', :s)"), {"i": contact_id, "s": status})
            connection.execute(text(
                "INSERT INTO contactsource (contact_id, article_id, start, \"end\", quote, date_precision, "
                "date_reason) VALUES (:i, 1, :s, :e, :q, 'unknown', '')"),
                {"i": contact_id, "s": start, "e": start + len(QUOTE), "q": QUOTE})
            for actor_id in (1, 2):
                connection.execute(text("INSERT INTO contactparticipant (contact_id, actor_id) VALUES (:c, :a)"),
                                   {"c": contact_id, "a": actor_id})
    upgrade(db_url)
    assert current_revision(db_url) == head_revision(db_url)
    engine = get_engine(db_url)
    with engine.connect() as connection:
        rows = set(map(tuple, connection.execute(text(
            "SELECT contact_id, facet, value FROM contactfacet WHERE contact_id = 8"))))
        assert rows == {(8, "actor", "lavrov"), (8, "actor", "araghchi"), (8, "country", "RU"),
                        (8, "country", "IR"), (8, "outlet", "Le Quotidien"), (8, "people", "1:RU,2:IR")}
        assert connection.execute(text("SELECT count(*) FROM contactfacet WHERE contact_id = 7")).scalar_one() == 6
        statuses = dict(connection.execute(text("SELECT id, review_status FROM contact")).all())
        assert statuses == {7: "rejected", 8: "confirmed"}
    writes = [
        "UPDATE contact SET review_status = 'unreviewed' WHERE id = 7",
        "UPDATE contact SET merged_into = 8 WHERE id = 7",
        "INSERT INTO reviewevent (target, target_id, action, \"by\", at, before, after, note) "
        "VALUES ('contact', 7, 'review', 'omid', '2024-01-02 00:00:00', '{}', '{}', '')",
        "UPDATE actor SET country = 'KZ' WHERE id = 2",
    ]
    for statement in writes:
        with engine.begin() as connection:
            before = _version(connection)
            connection.execute(text(statement))
            assert _version(connection) > before, statement
    with engine.connect() as connection:
        assert connection.execute(text(
            "SELECT value FROM contactfacet WHERE contact_id = 8 AND facet = 'country' ORDER BY value"
        )).scalars().all() == ["KZ", "RU"]
        assert connection.execute(text(
            "SELECT value FROM contactfacet WHERE contact_id = 8 AND facet = 'people'")).scalar_one() == "1:RU,2:KZ"
