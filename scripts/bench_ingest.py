"""Bulk ingest against the bare spaCy pass, on a few hundred realistic French articles.

Usage: .venv/bin/python scripts/bench_ingest.py [--articles 300] [--workers 2] [--serial]

The texts are the seed articles and the extraction test articles, each copy made distinct by a
trailing line. Printed (figures only, nothing asserted):
- bare: ``nlp.pipe(texts, n_process=WORKERS)`` wall time (model loads in each process included),
- ingest: ``liaison ingest``'s path into a fresh SQLite file with WORKERS processes, its wall
  time, its ratio to the bare pass, and the peak memory of the whole process tree,
- with ``--serial``: the same ingest on one process, and whether both databases hold the same
  contacts, claims and participants.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sqlite3
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def texts(count: int) -> list[tuple[str, str]]:
    sources = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "tests" / "extraction" / "articles").glob("*.txt"))
    out = []
    for i in range(count):
        source = sources[i % len(sources)]
        # A distinct trailing line makes each copy a new article (different SHA-256).
        out.append((f"{i:05d}_{source.name}",
                    source.read_text(encoding="utf-8") + f"\nRéférence interne {i}.\n"))
    return out


class PeakMemory:
    """Peak resident memory of this process and all its descendants (sampled from /proc)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, tree_rss(os.getpid()))


def tree_rss(pid: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def bare_pass(items: list[tuple[str, str]], workers: int) -> float:
    import spacy

    from app.extraction.nlp import MODEL

    started = time.perf_counter()
    nlp = spacy.load(MODEL)
    for _doc in nlp.pipe((text for _name, text in items), n_process=workers, batch_size=8):
        pass
    return time.perf_counter() - started


def ingest(items: list[tuple[str, str]], workers: int, work: Path, name: str) -> tuple[float, int, Path]:
    corpus = work / "corpus"
    if not corpus.exists():
        corpus.mkdir()
        for file_name, text in items:
            (corpus / file_name).write_text(text, encoding="utf-8")
    db = work / f"{name}.db"
    url = f"sqlite:///{db}"
    os.environ["DATABASE_URL"] = url
    from app.ingestion.service import ingest_paths
    from app.settings import get_settings
    from app.storage.db import clear_engines
    from app.storage.migrate import upgrade

    get_settings.cache_clear()
    clear_engines()
    upgrade(url)
    with PeakMemory() as memory:
        started = time.perf_counter()
        report = ingest_paths([str(corpus)], workers=workers)
        elapsed = time.perf_counter() - started
    print(f"  {name}: {report.summary}", file=sys.stderr)
    return elapsed, memory.peak, db


def content(db: Path) -> list:
    """What a reader sees: contacts with their participants and sources, claims."""
    connection = sqlite3.connect(db)
    queries = [
        "SELECT id, kind, date, date_precision, location, source_count FROM contact ORDER BY id",
        "SELECT contact_id, actor.key, contactparticipant.country, role FROM contactparticipant "
        "JOIN actor ON actor.id = actor_id ORDER BY contact_id, actor.key",
        "SELECT contact_id, article_id, start, \"end\" FROM contactsource ORDER BY 1, 2, 3",
        "SELECT article_id, start, \"end\", kind, attributed_to, hedged FROM claim ORDER BY 1, 2, 3",
        "SELECT contact_id, facet, value FROM contactfacet ORDER BY 1, 2, 3",
    ]
    out = [connection.execute(q).fetchall() for q in queries]
    connection.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--serial", action="store_true", help="also ingest on one process")
    args = parser.parse_args()
    items = texts(args.articles)
    work = Path(tempfile.mkdtemp(prefix="liaison-bench-"))
    # In a child process: this one never loads the model, so the peak memory measured for the
    # ingest below is what ``liaison ingest`` itself holds.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
        bare = child.submit(bare_pass, items, args.workers).result()
    print(f"bare nlp.pipe(n_process={args.workers}):   {bare:7.1f} s  "
          f"({args.articles / bare:.1f} articles/s)")
    elapsed, peak, parallel_db = ingest(items, args.workers, work, "parallel")
    print(f"ingest, {args.workers} processes:        {elapsed:7.1f} s  "
          f"({args.articles / elapsed:.1f} articles/s)  {elapsed / bare:.2f}× the bare pass  "
          f"peak memory {peak / 2**30:.2f} GiB")
    if args.serial:
        serial_time, serial_peak, serial_db = ingest(items, 1, work, "serial")
        print(f"ingest, 1 process:            {serial_time:7.1f} s  "
              f"({args.articles / serial_time:.1f} articles/s)  peak memory "
              f"{serial_peak / 2**30:.2f} GiB")
        same = content(parallel_db) == content(serial_db)
        print(f"parallel and serial databases hold the same findings: {same}")


if __name__ == "__main__":
    main()
