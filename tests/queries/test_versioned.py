"""The per-data-version cache: values kept by key, the oldest dropped first, and one
computation per key however many requests ask for it at once."""

from __future__ import annotations

import threading
import time

import pytest

from app.queries.versioned import VersionedCache


def test_values_are_kept_by_key_and_the_oldest_goes_first():
    cache: VersionedCache[str] = VersionedCache(2)
    calls = []

    def compute(value: str):
        return lambda: calls.append(value) or value

    assert [cache.get_or_compute(k, compute(k)) for k in ("a", "b", "a", "c", "b", "a")] == \
        ["a", "b", "a", "c", "b", "a"]
    # "a" was used after "b", so "b" went when "c" came; then "a" went when "b" came back.
    assert calls == ["a", "b", "c", "b", "a"]


def test_concurrent_requests_for_one_key_share_one_computation():
    cache: VersionedCache[int] = VersionedCache(4)
    started, release, calls = threading.Event(), threading.Event(), []

    def slow() -> int:
        calls.append(1)
        started.set()
        release.wait(5)
        return 42

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get_or_compute("k", slow)))
               for _ in range(6)]
    threads[0].start()
    started.wait(5)
    for thread in threads[1:]:
        thread.start()
    time.sleep(0.05)  # the others are now waiting on the first
    release.set()
    for thread in threads:
        thread.join(5)
    assert results == [42] * 6 and len(calls) == 1


def test_a_failed_computation_is_not_kept_and_waiters_compute_again():
    cache: VersionedCache[int] = VersionedCache(4)
    with pytest.raises(RuntimeError):
        cache.get_or_compute("k", lambda: (_ for _ in ()).throw(RuntimeError("database gone")))
    assert cache.get_or_compute("k", lambda: 7) == 7
