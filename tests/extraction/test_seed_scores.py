"""The pipeline on the five seed articles, scored against the hand annotations (quality gates)."""

from __future__ import annotations

import pytest
from extraction_helpers import SEEDS_GOLD, score_folder

from app.settings import PROJECT_ROOT

GATES = {
    "contact_f1": 1.0,
    "date_accuracy": 1.0,
    "participant_f1": 0.90,
    "topic_f1": 0.75,
    "evidence_recall": 1.0,
    "claim_recall": 0.85,
    "claim_attribution_accuracy": 0.80,
    "published_accuracy": 1.0,
}


@pytest.fixture(scope="module")
def seed_scores() -> tuple[dict, list[str]]:
    return score_folder(PROJECT_ROOT / "seeds", SEEDS_GOLD)


@pytest.mark.parametrize("figure,minimum", GATES.items())
def test_seed_gate(seed_scores, figure, minimum):
    figures, misses = seed_scores
    assert figures[figure] >= minimum - 1e-9, f"{figure}={figures[figure]:.2f}; misses: {misses}"


def test_no_duplicate_contacts(seed_scores):
    figures, misses = seed_scores
    assert figures["contacts_duplicates"] == 0, misses
