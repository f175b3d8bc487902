"""Atom 1.0 documents (RFC 4287) of contacts, built with an XML library so they are always
well-formed whatever the names hold."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from app.queries.filters import Filter
from app.queries.timeline import ContactRow
from app.storage.models import utcnow

ATOM = "http://www.w3.org/2005/Atom"
_PRECISION = {"day": "", "month": " (month only)", "year": " (year only)", "unknown": ""}


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _describe(f: Filter) -> str:
    if f.is_empty:
        return "All contacts"
    parts = [f"{name}: {', '.join(getattr(f, name))}" for name in ("actor", "country", "topic", "kind", "outlet")
             if getattr(f, name)]
    if f.has_date_range:
        parts.append(f"dates: {f.date_from or '…'} – {f.date_to or '…'}")
    if f.corroborated:
        parts.append("corroborated")
    if f.q:
        parts.append(f"text: {f.q}")
    return "Contacts · " + "; ".join(parts)


def entry_title(row: ContactRow) -> str:
    when = f"{row.date}{_PRECISION.get(row.date_precision, '')}" if row.date else "undated"
    return f"{row.kind} · {when} · {row.pair_label}"


def entry_summary(row: ContactRow) -> str:
    people = "; ".join(f"{p.name}{f' ({p.role})' if p.role else ''}" for p in row.participants)
    parts = [f"{row.kind.capitalize()} between {people}." if people else f"{row.kind.capitalize()}."]
    if row.location:
        parts.append(f"Place: {row.location}.")
    parts.append("Date: " + (f"{row.date}{_PRECISION.get(row.date_precision, '')}." if row.date else "undated."))
    if row.topics:
        parts.append("Topics: " + ", ".join(label for _, label in row.topics) + ".")
    parts.append(f"{row.source_count} source{'' if row.source_count == 1 else 's'}.")
    return " ".join(parts)


def contacts_feed(base: str, f: Filter, rows: list[tuple[ContactRow, datetime]]) -> bytes:
    """The feed of ``rows`` (newest first) for the view ``f`` of the site at ``base``."""
    query = f.to_query(page=False)
    view = f"{base}/" + (f"?{query}" if query else "")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", f"{base}/feed.atom" + (f"?{query}" if query else ""))
    _add(feed, "title", f"Liaison · {_describe(f)}")
    _add(feed, "updated", _stamp(max((when for _, when in rows), default=utcnow())))
    author = _add(feed, "author")
    _add(author, "name", "Liaison")
    _add(feed, "link", rel="self", type="application/atom+xml",
         href=f"{base}/feed.atom" + (f"?{query}" if query else ""))
    _add(feed, "link", rel="alternate", type="text/html", href=view)
    _add(feed, "generator", "Liaison")
    for row, when in rows:
        entry = _add(feed, "entry")
        # The contact's page: stable, so a reader shows each contact once however often it polls.
        _add(entry, "id", f"{base}/contacts/{row.id}")
        _add(entry, "title", entry_title(row))
        _add(entry, "updated", _stamp(when))
        _add(entry, "published", _stamp(when))
        _add(entry, "link", rel="alternate", type="text/html", href=f"{base}/contacts/{row.id}")
        _add(entry, "summary", entry_summary(row))
        for _, label in row.topics:
            _add(entry, "category", term=label)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
