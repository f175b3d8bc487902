"""Login attempts are limited per (account, address) pair, per address and per account, and
concurrent password checks are bounded."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from app.auth.ratelimit import LoginRateLimiter

from .conftest import PASSWORDS, csrf_of


def _attempt(client, name: str, password: str):
    token = csrf_of(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token})


def test_pair_is_locked_after_repeated_failures(client, make_client) -> None:
    limiter = client.app.state.login_limiter
    for _ in range(limiter.max_failures_per_pair):
        assert _attempt(client, "vera", "guessing-again").status_code == 401
    blocked = _attempt(client, "vera", PASSWORDS["vera"])
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.text
    assert int(blocked.headers["Retry-After"]) > 0
    # Another account from the same address is still fine.
    assert _attempt(client, "emil", PASSWORDS["emil"]).status_code == 303


def test_a_stranger_cannot_lock_the_owner_out(client, make_client) -> None:
    limiter = client.app.state.login_limiter
    for _ in range(limiter.max_failures_per_pair + 3):
        _attempt(client, "ada", "a-stranger-guessing")
    owner = TestClient(client.app, follow_redirects=False, client=("10.20.30.40", 50000))
    assert _attempt(owner, "ada", PASSWORDS["ada"]).status_code == 303


def test_address_is_limited_across_accounts(client) -> None:
    limiter = client.app.state.login_limiter
    for index in range(limiter.max_failures_per_address):
        assert _attempt(client, f"guess{index}", "not-the-password").status_code == 401
    assert _attempt(client, "ada", PASSWORDS["ada"]).status_code == 429


def test_account_ceiling_spares_a_clean_address() -> None:
    limiter = LoginRateLimiter(max_failures_per_pair=2, max_failures_per_address=50,
                               max_failures_per_account=6)
    for index in range(6):
        limiter.record_failure("ada", f"10.0.0.{index}")
    assert limiter.blocked("ada", "10.0.0.1")  # a guessing address, past the account ceiling
    assert not limiter.blocked("ada", "192.168.7.7")  # the owner's address never failed
    assert not limiter.blocked("emil", "10.0.0.1")


def test_limiter_window_slides() -> None:
    now = [1000.0]
    limiter = LoginRateLimiter(max_failures_per_pair=2, window_seconds=60, clock=lambda: now[0])
    limiter.record_failure("Vera", "10.0.0.1")
    limiter.record_failure("vera", "10.0.0.1")
    assert limiter.blocked("VERA", "10.0.0.1")
    assert not limiter.blocked("vera", "10.0.0.3")
    now[0] += 61
    assert not limiter.blocked("vera", "10.0.0.1")


def test_success_clears_the_pair_count() -> None:
    limiter = LoginRateLimiter(max_failures_per_pair=2)
    limiter.record_failure("emil", "10.0.0.1")
    limiter.record_success("emil", "10.0.0.1")
    limiter.record_failure("emil", "10.0.0.1")
    assert not limiter.blocked("emil", "10.0.0.1")


def test_password_checks_beyond_the_bound_get_429(client, make_client) -> None:
    """With every password-check slot taken, a sign-in is answered 429 at once, not queued."""
    slots: threading.BoundedSemaphore = client.app.state.password_checks
    taken = 0
    while slots.acquire(blocking=False):
        taken += 1
    try:
        assert taken == client.app.state.settings.max_concurrent_logins
        busy = _attempt(client, "vera", PASSWORDS["vera"])
        assert busy.status_code == 429
        assert "busy" in busy.text and busy.headers["Retry-After"] == "1"
    finally:
        for _ in range(taken):
            slots.release()
    assert _attempt(client, "vera", PASSWORDS["vera"]).status_code == 303
