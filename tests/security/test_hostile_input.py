"""Hostile input through the web: SQL-looking filters, template syntax, oversized uploads."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from app.ingestion.service import ingest_text
from app.storage.db import session_scope
from app.storage.models import Article, Contact

from .conftest import csrf_of, sign_in

ARTICLE = ("Téhéran, le 5 février 2024. Le président iranien Ebrahim Raïssi a reçu le 5 février "
           "2024 à Téhéran le secrétaire du Conseil de sécurité russe Nikolaï Patrouchev pour "
           "parler de sécurité régionale {{ 7*7 }} {% raw %}<script>alert(1)</script>.\n")

SQL_LOOKING = [
    "1' OR '1'='1", "1; DROP TABLE article; --", "' UNION SELECT password_hash FROM \"user\" --",
    "putin') OR 1=1 --", "%' AND 1=0 --", "\" OR \"\"=\"", "1/**/OR/**/1=1", "*", "%", "_",
    "NEAR(iran russie)", "\"unterminated", "title:*", "2024-01-01' OR '1'='1",
]
FILTER_PARAMS = ["actor", "topic", "kind", "q", "from", "to", "country", "page", "lane", "sort"]


@pytest.fixture
def viewer_client(accounts, make_client, migrated_db: str):
    """A signed-in viewer on a database holding one article and the team's password hashes."""
    ingest_text(ARTICLE, "dépêche")
    client = make_client()
    sign_in(client, "vera")
    return client


def _counts(url: str) -> tuple[int, int]:
    with session_scope(url) as db:
        return (db.exec(select(func.count()).select_from(Article)).one(),
                db.exec(select(func.count()).select_from(Contact)).one())


def test_sql_looking_filters_do_nothing_harmful(viewer_client, migrated_db: str) -> None:
    before = _counts(migrated_db)
    assert before[0] == 1
    for param in FILTER_PARAMS:
        for value in SQL_LOOKING:
            for path in ("/", "/api/contacts", "/articles", "/actors", "/export/contacts.csv"):
                response = viewer_client.get(path, params={param: value})
                assert response.status_code < 500, (path, param, value, response.status_code)
                assert "$argon2" not in response.text
    assert _counts(migrated_db) == before


def _total(client, q: str) -> int:
    response = client.get("/api/contacts", params={"q": q})
    assert response.status_code == 200
    return response.json()["total"]


def test_search_operators_are_plain_words(viewer_client) -> None:
    assert _total(viewer_client, "Patrouchev") == 1
    assert _total(viewer_client, "Zelensky") == 0
    for value in ["1' OR '1'='1", "Zelensky OR Patrouchev", "NOT Zelensky", "* OR *", "-Zelensky"]:
        assert _total(viewer_client, value) == 0, value


def test_template_syntax_in_an_article_is_not_evaluated(viewer_client) -> None:
    page = viewer_client.get("/articles/1")
    assert "{{ 7*7 }}" in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text


def test_upload_limits_are_enforced_with_a_message(make_client) -> None:
    client = make_client(client_address="127.0.0.1", LIAISON_MAX_ARTICLE_BYTES="2000",
                         LIAISON_MAX_UPLOAD_FILES="2")
    token = csrf_of(client, "/articles")
    small = "Le ministre iranien a téléphoné à son homologue russe.\n".encode()
    files = [("files", ("a.txt", small, "text/plain")),
             ("files", ("big.txt", b"x" * 2500, "text/plain")),
             ("files", ("c.txt", small, "text/plain"))]
    response = client.post("/articles/upload", data={"csrf_token": token}, files=files)
    assert response.status_code in (200, 400, 422)
    assert "too large" in response.text
    assert "more than 2 files" in response.text


def test_oversized_request_is_refused_before_reading(make_client) -> None:
    client = make_client(client_address="127.0.0.1", LIAISON_MAX_ARTICLE_BYTES="1000",
                         LIAISON_MAX_UPLOAD_FILES="1")
    token = csrf_of(client, "/articles")
    body = {"csrf_token": token, "text": "é" * 1_100_000}
    response = client.post("/articles/paste", data=body)
    assert response.status_code == 413
    assert "larger than this server accepts" in response.text
