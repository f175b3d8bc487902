"""Time the claim step alone on the seed articles (parsing excluded) and print the figures.

Usage: .venv/bin/python scripts/bench_claims.py [ROUNDS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from app.extraction.claims import extract_claims
from app.extraction.nlp import get_nlp
from app.extraction.pipeline import build_context

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main(rounds: int = 20) -> None:
    nlp = get_nlp()
    contexts = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        contexts.append(build_context(path.name, text, nlp(text)))
    chars = sum(len(c.text) for c in contexts)
    started = time.perf_counter()
    found = 0
    for _ in range(rounds):
        for ctx in contexts:
            found += len(extract_claims(ctx))
    elapsed = time.perf_counter() - started
    per_article = elapsed / (rounds * len(contexts)) * 1000
    print(f"articles={len(contexts)} chars={chars} rounds={rounds}")
    print(f"claims per round={found // rounds}")
    print(f"ms per article={per_article:.1f}  chars per second={chars * rounds / elapsed:,.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
