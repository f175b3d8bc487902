"""Helpers for extraction tests: the scorer, and the pipeline run once per text set (not a test)."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from app.extraction.output import build_output, merge_all
from app.extraction.pipeline import extract_documents

TESTS_DIR = Path(__file__).resolve().parent.parent
ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
ARTICLES_GOLD = Path(__file__).resolve().parent / "articles_gold.json"
SEEDS_GOLD = TESTS_DIR / "eval" / "seeds_gold.json"


def load_scorer():
    spec = importlib.util.spec_from_file_location("liaison_score", TESTS_DIR / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def read_folder(folder: Path) -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


@lru_cache(maxsize=4)
def extract_folder_output(folder: str) -> dict:
    """The SCHEMA.md output of the pipeline over every .txt of a folder (cached per session)."""
    items = [(k, t) for k, t in read_folder(Path(folder))]
    extractions = extract_documents(items)
    return build_output(extractions, merge_all(extractions))


def score_folder(folder: Path, gold_path: Path) -> tuple[dict, list[str]]:
    scorer = load_scorer()
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    texts = {a["file"]: (folder / a["file"]).read_text(encoding="utf-8") for a in gold["articles"]}
    return scorer.score(gold, texts, extract_folder_output(str(folder)))
