#!/usr/bin/env python3
"""Benchmark the extraction pipeline: articles per second after the model is loaded.

Usage: python scripts/bench_extract.py [--copies N]

Reads the seed articles and the extraction test articles, runs the pipeline once on the seeds
(timed alone), then on a larger set made of every article repeated N times with a varying
first line (so no cache helps), and prints the figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction.merge import merge_all  # noqa: E402
from app.extraction.nlp import get_nlp  # noqa: E402
from app.extraction.pipeline import extract_documents  # noqa: E402


def read(folder: Path) -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20, help="times each article is repeated")
    args = ap.parse_args()

    t0 = time.perf_counter()
    get_nlp()
    load = time.perf_counter() - t0
    seeds = read(ROOT / "seeds")
    articles = read(ROOT / "tests" / "extraction" / "articles")
    extract_documents(seeds[:1])  # warm-up: data files and patterns load on first use

    t0 = time.perf_counter()
    extractions = extract_documents(seeds)
    merge_all(extractions)
    seeds_time = time.perf_counter() - t0

    corpus = [(f"{i}-{name}", f"{text}\n\nCopie {i}.")
              for i in range(args.copies) for name, text in seeds + articles]
    chars = sum(len(t) for _, t in corpus)
    t0, c0 = time.perf_counter(), time.process_time()
    extractions = extract_documents(corpus)
    contacts = merge_all(extractions)
    big_time, big_cpu = time.perf_counter() - t0, time.process_time() - c0

    print(f"model load            {load:.2f} s")
    print(f"seeds ({len(seeds)} articles)     {seeds_time:.2f} s  ({len(seeds) / seeds_time:.1f} articles/s)")
    print(f"corpus ({len(corpus)} articles, {chars / 1000:.0f} k chars)  {big_time:.2f} s  "
          f"({len(corpus) / big_time:.1f} articles/s, {chars / big_time / 1000:.0f} k chars/s)")
    print(f"corpus CPU time       {big_cpu:.2f} s  ({len(corpus) / big_cpu:.1f} articles per CPU-second; "
          "steadier than wall time on a busy machine)")
    print(f"contacts found        {sum(len(x.contacts) for x in extractions)} (merged: {len(contacts)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
