"""Tests generated from app/data/contact_examples.yaml: every contact cue of contact_cues.yaml
has example sentences; each positive one yields a kept candidate of that cue, each negative one
no contact from it."""

from __future__ import annotations

from functools import lru_cache

import pytest

from app.extraction.candidates import explain
from app.extraction.datamodels import ContactCues, ContactExamples, load_data
from app.extraction.pipeline import extract_documents
from app.extraction.records import ArticleExtraction

EXAMPLES = load_data("contact_examples.yaml", ContactExamples).root
CUES = load_data("contact_cues.yaml", ContactCues)
CASES = [(pattern, sign, text) for pattern, ex in EXAMPLES.items()
         for sign, texts in (("positive", ex.positive), ("negative", ex.negative)) for text in texts]


def test_every_cue_has_examples():
    patterns = {f"verb:{v}" for v in CUES.verbs} | {f"noun:{n}" for n in CUES.nouns}
    assert sorted(patterns - set(EXAMPLES)) == []
    assert sorted(set(EXAMPLES) - patterns) == []


@lru_cache(maxsize=1)
def _extractions() -> tuple[ArticleExtraction, ...]:
    return tuple(extract_documents([(f"example{i}.txt", text) for i, (_, _, text) in enumerate(CASES)]))


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{p}-{s}" for p, s, _ in CASES])
def test_example(index):
    pattern, sign, _ = CASES[index]
    x = _extractions()[index]
    trace = "\n".join(explain(x.article, x.candidates))
    kept = [c for c in x.candidates if c.kept and c.pattern == pattern]
    if sign == "positive":
        assert kept, trace
        assert x.contacts, trace
    else:
        assert not kept, trace
