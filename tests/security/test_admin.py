"""Account management in the browser-facing pages: admins only, never locking everyone out."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import PASSWORDS, csrf_of, sign_in


def test_only_admins_see_accounts(client: TestClient, make_client) -> None:
    for name in ("vera", "emil"):
        other = make_client()
        sign_in(other, name)
        assert other.get("/admin/users").status_code == 403
    token = sign_in(client, "ada")
    page = client.get("/admin/users")
    assert page.status_code == 200
    assert all(name in page.text for name in PASSWORDS)
    assert token


def test_admin_adds_changes_and_removes_an_account(client: TestClient, make_client) -> None:
    token = sign_in(client, "ada")
    added = client.post("/admin/users", data={"csrf_token": token, "name": "nour",
                                              "password": "nour-first-pass", "role": "viewer"})
    assert added.status_code == 200 and "nour added as viewer" in added.text
    promoted = client.post("/admin/users/nour/role", data={"csrf_token": token, "role": "editor"})
    assert "nour is now editor" in promoted.text
    newcomer = make_client()
    login_token = csrf_of(newcomer)
    assert newcomer.post("/login", data={"name": "nour", "password": "nour-first-pass",
                                         "csrf_token": login_token}).status_code == 303
    removed = client.post("/admin/users/nour/delete", data={"csrf_token": token})
    assert "nour removed" in removed.text
    assert newcomer.get("/").status_code == 303  # the removed account's session is over


def test_bad_account_requests_explain_themselves(client: TestClient) -> None:
    token = sign_in(client, "ada")
    short = client.post("/admin/users", data={"csrf_token": token, "name": "nour",
                                              "password": "short", "role": "viewer"})
    assert short.status_code == 400 and "at least 8" in short.text
    self_removal = client.post("/admin/users/ada/delete", data={"csrf_token": token})
    assert self_removal.status_code == 400
    last_admin = client.post("/admin/users/ada/role", data={"csrf_token": token, "role": "viewer"})
    assert last_admin.status_code == 400 and "last admin" in last_admin.text


def test_admin_forms_need_the_token(client: TestClient) -> None:
    sign_in(client, "ada")
    response = client.post("/admin/users", data={"name": "x1", "password": "long-enough-pw"})
    assert response.status_code == 403
