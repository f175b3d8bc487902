"""Evidence anchors: an article, character offsets, the quote and a little context around it.

Like annotation anchors (quote, prefix, suffix, position), an anchor is found again in its
article by position first, then by quote and context; two anchors are compared by how much
of their spans overlap, so evidence re-cut by new rules ("the clause" vs "the sentence")
still points at the same finding.
"""

from __future__ import annotations

from dataclasses import dataclass

# A new span counts as the same evidence as an old one from this overlap score up.
MATCH_THRESHOLD = 0.3


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


def _shared_tail(a: str, b: str) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        count += 1
    return count


def _shared_head(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b):
        if x != y:
            break
        count += 1
    return count


def locate(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Where the anchor's quote is in ``text``: at its offsets if it still is, else the
    occurrence whose surrounding text best matches the stored prefix and suffix."""
    if anchor.quote and text[anchor.start:anchor.end] == anchor.quote:
        return anchor.start, anchor.end
    if not anchor.quote:
        return None
    best: tuple[int, int, int] | None = None  # (context score, -distance, start)
    position = text.find(anchor.quote)
    while position != -1:
        end = position + len(anchor.quote)
        score = (_shared_tail(text[:position], anchor.prefix)
                 + _shared_head(text[end:], anchor.suffix))
        candidate = (score, -abs(position - anchor.start), position)
        if best is None or candidate > best:
            best = candidate
        position = text.find(anchor.quote, position + 1)
    return (best[2], best[2] + len(anchor.quote)) if best else None


def overlap_score(a: tuple[int, int], b: tuple[int, int]) -> float:
    """1.0 for the same span; otherwise the mean of overlap-over-union and
    overlap-over-the-shorter-span (a clause inside its sentence scores well), 0 when apart."""
    if a == b:
        return 1.0
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    union = max(a[1], b[1]) - min(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0]) or 1
    return 0.5 * inter / union + 0.5 * inter / shorter
