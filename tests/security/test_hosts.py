"""Host header allow-list (against DNS rebinding) and hardened error responses."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.web.security import SECURITY_HEADERS, allowed_host_names, host_name

from .conftest import csrf_of


@pytest.mark.parametrize("header,name", [
    ("127.0.0.1:8000", "127.0.0.1"), ("LOCALHOST", "localhost"), ("[::1]:8000", "[::1]"),
    ("example.org.", "example.org"), ("example.org:443", "example.org"), ("::1", "::1"),
])
def test_host_name_drops_the_port(header: str, name: str) -> None:
    assert host_name(header) == name


def test_allow_list_always_has_loopback_and_star_allows_any() -> None:
    assert {"localhost", "127.0.0.1", "[::1]"} <= allowed_host_names("")
    assert "liaison.example.org" in allowed_host_names(" Liaison.example.org ,other.example")
    assert allowed_host_names("*") is None


@pytest.mark.parametrize("host", ["attacker.example", "127.0.0.1.nip.io", "liaison.example.org.evil"])
def test_local_mode_refuses_a_foreign_host(make_client, host: str) -> None:
    """A rebinding page reaches 127.0.0.1 with its own name: nothing is read, nothing written."""
    client: TestClient = make_client(base_url=f"http://{host}", client_address="127.0.0.1")
    assert client.get("/").status_code == 421
    assert client.get("/export/contacts.csv").status_code == 421
    refused = client.post("/articles/paste", data={"text": "Un article.", "csrf_token": "x"})
    assert refused.status_code == 421
    assert "LIAISON_ALLOWED_HOSTS" in refused.text
    for name, value in SECURITY_HEADERS.items():
        assert refused.headers.get(name) == value


def test_loopback_names_are_served(make_client) -> None:
    for base in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"):
        client = make_client(base_url=base, client_address="127.0.0.1")
        assert client.get("/").status_code == 200, base


def test_configured_name_is_served_with_accounts(client, make_client) -> None:
    refused = make_client(base_url="http://liaison.example.org")
    assert refused.get("/login").status_code == 421
    served = make_client(base_url="http://liaison.example.org",
                         LIAISON_ALLOWED_HOSTS="liaison.example.org")
    assert served.get("/login").status_code == 200
    assert csrf_of(served)


def test_unhandled_error_gets_a_hardened_500(make_client) -> None:
    client = make_client(client_address="127.0.0.1")

    @client.app.get("/boom-for-test")
    def boom() -> None:
        raise RuntimeError("boom")

    safe = TestClient(client.app, raise_server_exceptions=False, client=("127.0.0.1", 5000))
    response = safe.get("/boom-for-test")
    assert response.status_code == 500
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value
