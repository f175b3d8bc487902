"""Single-user local mode: no account yet, so everything works but only for this machine."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import csrf_of


def test_local_mode_reads_and_writes_with_a_banner(make_client) -> None:
    client: TestClient = make_client(client_address="127.0.0.1")
    page = client.get("/")
    assert page.status_code == 200
    assert "Single-user local mode" in page.text
    token = csrf_of(client, "/")
    response = client.post("/articles/paste", data={
        "csrf_token": token, "text": "Le vice-ministre iranien s'est rendu jeudi à Moscou."})
    assert response.status_code == 200


def test_local_mode_still_checks_csrf(make_client) -> None:
    client = make_client(client_address="127.0.0.1")
    response = client.post("/articles/paste", data={"text": "Un texte sans jeton."})
    assert response.status_code == 403


def test_local_mode_refuses_other_machines(make_client) -> None:
    client = make_client(client_address="192.168.1.20")
    response = client.get("/")
    assert response.status_code == 403
    assert "liaison user add" in response.text


def test_login_page_is_skipped_in_local_mode(make_client) -> None:
    client = make_client(client_address="::1")
    response = client.get("/login?next=/actors")
    assert response.status_code == 303 and response.headers["location"] == "/actors"
