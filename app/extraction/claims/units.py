"""Units: the sentences (and clauses) of an article that may each state one claim."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.extraction.claims.cues import Cues
from app.extraction.claims.patterns import CLOSE_QUOTES, OPEN_QUOTES
from app.extraction.metadata import dateline_end
from app.extraction.textfold import fold


@dataclass
class Unit:
    """A stretch of body text judged as one claim candidate."""

    start: int
    end: int
    relative: bool = False  # a "…, ce que X dément" clause
    antecedent: tuple[int, int] | None = None  # "Téhéran" in "…, Téhéran, qui dément …"
    inherit: bool = False  # "…, mais a démenti …": the subject is the previous unit's speaker
    source: tuple[int, int] | None = None  # "informations" in "les informations selon lesquelles …"


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of direct quotations, quote marks included (« », “ ”, and paired straight quotes)."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in re.finditer(r"[«“„»”]|\n\n", text):
        ch = m.group(0)
        if ch in OPEN_QUOTES:
            open_at = m.start()
        elif ch in CLOSE_QUOTES and open_at is not None:
            spans.append((open_at, m.end()))
            open_at = None
        elif ch == "\n\n":
            open_at = None  # a quote does not run over a paragraph break
    for para in re.finditer(r"[^\n]+", text):
        marks = [m.start() for m in re.finditer('"', para.group(0))]
        for a, b in zip(marks[0::2], marks[1::2]):
            spans.append((para.start() + a, para.start() + b + 1))
    return sorted(spans)


def _sentence_spans(ctx, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Body sentences, with spaCy's stray breaks (no final punctuation, open quotes) mended."""
    spans = []
    for sent in ctx.sentences:
        # A line break ends a sentence whatever the parser says (titles, captions, paragraphs).
        for line in re.finditer(r"[^\n]+", ctx.text[sent.start_char:sent.end_char]):
            start, end = sent.start_char + line.start(), sent.start_char + line.end()
            while end > start and ctx.text[end - 1].isspace():
                end -= 1
            while start < end and ctx.text[start].isspace():
                start += 1
            for lo, hi in _outside_noise(ctx, start, end):
                lead = re.match(r"[»”\"]\s+(?=\S)", ctx.text[lo:hi])
                if lead:
                    spans.append((lo, lo + 1))  # a closing quote the parser put at the next sentence's start
                    lo += lead.end()
                spans.extend(_split_missed_boundaries(ctx.text, lo, hi, quotes))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _should_join(ctx.text, merged[-1], (start, end)):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _outside_noise(ctx, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of ``text[start:end]`` outside page noise, trimmed of spaces."""
    pieces, pos = [], start
    for n in sorted(ctx.noise, key=lambda n: n.start):
        if n.end <= pos or n.start >= end:
            continue
        pieces.append((pos, n.start))
        pos = max(pos, n.end)
    pieces.append((pos, end))
    out = []
    for lo, hi in pieces:
        while lo < hi and ctx.text[lo].isspace():
            lo += 1
        while hi > lo and ctx.text[hi - 1].isspace():
            hi -= 1
        if hi > lo:
            out.append((lo, hi))
    return out


_MISSED_BOUNDARY = re.compile(r"(?<=[a-zà-ÿ0-9)\]][.!?])\s+(?=[«\"“A-ZÀ-Ý])")


def _split_missed_boundaries(text: str, start: int, end: int,
                             quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split where a sentence plainly ends inside a parser sentence ("… 15 juillet. "Nous…")."""
    cuts = [m for m in _MISSED_BOUNDARY.finditer(text, start, end)
            if not any(a < m.start() < b for a, b in quotes)
            and not re.search(r"(?<![\w])(?:M|Mme|Dr|St|[A-Z])\.$", text[max(start, m.start() - 4):m.start()])]
    spans, pos = [], start
    for m in cuts:
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return spans


_CREDIT = re.compile(r"\s*\((?:reportage|avec|edite|redige|version francaise|par |texte|photo)[^()]*\)\s*$")


def _trim_credit(text: str, start: int, end: int) -> int:
    """End of a unit without a trailing byline in brackets ("(Reportage Reuters, édité par …)")."""
    m = _CREDIT.search(fold(text[start:end]))
    return start + m.start() if m and m.start() > 0 else end


def _should_join(text: str, prev: tuple[int, int], nxt: tuple[int, int]) -> bool:
    between = text[prev[1]:nxt[0]]
    if "\n" in between:
        return False
    head = text[prev[0]:prev[1]]
    if not re.search(r"[.!?…»\"”)]\s*$", head):
        return True  # "Samedi dernier" split off from its clause
    if _open_quote(head):
        return True
    return bool(re.match(r"\s*[,;:»”]|\s*[a-zà-ÿ]", text[nxt[0]:nxt[1]]))


def _open_quote(segment: str) -> bool:
    depth = 0
    for ch in segment:
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
    return depth > 0 or segment.count('"') % 2 == 1


_RELATIVE = re.compile(r",\s*(ce qu(?:e\s|')|qui\s)")


def build_units(ctx, cues: Cues) -> list[Unit]:
    """Claim candidates: sentences, with "…, ce que X dément" clauses split off."""
    folded = fold(ctx.text)
    units = []
    for start, end in _sentence_spans(ctx, find_quotes(ctx.text)):
        end = _trim_credit(ctx.text, start, end)
        start = _after_dateline(ctx.text, start, end)
        if ctx.in_noise(start, end):
            continue
        reported = _source_relative(ctx, folded, start, end)
        if reported is not None:
            head_end, tail_start, source = reported
            units.append(Unit(start, head_end))
            units.append(Unit(tail_start, end - 1 if ctx.text[end - 1] in ".!?" else end, source=source))
            continue
        contrast = _contrast(ctx, cues, folded, start, end)
        if contrast is not None:
            units.append(Unit(start, contrast[0]))
            units.append(Unit(contrast[1], end, inherit=True))
            continue
        cut = None
        for m in _RELATIVE.finditer(folded, start, end):
            if folded.find(",", m.end(), end) >= 0:
                continue  # a relative clause inside the sentence stays part of it
            if any(p.search(folded, m.start(1), end) for k, p in cues.kinds.items()
                   if k in ("denial", "admission", "allegation")):
                cut = m
                break
        if cut is None:
            units.append(Unit(start, end))
            continue
        units.append(Unit(start, cut.start()))
        rel_end = end - 1 if ctx.text[end - 1] in ".!?" else end
        is_ce_que = folded.startswith("ce qu", cut.start(1))
        units.append(Unit(cut.start(1), rel_end, relative=is_ce_que,
                          antecedent=None if is_ce_que else _antecedent(ctx, cut.start())))
    return units


def _after_dateline(text: str, start: int, end: int) -> int:
    """A paragraph's first sentence starts after its dateline: "Moscou, 5 mars (AFP) - Kiev
    accuse ..." is Kiev's claim, and the agency is no speaker of it."""
    if start > 0 and text[start - 1] != "\n":
        return start
    cut = dateline_end(text, start, end)
    if cut is None or cut >= end:
        return start
    while cut < end and text[cut].isspace():
        cut += 1
    return cut


# "selon lesquelles", "d'après lesquels", "selon qui": a relative pronoun, never a speaker.
_SOURCE_RELATIVE = re.compile(r"\s+(?:selon|d'apres)\s+(?:lequel|laquelle|lesquels|lesquelles|qui)\s+")


def _source_relative(ctx, folded: str, start: int, end: int) -> tuple[int, int, tuple[int, int]] | None:
    """Where "X n'a pas commenté les informations selon lesquelles Y aurait…" splits: the end
    of X's own clause, the start of the reported claim, and the span of the noun that reports it
    ("informations", "rapports", "un analyste")."""
    m = _SOURCE_RELATIVE.search(folded, start, end)
    if m is None or not folded[m.end():end].strip() or re.search(r"[,;:«»\"]", folded[m.end():end]):
        return None  # "Les informations selon lesquelles …, sont fausses, a dit X": one claim
    source_end = m.start()
    while source_end > start and folded[source_end - 1] in " ,":
        source_end -= 1
    span = ctx.doc.char_span(start, source_end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    noun = next((t for t in reversed(span) if t.pos_ in ("NOUN", "PROPN")), None)
    if noun is None or not any(t.pos_ in ("VERB", "AUX") for t in span):
        return None  # the relative sits in a subject with no clause of its own before it
    return source_end, m.end(), (noun.idx, source_end)


_HEARSAY = re.compile(r"(?<![\w])(?:faisant|fait|font|faisait|faisaient)\s+etat\s+(?:de|d'|du|des)(?![\w])")

_CONTRAST = re.compile(r",?\s+(mais)\s+")
_STANCES = ("denial", "admission", "allegation")


def _contrast(ctx, cues: Cues, folded: str, start: int, end: int) -> tuple[int, int] | None:
    """Where "X a admis …, mais a démenti …" turns from one stance to another: two claims."""
    quotes = find_quotes(ctx.text[start:end])
    for m in _CONTRAST.finditer(folded, start, end):
        if any(a <= m.start() - start < b for a, b in quotes):
            continue
        before = {k for k in _STANCES if cues.kinds[k].search(folded, start, m.start())}
        after = {k for k in _STANCES if cues.kinds[k].search(folded, m.end(), end)}
        if before and after and before != after:
            return m.start(), m.start(1)
    return None


def _antecedent(ctx, comma: int) -> tuple[int, int] | None:
    """The actor named right before ", qui …" ("Téhéran, qui dément…"), if any."""
    before = [m for m in ctx.mentions if m.end <= comma and not ctx.text[m.end:comma].strip()]
    return (before[-1].start, before[-1].end) if before else None
