"""Sources and alerts under the access rules: reading needs an account (or public read),
changing sources needs an editor."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import sign_in


def test_anonymous_visitors_cannot_read_sources_or_feeds(client: TestClient) -> None:
    for path in ("/sources", "/sources/1", "/feed.atom", "/feed.atom?actor=putin"):
        assert client.get(path).status_code in (303, 401), path


def test_public_read_serves_the_feed_to_readers_without_an_account(accounts: dict, make_client) -> None:
    public = make_client(LIAISON_PUBLIC_READ="true")
    response = public.get("/feed.atom")
    assert response.status_code == 200 and response.content.startswith(b"<?xml")


def test_a_viewer_sees_health_but_no_forms(client: TestClient) -> None:
    sign_in(client, "vera")
    page = client.get("/sources").text
    assert "Sources" in page and "Add a source" not in page and "Poll soon" not in page


def test_an_editor_gets_the_forms_and_may_add(client: TestClient) -> None:
    token = sign_in(client, "emil")
    assert "Add a source" in client.get("/sources").text
    response = client.post("/sources", data={"kind": "sitemap", "location": "https://presse.example/sitemap.xml",
                                             "csrf_token": token})
    assert response.status_code == 303
    assert "https://presse.example/sitemap.xml" in client.get("/sources").text


def test_a_viewer_cannot_add_a_source(client: TestClient) -> None:
    token = sign_in(client, "vera")
    response = client.post("/sources", data={"kind": "feed", "location": "https://presse.example/rss",
                                             "csrf_token": token})
    assert response.status_code == 403
