"""Roles and CSRF: who may read, who may write, and what a write must carry."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.auth.users import set_password
from app.storage.db import session_scope

from .conftest import PASSWORDS, csrf_of, sign_in

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
ACCOUNT_ROUTES = {"/login", "/logout"}
READ_PAGES = ["/", "/actors", "/topics", "/articles"]


def _routes(routes) -> list[APIRoute]:
    """Every route of the app, including those of included routers."""
    found = []
    for route in routes:
        if hasattr(route, "original_router"):
            found.extend(_routes(route.original_router.routes))
        elif isinstance(route, APIRoute):
            found.append(route)
    return found


def write_routes(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every state-changing route, path parameters filled with 1."""
    pairs = set()
    for route in _routes(client.app.routes):
        if route.path in ACCOUNT_ROUTES:
            continue
        for method in route.methods & WRITE_METHODS:
            pairs.add((method, re.sub(r"\{[^}]+\}", "1", route.path)))
    return sorted(pairs)


def test_the_app_has_write_routes(client: TestClient) -> None:
    assert ("POST", "/articles/paste") in write_routes(client)
    assert ("POST", "/articles/upload") in write_routes(client)


def test_viewer_gets_403_on_every_write_route(client: TestClient) -> None:
    token = sign_in(client, "vera")
    for method, path in write_routes(client):
        response = client.request(method, path, headers={"X-CSRF-Token": token},
                                  data={"text": "Le ministre a reçu son homologue."})
        assert response.status_code == 403, (method, path, response.status_code)


def test_anonymous_writes_are_sent_to_login(client: TestClient) -> None:
    token = csrf_of(client, "/login")
    for method, path in write_routes(client):
        response = client.request(method, path, headers={"X-CSRF-Token": token})
        assert response.status_code == 401, (method, path)
        assert response.headers["HX-Redirect"].startswith("/login")


def test_editor_can_paste_with_the_token(client: TestClient) -> None:
    token = sign_in(client, "emil")
    response = client.post("/articles/paste", data={
        "csrf_token": token, "title": "Dépêche",
        "text": "Le ministre russe des Affaires étrangères a reçu mardi à Moscou son homologue "
                "iranien pour évoquer la coopération énergétique entre les deux pays."})
    assert response.status_code == 200
    assert "Dépêche" in client.get("/articles").text


@pytest.mark.parametrize("token", [None, "", "forged-token-value"])
def test_write_without_the_right_csrf_token_is_refused(client: TestClient, token) -> None:
    sign_in(client, "emil")
    data = {"text": "Le président iranien a téléphoné à son homologue russe.", "title": "x"}
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/articles/paste", data=data)
    assert response.status_code == 403
    assert "security token" in response.text
    headers = {"X-CSRF-Token": token} if token else {}
    assert client.post("/articles/paste", data={"text": "x"}, headers=headers).status_code == 403
    assert "0 articles" in client.get("/").text


def test_token_of_another_session_is_refused(client: TestClient, make_client) -> None:
    other = make_client()
    foreign_token = sign_in(other, "emil")
    sign_in(client, "emil")
    response = client.post("/articles/paste", data={"text": "Un texte.", "csrf_token": foreign_token})
    assert response.status_code == 403


def test_login_form_needs_the_token(client: TestClient) -> None:
    response = client.post("/login", data={"name": "emil", "password": PASSWORDS["emil"]})
    assert response.status_code == 403
    assert client.get("/").status_code == 303


def test_logout_needs_the_token(client: TestClient) -> None:
    sign_in(client, "vera")
    assert client.post("/logout").status_code == 403
    assert client.get("/").status_code == 200


def test_reading_needs_an_account(client: TestClient) -> None:
    for path in READ_PAGES:
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
    htmx = client.get("/", headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"].startswith("/login")


def test_viewer_reads_every_page(client: TestClient) -> None:
    sign_in(client, "vera")
    for path in READ_PAGES:
        assert client.get(path).status_code == 200, path


def test_public_read_opens_reading_but_not_writing(accounts, make_client) -> None:
    client = make_client(LIAISON_PUBLIC_READ="1")
    for path in READ_PAGES:
        assert client.get(path).status_code == 200, path
    token = csrf_of(client, "/")
    response = client.post("/articles/paste", data={"text": "Un texte.", "csrf_token": token})
    assert response.status_code == 401


def test_login_then_logout(client: TestClient) -> None:
    token = sign_in(client, "ada")
    page = client.get("/")
    assert "ada · admin" in page.text
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 303
    assert client.get("/").status_code == 303


def test_wrong_password_is_refused_without_saying_which_part(client: TestClient) -> None:
    token = csrf_of(client)
    wrong_password = client.post("/login", data={"name": "vera", "password": "nope-nope-nope",
                                                 "csrf_token": token})
    no_such_user = client.post("/login", data={"name": "ghost", "password": "nope-nope-nope",
                                               "csrf_token": token})
    assert wrong_password.status_code == no_such_user.status_code == 401
    assert "Wrong name or password" in wrong_password.text
    assert "Wrong name or password" in no_such_user.text


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_login_never_redirects_off_site(client: TestClient, target: str) -> None:
    token = csrf_of(client)
    response = client.post("/login", data={"name": "vera", "password": PASSWORDS["vera"],
                                           "csrf_token": token, "next": target})
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_login_keeps_the_shared_link(client: TestClient) -> None:
    shared = "/?actor=3&topic=nuclear"
    redirect = client.get(shared)
    assert redirect.headers["location"] == "/login?next=%2F%3Factor%3D3%26topic%3Dnuclear"
    token = csrf_of(client)
    response = client.post("/login", data={"name": "vera", "password": PASSWORDS["vera"],
                                           "csrf_token": token, "next": shared})
    assert response.headers["location"] == shared


def test_session_cookie_flags(client: TestClient, make_client) -> None:
    cookie = client.get("/login").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure_client = make_client(base_url="https://testserver")
    assert "Secure" in secure_client.get("/login").headers["set-cookie"]


def test_forged_session_cookie_is_ignored(client: TestClient) -> None:
    sign_in(client, "ada")
    value = client.cookies.get("liaison_session")
    body, _, signature = value.partition(".")
    client.cookies.set("liaison_session", body + "." + signature[::-1])
    assert client.get("/").status_code == 303


def test_new_password_ends_existing_sessions(client: TestClient, migrated_db: str) -> None:
    sign_in(client, "vera")
    assert client.get("/").status_code == 200
    with session_scope(migrated_db) as db:
        set_password(db, "vera", "a-brand-new-password")
    assert client.get("/").status_code == 303


def test_healthz_and_static_files_stay_open(client: TestClient) -> None:
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert client.get("/static/js/csrf.js").status_code == 200


def test_ingest_forms_are_offered_to_editors_only(client: TestClient, make_client) -> None:
    sign_in(client, "vera")
    assert 'action="/articles/paste"' not in client.get("/articles").text
    editor = make_client()
    sign_in(editor, "emil")
    assert 'action="/articles/paste"' in editor.get("/articles").text
