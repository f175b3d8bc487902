"""Security headers on every response: pages, fragments, static files, errors, refusals."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.web.security import SECURITY_HEADERS

from .conftest import sign_in


def assert_hardened(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (response.url, name)
    policy = response.headers["content-security-policy"]
    script_sources = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert script_sources == "script-src 'self'"
    for directive in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                      "base-uri 'self'", "form-action 'self'"):
        assert directive in policy


def test_policy_values() -> None:
    assert SECURITY_HEADERS["x-content-type-options"] == "nosniff"
    assert SECURITY_HEADERS["referrer-policy"] == "same-origin"
    assert SECURITY_HEADERS["x-frame-options"] == "DENY"
    assert "'unsafe-inline'" not in SECURITY_HEADERS["content-security-policy"].split(
        "script-src")[1].split(";")[0]


def test_headers_on_every_page(client: TestClient) -> None:
    sign_in(client, "vera")
    paths = ["/", "/actors", "/topics", "/articles", "/login", "/healthz",
             "/static/js/csrf.js", "/static/plotly.min.js", "/static/vendor/htmx.min.js",
             "/articles/999999", "/no-such-page", "/?actor=1&topic=x&q=iran"]
    for path in paths:
        assert_hardened(client.get(path))
    assert_hardened(client.get("/", headers={"HX-Request": "true"}))


def test_headers_on_refusals(client: TestClient) -> None:
    assert_hardened(client.get("/"))  # redirect to login
    assert_hardened(client.post("/articles/paste", data={"text": "x"}))  # no CSRF token
    token = sign_in(client, "vera")
    assert_hardened(client.post("/articles/paste", data={"text": "x", "csrf_token": token}))
