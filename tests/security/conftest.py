"""Security fixtures: the real app on a migrated database, with accounts of every role."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator

import anyio
import pytest
from fastapi.testclient import TestClient

from app.auth.passwords import _hasher, dummy_hash
from app.auth.users import create_user
from app.settings import get_settings
from app.storage.db import session_scope
from app.web.app import create_app

PASSWORDS = {"vera": "viewer-pass-2024", "emil": "editor-pass-2024", "ada": "admin-pass-2024"}
ROLES = {"vera": "viewer", "emil": "editor", "ada": "admin"}
_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Real argon2id with low cost parameters: same code path, a fraction of the time."""
    monkeypatch.setenv("LIAISON_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("LIAISON_ARGON2_MEMORY_KIB", "8192")
    _hasher.cache_clear()
    dummy_hash.cache_clear()
    yield
    _hasher.cache_clear()
    dummy_hash.cache_clear()


@pytest.fixture
def accounts(migrated_db: str) -> dict[str, str]:
    """A viewer (vera), an editor (emil) and an admin (ada)."""
    with session_scope(migrated_db) as db:
        for name, role in ROLES.items():
            create_user(db, name, PASSWORDS[name], role)
    return ROLES


@pytest.fixture
def make_client(migrated_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., TestClient]]:
    """Builds clients on a fresh app; environment variables given as keywords apply first."""
    clients: list[TestClient] = []

    def build(base_url: str = "http://testserver", client_address: str = "testclient",
              **environment: str) -> TestClient:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        client = TestClient(create_app(get_settings()), base_url=base_url,
                            follow_redirects=False, client=(client_address, 50000))
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)
    get_settings.cache_clear()


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token a page hands out (read from its meta tag, as csrf.js does)."""
    response = client.get(path)
    match = _CSRF.search(response.text)
    assert match, f"no csrf meta tag on {path}"
    return match.group(1)


def sign_in(client: TestClient, name: str) -> str:
    """Signs ``name`` in; returns the new session's CSRF token."""
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"name": name, "password": PASSWORDS[name],
                                           "csrf_token": token, "next": "/"})
    assert response.status_code == 303, response.text
    return csrf_of(client, "/")


@pytest.fixture
def client(accounts: dict, make_client) -> TestClient:
    """An anonymous browser on an app that has accounts (so logins are required)."""
    return make_client()


def run_in_own_thread(function):  # noqa: ANN001, ANN201 - an async function and its result
    """``anyio.run(function)`` in a new thread, so it works even where a loop already runs in
    this one (a browser test's Playwright session earlier in the same worker)."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = anyio.run(function)
        except BaseException as error:  # handed back to the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
