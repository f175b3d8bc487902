"""Near misses of the extraction: candidates a weak check dropped, offered to an analyst.

The extraction lists them under ``suggestions``, apart from ``contacts``: a contact record plus
the name of the check that dropped it and why (``records.Suggestion``). They are stored as
contacts whose review status is "suggested" (hidden from the timeline until an analyst accepts
one).
"""

from __future__ import annotations

from app.extraction import records


def suggestions_of(extraction: records.ArticleExtraction) -> list[tuple[records.Contact, str]]:
    """(contact record, "check: why") for every near miss of one article that has evidence of
    its own: one whose span already reports a contact of the article adds nothing to review."""
    reported = {(s.start, s.end) for c in extraction.contacts for s in c.sources}
    found = []
    for item in getattr(extraction, "suggestions", None) or []:
        check = f"{item.check}: {item.why}" if item.why else item.check
        spans = {(s.start, s.end) for s in item.contact.sources}
        if spans and not spans <= reported:
            found.append((item.contact, check))
    return found
