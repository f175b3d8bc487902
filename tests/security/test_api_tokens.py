"""API tokens for scripts: made and revoked from the command line, stored hashed, sent as
``Authorization: Bearer``; a token acts with its user's role and needs no CSRF token."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from app.cli import app
from app.storage.db import session_scope
from app.storage.models import ApiToken, Article, Contact, ContactSource

from .conftest import sign_in
from .test_access import write_routes

runner = CliRunner()
TEXT = "Le ministre russe a reçu mardi à Moscou son homologue iranien."


def _contact(db_url: str) -> int:
    with session_scope(db_url) as session:
        article = Article(sha256="c" * 64, text=TEXT, origin="note.txt")
        session.add(article)
        session.flush()
        contact = Contact(kind="meeting", source_count=1)
        session.add(contact)
        session.flush()
        session.add(ContactSource(contact_id=contact.id, article_id=article.id, start=0, end=10, quote=TEXT[:10]))
        return contact.id


def _token(name: str, *flags: str) -> str:
    result = runner.invoke(app, ["user", "token", name, *flags])
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_a_token_is_printed_once_and_stored_hashed(accounts: dict, migrated_db: str) -> None:
    token = _token("emil")
    assert token.startswith("lia_") and len(token) > 40
    with session_scope(migrated_db) as session:
        [stored] = session.exec(select(ApiToken)).all()
        assert stored.token_hash != token and token not in stored.token_hash and len(stored.token_hash) == 64


def test_an_editor_token_reviews_without_csrf_until_revoked(accounts: dict, client: TestClient,
                                                            migrated_db: str) -> None:
    contact_id = _contact(migrated_db)
    headers = {"Authorization": f"Bearer {_token('emil')}"}
    answer = client.post(f"/api/contacts/{contact_id}/review", json={"status": "confirmed"}, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["review"]["by"] == "emil"
    assert client.get(f"/api/contacts/{contact_id}", headers=headers).status_code == 200
    assert "1 token(s) of emil revoked" in runner.invoke(app, ["user", "token", "emil", "--revoke"]).stdout
    refused = client.post(f"/api/contacts/{contact_id}/review", json={"status": "rejected"}, headers=headers)
    assert refused.status_code == 401
    assert client.get(f"/api/contacts/{contact_id}", headers={"Authorization": "Bearer lia_made-up"}).status_code == 401


def test_a_viewer_token_reads_but_gets_403_on_every_write(accounts: dict, client: TestClient,
                                                         migrated_db: str) -> None:
    contact_id = _contact(migrated_db)
    headers = {"Authorization": f"Bearer {_token('vera')}"}
    assert client.get(f"/api/contacts/{contact_id}", headers=headers).status_code == 200
    for method, path in write_routes(client):
        response = client.request(method, path, headers=headers, json={"status": "confirmed"})
        assert response.status_code == 403, (method, path, response.status_code)


def test_an_editor_session_reviews_with_its_csrf_token(accounts: dict, client: TestClient,
                                                       migrated_db: str) -> None:
    contact_id = _contact(migrated_db)
    token = sign_in(client, "emil")
    assert client.post(f"/api/contacts/{contact_id}/review", json={"status": "confirmed"}).status_code == 403
    answer = client.post(f"/api/contacts/{contact_id}/review", json={"status": "confirmed"},
                         headers={"X-CSRF-Token": token})
    assert answer.status_code == 200 and answer.json()["review"]["by"] == "emil"
    page = client.get(f"/contacts/{contact_id}").text
    assert "confirmed" in page and "by emil" in page
