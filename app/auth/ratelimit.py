"""Login throttling: too many failed attempts for one account or from one address.

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
    """Sliding-window failure counter keyed by account name and by client address."""

    max_failures_per_account: int = 5
    max_failures_per_address: int = 20
    window_seconds: float = 15 * 60
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str) -> int:
        horizon = self.clock() - self.window_seconds
        attempts = self._failures[key]
        while attempts and attempts[0] < horizon:
            attempts.popleft()
        return len(attempts)

    def blocked(self, account: str, address: str) -> bool:
        """True when either the account or the address has used up its failures."""
        with self._lock:
            return (self._recent(f"account:{account.lower()}") >= self.max_failures_per_account
                    or self._recent(f"address:{address}") >= self.max_failures_per_address)

    def record_failure(self, account: str, address: str) -> None:
        with self._lock:
            now = self.clock()
            self._failures[f"account:{account.lower()}"].append(now)
            self._failures[f"address:{address}"].append(now)

    def record_success(self, account: str) -> None:
        with self._lock:
            self._failures.pop(f"account:{account.lower()}", None)

    def retry_after_seconds(self) -> int:
        return int(self.window_seconds)
