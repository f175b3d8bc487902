"""A claim's date and topics, read off the article around its span."""

from __future__ import annotations

from collections.abc import Iterable

from app.extraction import dates
from app.extraction.records import DateValue
from app.extraction.topics import get_taxonomy


def claim_date(ctx, start: int, end: int, content: Iterable[tuple[int, int]] = ()) -> DateValue:
    """The claim's own date: the first resolvable date expression in its clause, outside the
    ``content`` spans (quotes, the "que" clause: their dates are what is said, not when)."""
    skip = list(content)
    for mention in dates.find_date_mentions(ctx.text, start, end):
        if ctx.in_noise(mention.start, mention.end):
            continue
        if any(a <= mention.start < b for a, b in skip):
            continue
        value = dates.resolve(mention, ctx.anchor)
        if value.known:
            return value
    return DateValue.unknown("no date in the claim's sentence")


def claim_topics(ctx, start: int, end: int) -> list[str]:
    """Topic slugs whose cues occur in the claim, actor names masked."""
    masks = [(m.start, m.end) for m in ctx.mentions_in(start, end)]
    return get_taxonomy().topics_in(ctx.text, start, end, masked=masks)
