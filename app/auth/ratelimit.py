"""Login throttling that a stranger cannot turn against an account's owner.

Failures are counted per (account, address) pair, per address, and per account. The pair and
address limits are small; the per-account ceiling is much higher and, once reached, still lets
a correct password through from an address that has not failed recently, so guessing from
many addresses slows down while the owner can still sign in.

Counts live in the process; with several workers each keeps its own counts, so the bound an
attacker meets is at most ``workers`` times the configured one.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class LoginRateLimiter:
    """Sliding-window failure counter keyed by (account, address), by address and by account."""

    max_failures_per_pair: int = 5
    max_failures_per_address: int = 20
    max_failures_per_account: int = 100
    window_seconds: float = 15 * 60
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str) -> int:
        horizon = self.clock() - self.window_seconds
        attempts = self._failures.get(key)
        if attempts is None:
            return 0
        while attempts and attempts[0] < horizon:
            attempts.popleft()
        if not attempts:
            del self._failures[key]  # forgotten keys do not pile up in memory
            return 0
        return len(attempts)

    @staticmethod
    def _keys(account: str, address: str) -> tuple[str, str, str]:
        name = account.lower()
        return f"pair:{name}\0{address}", f"address:{address}", f"account:{name}"

    def blocked(self, account: str, address: str) -> bool:
        """True when this address may not try this account now."""
        pair, by_address, by_account = self._keys(account, address)
        with self._lock:
            address_failures = self._recent(by_address)
            if self._recent(pair) >= self.max_failures_per_pair:
                return True
            if address_failures >= self.max_failures_per_address:
                return True
            return (self._recent(by_account) >= self.max_failures_per_account
                    and address_failures > 0)

    def record_failure(self, account: str, address: str) -> None:
        with self._lock:
            now = self.clock()
            for key in self._keys(account, address):
                self._failures[key].append(now)

    def record_success(self, account: str, address: str) -> None:
        """A correct password clears that pair's failures (not the others')."""
        pair, _, _ = self._keys(account, address)
        with self._lock:
            self._failures.pop(pair, None)

    def retry_after_seconds(self) -> int:
        return int(self.window_seconds)
