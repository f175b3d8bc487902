"""Login attempts are limited per account and per client address."""

from __future__ import annotations

from app.auth.ratelimit import LoginRateLimiter

from .conftest import PASSWORDS, csrf_of


def _attempt(client, name: str, password: str):
    token = csrf_of(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token})


def test_account_is_locked_after_repeated_failures(client, make_client) -> None:
    limiter = client.app.state.login_limiter
    for _ in range(limiter.max_failures_per_account):
        assert _attempt(client, "vera", "guessing-again").status_code == 401
    blocked = _attempt(client, "vera", PASSWORDS["vera"])
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.text
    assert int(blocked.headers["Retry-After"]) > 0
    # Another account from the same address is still fine.
    assert _attempt(client, "emil", PASSWORDS["emil"]).status_code == 303


def test_address_is_limited_across_accounts(client) -> None:
    limiter = client.app.state.login_limiter
    for index in range(limiter.max_failures_per_address):
        assert _attempt(client, f"guess{index}", "not-the-password").status_code == 401
    assert _attempt(client, "ada", PASSWORDS["ada"]).status_code == 429


def test_limiter_window_slides() -> None:
    now = [1000.0]
    limiter = LoginRateLimiter(max_failures_per_account=2, window_seconds=60, clock=lambda: now[0])
    limiter.record_failure("Vera", "10.0.0.1")
    limiter.record_failure("vera", "10.0.0.2")
    assert limiter.blocked("VERA", "10.0.0.3")
    now[0] += 61
    assert not limiter.blocked("vera", "10.0.0.3")


def test_success_clears_the_account_count() -> None:
    limiter = LoginRateLimiter(max_failures_per_account=2)
    limiter.record_failure("emil", "10.0.0.1")
    limiter.record_success("emil")
    limiter.record_failure("emil", "10.0.0.1")
    assert not limiter.blocked("emil", "10.0.0.1")
