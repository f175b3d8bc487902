"""Several workers on one PostgreSQL database: each entry ingested once, never twice.

Two real ``liaison worker`` processes race over one feed whose pages answer slowly, so both are
busy at once: one polls the source, the other finds it busy and takes the entries waiting.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from app.settings import PROJECT_ROOT
from app.sources import store
from app.storage.db import get_engine
from app.storage.models import Article, SourceEntry

from .conftest import Route, Site, page, rss
from .test_claims import _source_with_entries

PEOPLE = [("Sergueï Lavrov", "Abbas Araghchi"), ("Sergueï Choïgou", "Ali Akbar Ahmadian"),
          ("Alexandre Novak", "Mohsen Paknejad"), ("Mikhaïl Michoustine", "Mohammad Reza Aref"),
          ("Vladimir Poutine", "Massoud Pezeshkian"), ("Viatcheslav Volodine", "Mohammad Bagher Ghalibaf")]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]


@pytest.mark.parametrize("db_backend", ["postgresql"])
def test_two_worker_processes_never_ingest_an_entry_twice(migrated_db: str, site: Site) -> None:
    items = []
    for index, ((russian, iranian), day) in enumerate(zip(PEOPLE, DAYS)):
        path = f"/depeche/{index}"
        site.routes[path] = Route(page(f"{russian} a rencontré {day} à Téhéran {iranian} pour une séance de "
                                       f"travail consacrée aux échanges commerciaux, a annoncé la partie iranienne."),
                                  delay=0.5)
        items.append({"guid": f"d{index}", "title": f"Rencontre {index}", "path": path})
    site.routes["/rss"] = Route(rss(site, "Le Fil", items), "application/rss+xml")
    with Session(get_engine(migrated_db)) as session:
        store.add_source(session, "feed", site.url("/rss"))
        session.commit()
    env = {**os.environ, "DATABASE_URL": migrated_db, "LIAISON_SEED_ON_START": "false",
           "LIAISON_FETCH_ALLOW_PRIVATE": "1", "LIAISON_FETCH_HOST_DELAY": "0", "LIAISON_WORKER_TICK": "0.2"}
    workers = [subprocess.Popen([sys.executable, "-m", "app.cli", "worker"], cwd=PROJECT_ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        _wait_until_all_kept(migrated_db, len(items), workers)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        outputs = [worker.communicate(timeout=60) for worker in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs

    per_worker = [[line.split()[1] for line in out.splitlines() if line.startswith("ingested:")]
                  for out, _ in outputs]
    assert sorted(per_worker[0] + per_worker[1]) == sorted(site.url(item["path"]) for item in items)
    assert all(per_worker), f"one worker did all the work, so nothing raced: {per_worker}"
    assert all(site.hits(item["path"]) == 1 for item in items)  # no page even fetched twice
    with Session(get_engine(migrated_db)) as session:
        assert len(session.exec(select(Article)).all()) == len(items)
        entries = session.exec(select(SourceEntry)).all()
        assert {e.status for e in entries} == {"kept"} and len({e.article_id for e in entries}) == len(items)
        assert {e.attempts for e in entries} == {1}


def _wait_until_all_kept(url: str, count: int, workers: list[subprocess.Popen], limit: float = 240) -> None:
    """Until every entry is worked (a guard against a hang, not a speed check)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert all(w.poll() is None for w in workers), "a worker exited early"
        with Session(get_engine(url)) as session:
            done = session.exec(select(SourceEntry).where(SourceEntry.status != "new")).all()
        if len(done) == count:
            return
        time.sleep(0.3)
    raise AssertionError("the workers did not finish")


@pytest.mark.parametrize("db_backend", ["postgresql"])
def test_workers_skip_a_source_locked_by_another_instead_of_waiting(migrated_db: str) -> None:
    source_id = _source_with_entries(migrated_db, [])
    holder = get_engine(migrated_db).connect()
    transaction = holder.begin()
    holder.execute(text("SELECT id FROM source WHERE id = :id FOR UPDATE"), {"id": source_id})
    result: list = []

    def claim() -> None:
        with Session(get_engine(migrated_db)) as session:
            result.append(store.claim_source(session, "other", 600))

    thread = threading.Thread(target=claim)
    thread.start()
    thread.join(timeout=20)
    try:
        assert not thread.is_alive(), "the claim waited on the locked row"
        assert result == [None]
    finally:
        transaction.rollback()
        holder.close()
