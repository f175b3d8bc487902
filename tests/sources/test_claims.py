"""Claims: one worker per source at a time, one worker per entry, however many race for it."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, select

from app.sources import store
from app.sources.listing import Item
from app.storage.db import get_engine, session_scope
from app.storage.models import Source, SourceEntry

pytestmark = pytest.mark.both_backends

WORKERS = 8


def _source_with_entries(url: str, keys: list[str]) -> int:
    with Session(get_engine(url), expire_on_commit=False) as session:
        source = store.add_source(session, "feed", "https://presse.example/rss")
        session.commit()
        store.record_items(session, source, [Item(key=k, url=f"https://presse.example/{k}") for k in keys])
        return source.id  # type: ignore[return-value]


def _race(url: str, attempt) -> list:  # noqa: ANN001 - callable(Session, worker name)
    """Run ``attempt`` in WORKERS threads released together, each with its own connection."""
    barrier = threading.Barrier(WORKERS)
    results: list = [None] * WORKERS

    def run(index: int) -> None:
        with Session(get_engine(url)) as session:
            barrier.wait()
            results[index] = attempt(session, f"worker-{index}")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_an_entry_is_claimed_by_exactly_one_of_many_workers(migrated_db: str) -> None:
    _source_with_entries(migrated_db, ["a"])
    with Session(get_engine(migrated_db)) as session:
        entry_id = session.exec(select(SourceEntry.id)).one()
    won = _race(migrated_db, lambda s, name: store.claim_entry(s, entry_id, name, 600))
    assert won.count(True) == 1
    with Session(get_engine(migrated_db)) as session:
        entry = session.get(SourceEntry, entry_id)
        assert entry is not None and entry.attempts == 1
        assert entry.lease_owner == f"worker-{won.index(True)}"


def test_a_source_is_claimed_by_exactly_one_of_many_workers(migrated_db: str) -> None:
    source_id = _source_with_entries(migrated_db, [])
    won = _race(migrated_db, lambda s, name: store.claim_source(s, name, 600))
    assert won.count(source_id) == 1 and won.count(None) == WORKERS - 1
    # Released after its poll, it can be claimed again (when due).
    with session_scope(migrated_db) as session:
        source = session.get(Source, source_id)
        store.finish_poll(session, source, f"worker-{won.index(source_id)}", None)  # type: ignore[arg-type]
    with Session(get_engine(migrated_db)) as session:
        assert store.claim_source(session, "later", 600) is None  # not due for its interval
        assert store.claim_source(session, "later", 600, due_only=False) == source_id


def test_racing_listings_store_each_item_once(migrated_db: str) -> None:
    source_id = _source_with_entries(migrated_db, [])
    items = [Item(key=f"k{i}", url=f"https://presse.example/{i}") for i in range(20)]

    def record(session: Session, _name: str) -> int:
        return store.record_items(session, session.get(Source, source_id), items)  # type: ignore[arg-type]

    new = _race(migrated_db, record)
    assert sum(new) == 20
    with Session(get_engine(migrated_db)) as session:
        assert len(session.exec(select(SourceEntry)).all()) == 20


def test_a_finished_entry_is_not_claimed_again(migrated_db: str) -> None:
    _source_with_entries(migrated_db, ["a"])
    with Session(get_engine(migrated_db), expire_on_commit=False) as session:
        entry = session.exec(select(SourceEntry)).one()
        assert store.claim_entry(session, entry.id, "w1", 600)  # type: ignore[arg-type]
        session.refresh(entry)
        store.finish_entry(session, entry, "kept", "names Russia and Iran")
        assert not store.claim_entry(session, entry.id, "w2", 600)  # type: ignore[arg-type]


def test_back_off_grows_with_jitter_and_stays_capped() -> None:
    import random

    rng = random.Random(7)
    delays = [store.backoff_seconds(n, base=60, cap=3600, rng=rng) for n in range(1, 10)]
    for n, delay in enumerate(delays, start=1):
        ceiling = min(3600, 60 * 2 ** (n - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert len({round(store.backoff_seconds(3, rng=rng), 3) for _ in range(20)}) > 1  # jittered
