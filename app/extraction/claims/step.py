"""The claim step: every unit of an article analysed, dated and given its topics."""

from __future__ import annotations

from app.extraction.claims.extractor import ClaimExtractor, ClaimVerdict
from app.extraction.records import Claim


def extract_claims(ctx) -> list[Claim]:
    """Every attributed statement of the article's body, each tied to its clause."""
    return ClaimExtractor(ctx).run()


def trace_claims(ctx) -> tuple[list[Claim], list[ClaimVerdict]]:
    """The claims, and for every unit of the text whether it became one and why."""
    extractor = ClaimExtractor(ctx)
    return extractor.run(), extractor.trace


def explain_claims(ctx) -> list[str]:
    """The claim step's trace as lines: ``kept``/``dropped``, the unit's start, why, its text."""
    _, trace = trace_claims(ctx)
    return explain_claim_trace(ctx.text, trace)


def explain_claim_trace(text: str, trace: list[ClaimVerdict]) -> list[str]:
    """One line per unit of text: whether it became a claim, why, and how it begins."""
    return [f"{'kept   ' if v.kept else 'dropped'} @{v.start}: {v.why} | {text[v.start:v.end][:100]!r}"
            for v in trace]
