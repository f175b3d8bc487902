"""Ingestion throughput: N articles (seed texts made distinct) into a fresh SQLite file.

Usage: .venv/bin/python scripts/bench_ingest.py [N]   (prints figures; asserts nothing)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(count: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="liaison-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.db'}"
    from app.ingestion.service import ingest_paths
    from app.storage.migrate import upgrade

    upgrade(os.environ["DATABASE_URL"])
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    corpus = work / "corpus"
    corpus.mkdir()
    for i in range(count):
        seed = seeds[i % len(seeds)]
        # A distinct trailing line makes each copy a new article (different SHA-256).
        text = seed.read_text(encoding="utf-8") + f"\nRéférence interne {i}.\n"
        (corpus / f"{i:05d}_{seed.name}").write_text(text, encoding="utf-8")

    started = time.perf_counter()
    from app.extraction.nlp import get_nlp

    get_nlp()
    loaded = time.perf_counter()
    report = ingest_paths([str(corpus)])
    done = time.perf_counter()
    again = ingest_paths([str(corpus)])
    unchanged = time.perf_counter()

    print(f"model load:           {loaded - started:6.1f} s")
    print(f"ingest {count} articles: {done - loaded:6.1f} s  ({count / (done - loaded):.1f} articles/s)  {report.summary}")
    print(f"re-ingest (no-op):    {unchanged - done:6.1f} s  ({count / (unchanged - done):.0f} articles/s)  {again.summary}")
    print(f"database size:        {(work / 'bench.db').stat().st_size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
