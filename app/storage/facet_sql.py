"""The SQL that keeps ``contactfacet`` exact: each facet's rows computed from the tables they
come from, and the triggers (SQLite and PostgreSQL) that recompute a contact's rows on every
write to one of those tables.

A migration names the facets its triggers maintain, so each revision creates what it always
created: 0006_perf the four any-of facets, 0008_people those and the participant set.
"""

from __future__ import annotations

# Facets an analyst filters by (any of their values).
FILTER_FACETS = ("actor", "country", "topic", "outlet")
# Every facet the current revision maintains: the filter facets and ``people``, the contact's
# participant set as one canonical value ("actor_id:country" sorted, comma-joined), by which the
# chart groups contacts into counterpart-pair lanes in one GROUP BY.
ALL_FACETS = (*FILTER_FACETS, "people")

# (alias of the table whose contact_id selects the contact, SELECT with a {match} condition).
_SOURCES = {
    "actor": ("cp", "SELECT DISTINCT cp.contact_id, 'actor', a.key FROM contactparticipant cp "
                    "JOIN actor a ON a.id = cp.actor_id WHERE {match}"),
    "country": ("cp", "SELECT DISTINCT cp.contact_id, 'country', coalesce(cp.country, a.country) "
                      "FROM contactparticipant cp JOIN actor a ON a.id = cp.actor_id "
                      "WHERE {match} AND coalesce(cp.country, a.country) IS NOT NULL"),
    "topic": ("ct", "SELECT DISTINCT ct.contact_id, 'topic', ct.topic_slug FROM contacttopic ct "
                    "WHERE {match}"),
    "outlet": ("cs", "SELECT DISTINCT cs.contact_id, 'outlet', ar.outlet FROM contactsource cs "
                     "JOIN article ar ON ar.id = cs.article_id WHERE {match} AND ar.outlet IS NOT NULL"),
}
_PEOPLE_PART = "cp.actor_id || ':' || coalesce(cp.country, a.country, '')"
# The participant set, aggregated in each dialect's way, its parts sorted so one set is one
# value. SQLite's group_concat reads an ordered subquery in its order (SQLite does not flatten
# a subquery with ORDER BY into an aggregate); the facet tests check each value against a sort.
_PEOPLE = {
    "sqlite": ("cp", "SELECT contact_id, 'people', group_concat(part, ',') FROM ("
                     f"SELECT DISTINCT cp.contact_id AS contact_id, {_PEOPLE_PART} AS part "
                     "FROM contactparticipant cp JOIN actor a ON a.id = cp.actor_id WHERE {match} "
                     "ORDER BY 1, 2) AS parts GROUP BY contact_id"),
    # Sorted by code point ("C"), whatever the database's collation.
    "postgresql": ("cp", f"SELECT cp.contact_id, 'people', string_agg(DISTINCT ({_PEOPLE_PART}) "
                         f"COLLATE \"C\", ',' ORDER BY ({_PEOPLE_PART}) COLLATE \"C\") "
                         "FROM contactparticipant cp "
                         "JOIN actor a ON a.id = cp.actor_id WHERE {match} GROUP BY cp.contact_id"),
}

# Tables whose rows carry a contact_id whose facets they change (any insert, update, delete).
FACET_TRIGGERS = [
    ("contactparticipant", "contact_id"),
    ("contacttopic", "contact_id"),
    ("contactsource", "contact_id"),
]
OF_ARTICLE = "SELECT contact_id FROM contactsource WHERE article_id = {row}.id"
OF_ACTOR = "SELECT contact_id FROM contactparticipant WHERE actor_id = {row}.id"
POSTGRES_FUNCTIONS = ("liaison_contact_facets", "liaison_article_facets", "liaison_actor_facets")


def sources(facets: tuple[str, ...], dialect: str) -> list[tuple[str, str]]:
    """The (alias, SELECT) of each facet named, in the dialect's SQL."""
    return [_PEOPLE.get(dialect, _PEOPLE["sqlite"]) if name == "people" else _SOURCES[name]
            for name in facets]


def refresh_sql(cid: str, facets: tuple[str, ...], dialect: str) -> list[str]:
    """Statements recomputing every facet row of the contact whose id is the SQL ``cid``."""
    return ([f"DELETE FROM contactfacet WHERE contact_id = {cid}"]
            + [f"INSERT INTO contactfacet (contact_id, facet, value) "
               f"{sql.format(match=f'{alias}.contact_id = {cid}')}"
               for alias, sql in sources(facets, dialect)])


