#!/usr/bin/env python3
"""Score the extraction on the seeds and on a hand-annotated development set.

Usage: python scripts/eval.py [--dev DIR] [--only seeds|dev|dev+seeds] [--verbose]

Runs the same pipeline as ``liaison extract --json`` (nothing is stored) and the scorer in
``tests/eval/score.py`` on:

- ``seeds``: the seed articles against ``tests/eval/seeds_gold.json``;
- ``dev``: a development set (a folder with ``articles/`` and ``gold.json``; by default
  ``../shared/eval/dev`` beside the repository, or ``$LIAISON_EVAL_DEV``), skipped with a message
  when absent;
- ``dev+seeds``: the development articles extracted together with the seeds, as one store holding
  both would merge them, scored against the development gold on what the store shows of the
  development articles (a seed report wrongly merged into a development contact shows there).

Prints the headline figures per set, and with ``--verbose`` every miss the scorer lists.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction.output import build_output, merge_all  # noqa: E402
from app.ingestion.readers import expand_inputs, read_input  # noqa: E402
from app.ingestion.service import extract as run_extraction  # noqa: E402

SCORER = ROOT / "tests" / "eval" / "score.py"
SEEDS_GOLD = ROOT / "tests" / "eval" / "seeds_gold.json"


def default_dev_dir() -> Path:
    return Path(os.environ.get("LIAISON_EVAL_DEV") or ROOT.parent / "shared" / "eval" / "dev")


def extract_folders(folders: list[Path]) -> dict:
    """The extraction JSON (SCHEMA.md) of every article in ``folders``, merged as one store."""
    raws = [read_input(item) for folder in folders for item in expand_inputs([str(folder)])]
    extractions = run_extraction(raws)
    return build_output(extractions, merge_all(extractions))


HEADLINE = [
    ("contact_precision", "contact P"), ("contact_recall", "R"), ("contact_f1", "F1"),
    ("date_accuracy", "date"), ("location_accuracy", "location"),
    ("participant_f1", "participants"), ("topic_f1", "topics"), ("claim_recall", "claims"),
    ("claim_attribution_accuracy", "attribution"), ("claim_hedging_accuracy", "hedging"),
    ("claim_kind_accuracy", "kind"),
]


def only_files(output: dict, files: set[str]) -> dict:
    """What a store holding more articles shows of ``files``: their articles, claims, and every
    contact one of them reports (with all its sources, merged from any article)."""
    return {
        "articles": [a for a in output["articles"] if a["file"] in files],
        "contacts": [c for c in output["contacts"] if any(s["file"] in files for s in c["sources"])],
        "claims": [k for k in output["claims"] if k["file"] in files],
    }


def score(gold: Path, articles: Path, output: dict, verbose: bool) -> str:
    """Run the scorer; returns the headline figures (and prints its misses when ``verbose``)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(output, fh, ensure_ascii=False)
        pred = fh.name
    try:
        result = subprocess.run(
            [sys.executable, str(SCORER), "--gold", str(gold), "--articles", str(articles),
             "--pred", pred, "--json"],
            check=True, capture_output=True, text=True,
        )
    finally:
        os.unlink(pred)
    report = json.loads(result.stdout)
    if verbose:
        for miss in report["misses"]:
            print(f"  - {miss}")
    figures = report["figures"]
    return " ".join(f"{label} {figures[key]:.2f}" for key, label in HEADLINE if key in figures)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=default_dev_dir(), help="development set folder")
    ap.add_argument("--only", choices=["seeds", "dev", "dev+seeds"], action="append",
                    help="score only these sets (repeatable)")
    ap.add_argument("--verbose", action="store_true", help="print the scorer's whole report")
    args = ap.parse_args()
    wanted = args.only or ["seeds", "dev", "dev+seeds"]
    seeds = ROOT / "seeds"

    if "seeds" in wanted:
        print("seeds:     " + score(SEEDS_GOLD, seeds, extract_folders([seeds]), args.verbose))
    dev_articles, dev_gold = args.dev / "articles", args.dev / "gold.json"
    if not (dev_articles.is_dir() and dev_gold.is_file()):
        if {"dev", "dev+seeds"} & set(wanted):
            print(f"dev:       skipped, no development set at {args.dev} (set LIAISON_EVAL_DEV)")
        return 0
    if "dev" in wanted:
        output = extract_folders([dev_articles])
        print("dev:       " + score(dev_gold, dev_articles, output, args.verbose))
    if "dev+seeds" in wanted:
        output = only_files(extract_folders([dev_articles, seeds]), {p.name for p in dev_articles.iterdir()})
        print("dev+seeds: " + score(dev_gold, dev_articles, output, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
