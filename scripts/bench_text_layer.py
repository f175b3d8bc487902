"""Time the text layer of extraction (page noise, metadata, date anchor, date mentions) on the seeds.

Usage: .venv/bin/python scripts/bench_text_layer.py [--repeat N]
Prints milliseconds per article for each step and per sentence window for date mentions.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from app.extraction.dates import _body_mentions, build_anchor, find_date_mentions
from app.extraction.gazetteer import get_gazetteer
from app.extraction.metadata import read_metadata
from app.extraction.noise import find_noise
from app.extraction.textfold import fold
from app.extraction.years import _lower, _sentence_ends

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    get_gazetteer()  # loaded once per process; not part of the per-article figure
    totals = {"noise": 0.0, "metadata": 0.0, "anchor": 0.0, "mentions": 0.0}
    windows = 0
    for _ in range(args.repeat):
        for text in texts:
            # Empty the per-text caches, so no earlier round hides the real cost.
            fold.cache_clear()
            _lower.cache_clear()
            _body_mentions.cache_clear()
            _sentence_ends.cache_clear()
            t0 = time.perf_counter()
            noise = find_noise(text)
            t1 = time.perf_counter()
            meta = read_metadata(text, noise)
            t2 = time.perf_counter()
            build_anchor(text, noise, meta)
            t3 = time.perf_counter()
            for m in re.finditer(r"[^.!?\n]+[.!?]?", text):
                find_date_mentions(text, m.start(), m.end())
                windows += 1
            t4 = time.perf_counter()
            for key, dt in zip(totals, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                totals[key] += dt
    articles = args.repeat * len(texts)
    for key, total in totals.items():
        print(f"{key:<10} {1000 * total / articles:8.2f} ms/article")
    print(f"{'mentions':<10} {1000 * totals['mentions'] / windows:8.3f} ms/sentence window ({windows // args.repeat} windows)")


if __name__ == "__main__":
    main()