def refresh_where_sql(ids: str, facets: tuple[str, ...], dialect: str) -> list[str]:
    """The same for every contact whose id is in the SQL subquery ``ids``."""
    return ([f"DELETE FROM contactfacet WHERE contact_id IN ({ids})"]
            + [f"INSERT INTO contactfacet (contact_id, facet, value) "
               f"{sql.format(match=f'{alias}.contact_id IN ({ids})')}"
               for alias, sql in sources(facets, dialect)])


def backfill_sql(facets: tuple[str, ...], dialect: str) -> list[str]:
    """Statements filling in the named facets' rows of every contact."""
    return [f"INSERT INTO contactfacet (contact_id, facet, value) {sql.format(match='1 = 1')}"
            for _alias, sql in sources(facets, dialect)]


def sqlite_facet_triggers(facets: tuple[str, ...]) -> list[str]:
    """CREATE TRIGGER statements keeping the named facets exact on SQLite."""
    statements = []
    for table, _column in FACET_TRIGGERS:
        for event, rows in (("INSERT", ["NEW"]), ("DELETE", ["OLD"]), ("UPDATE", ["OLD", "NEW"])):
            body = " ".join(f"{sql};" for row in rows
                            for sql in refresh_sql(f"{row}.contact_id", facets, "sqlite"))
            statements.append(f"CREATE TRIGGER {table}_facets_{event.lower()} AFTER {event} "
                              f"ON {table} BEGIN {body} END")
    for table, columns, ids in (("article", "outlet", OF_ARTICLE), ("actor", "key, country", OF_ACTOR)):
        body = " ".join(f"{sql};" for sql in refresh_where_sql(ids.format(row="NEW"), facets, "sqlite"))
        statements.append(f"CREATE TRIGGER {table}_facets_update AFTER UPDATE OF {columns} "
                          f"ON {table} BEGIN {body} END")
    return statements


def sqlite_drop_facet_triggers() -> list[str]:
    return ([f"DROP TRIGGER IF EXISTS {table}_facets_{event}"
             for table, _column in FACET_TRIGGERS for event in ("insert", "update", "delete")]
            + [f"DROP TRIGGER IF EXISTS {table}_facets_update" for table in ("article", "actor")])


def postgresql_facet_functions(facets: tuple[str, ...]) -> list[str]:
    """CREATE OR REPLACE FUNCTION statements of the PostgreSQL facet triggers."""
    def body(cid: str) -> str:
        return " ".join(f"{sql};" for sql in refresh_sql(cid, facets, "postgresql"))

    def where_body(ids: str) -> str:
        return " ".join(f"{sql};" for sql in refresh_where_sql(ids, facets, "postgresql"))

    return [
        f"""CREATE OR REPLACE FUNCTION liaison_contact_facets() RETURNS trigger AS $$
           BEGIN
             IF TG_OP IN ('DELETE', 'UPDATE') THEN {body("OLD.contact_id")} END IF;
             IF TG_OP IN ('INSERT', 'UPDATE') THEN {body("NEW.contact_id")} END IF;
             RETURN NULL;
           END $$ LANGUAGE plpgsql""",
        f"""CREATE OR REPLACE FUNCTION liaison_article_facets() RETURNS trigger AS $$
           BEGIN {where_body(OF_ARTICLE.format(row="NEW"))} RETURN NULL; END $$ LANGUAGE plpgsql""",
        f"""CREATE OR REPLACE FUNCTION liaison_actor_facets() RETURNS trigger AS $$
           BEGIN {where_body(OF_ACTOR.format(row="NEW"))} RETURN NULL; END $$ LANGUAGE plpgsql""",
    ]


def postgresql_facet_triggers() -> list[str]:
    """CREATE TRIGGER statements calling the facet functions on PostgreSQL."""
    return [
        "CREATE TRIGGER article_facets AFTER UPDATE OF outlet ON article FOR EACH ROW "
        "EXECUTE FUNCTION liaison_article_facets()",
        "CREATE TRIGGER actor_facets AFTER UPDATE OF key, country ON actor FOR EACH ROW "
        "EXECUTE FUNCTION liaison_actor_facets()",
        *[f"CREATE TRIGGER {table}_facets AFTER INSERT OR UPDATE OR DELETE ON {table} "
          "FOR EACH ROW EXECUTE FUNCTION liaison_contact_facets()" for table, _c in FACET_TRIGGERS],
    ]
