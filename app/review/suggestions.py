"""Near misses of the extraction: candidates a weak check dropped, offered to an analyst.

The extraction output lists them under ``suggestions``, apart from ``contacts``: records shaped
like a contact plus the name of the check that dropped them. They are stored as contacts whose
review status is "suggested" (hidden from the timeline until an analyst accepts one).
"""

from __future__ import annotations

from dataclasses import fields

from app.extraction import records

# Attribute names a suggestion may carry the dropping check under.
CHECK_NAMES = ("check", "dropped_by", "failed_check", "reason")
_CONTACT_FIELDS = {f.name for f in fields(records.Contact)}


def _check_of(item: object) -> str:
    for name in CHECK_NAMES:
        value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        if value:
            return value if isinstance(value, str) else str(getattr(value, "name", value))
    return "unknown check"


def _as_contact(item: object) -> records.Contact:
    if isinstance(item, records.Contact):
        return item
    values = item if isinstance(item, dict) else {f: getattr(item, f) for f in _CONTACT_FIELDS
                                                  if hasattr(item, f)}
    date = values.get("date") or records.DateValue.unknown()
    if isinstance(date, dict):
        date = records.DateValue(date.get("value"), date.get("precision") or "unknown",
                                 date.get("reason") or "")
    participants = [p if isinstance(p, records.Participant) else records.Participant(**p)
                    for p in values.get("participants", [])]
    sources = [s if isinstance(s, records.Source) else records.Source(**s)
               for s in values.get("sources", [])]
    return records.Contact(kind=values.get("kind") or "other", date=date,
                           participants=participants, sources=sources,
                           location=values.get("location"), topics=list(values.get("topics", [])))


def suggestions_of(extraction: records.ArticleExtraction) -> list[tuple[records.Contact, str]]:
    """(contact record, check that dropped it) for every near miss of one article."""
    items = getattr(extraction, "suggestions", None) or []
    found = []
    for item in items:
        contact = _as_contact(item)
        if contact.sources:
            found.append((contact, _check_of(item)))
    return found
