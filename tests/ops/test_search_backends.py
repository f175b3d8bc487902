"""Full-text search gives the same answers on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import Session

from app.queries.search import pg_tsquery, search_articles
from app.storage.db import get_engine
from app.storage.models import Article, Claim

pytestmark = pytest.mark.both_backends

TEXTS = {
    "defense": "Le ministre russe de la Défense Sergueï Choïgou a reçu à Moscou une délégation "
               "iranienne pour parler des drones et des sanctions occidentales.",
    "energy": "À Téhéran, les négociateurs ont évoqué un accord gazier et le corridor "
              "Nord-Sud reliant la Russie à l'Iran.",
    "denial": "Le porte-parole du Kremlin a démenti toute livraison de missiles.",
}


@pytest.fixture
def corpus(migrated_db: str) -> dict[str, int]:
    ids = {}
    with Session(get_engine(migrated_db), expire_on_commit=False) as session:
        for key, body in TEXTS.items():
            article = Article(sha256=hashlib.sha256(body.encode()).hexdigest(), text=body,
                              origin=f"{key}.txt", title=f"Dépêche {key}")
            session.add(article)
            session.flush()
            ids[key] = article.id
        quote = "Moscou aurait livré des systèmes de brouillage"
        session.add(Claim(article_id=ids["denial"], start=0, end=len(quote), text=quote,
                          kind="allegation"))
        session.commit()
    return ids


def _found(url: str, query: str) -> set[int]:
    with Session(get_engine(url)) as session:
        return {article.id for article in search_articles(session, query)}


@pytest.mark.parametrize(("query", "expected"), [
    ("Choigou", {"defense"}),           # accents folded
    ("choïgou drones", {"defense"}),    # every word must appear
    ("teheran", {"energy"}),
    ("brouillage", {"denial"}),         # found through a claim of the article
    ("Nord-Sud", {"energy"}),
    ("sanct", {"defense"}),             # prefix on the last word
    ("drones Téhéran", set()),
    ("' OR 1=1 --", set()),
    ("Choïgou | Téhéran", set()),       # operators are plain text
    ("!!! ???", None),                  # nothing searchable: no restriction, no result list
])
def test_search(corpus: dict[str, int], migrated_db: str, query: str, expected) -> None:
    found = _found(migrated_db, query)
    assert found == ({corpus[key] for key in expected} if expected else set())


def test_pg_tsquery_quotes_every_word() -> None:
    assert pg_tsquery("Choïgou & drones") == "'Choïgou' & 'drones':*"
    assert pg_tsquery("  ") is None
