"""Merging reports of the same real-world contact, within an article and across articles.

Pure functions over ``Contact`` records. Two reports are the same contact when they share a
person, do not name different persons for the same side, are of compatible kinds (a call is
not a meeting), have compatible dates (equal, or one within the other's period) and compatible
places (equal, or a city within the other's country). Details on which reports disagree are
kept in ``conflicts`` rather than silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.extraction.locations import get_places
from app.extraction.records import ArticleExtraction, Contact, DateValue, Participant, Source
from app.extraction.textfold import fold_key

SIDES = ("RU", "IR")
# When reports of one contact differ in kind, the most specific wins.
KIND_RANK = {"call": 0, "signing": 1, "meeting": 2, "visit": 3, "talks": 4, "other": 5}
GENERIC_KINDS = {"talks", "other"}
PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}


def _ident(p: Participant) -> str:
    return p.actor_key or fold_key(p.name)


def _persons(c: Contact, side: str | None = None) -> set[str]:
    return {_ident(p) for p in c.participants if p.kind == "person" and (side is None or p.country == side)}


def dates_compatible(a: DateValue, b: DateValue) -> bool:
    """Equal, or one inside the other's period ("2022-11" holds "2022-11-09")."""
    if not a.known or not b.known:
        return True
    x, y = a.value or "", b.value or ""
    return x.startswith(y) or y.startswith(x)


def locations_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    places = get_places()
    return places.within(a, b) or places.within(b, a)


def _kinds_compatible(a: Contact, b: Contact) -> bool:
    """A call is not a meeting; talks may be either."""
    if a.kind in GENERIC_KINDS or b.kind in GENERIC_KINDS:
        return True
    return (a.kind == "call") == (b.kind == "call")


def _sides_compatible(a: Contact, b: Contact) -> bool:
    """Different named persons for the same side mean different contacts
    (Putin–Raisi and Putin–Khamenei on the same day are two meetings)."""
    for side in SIDES:
        x, y = _persons(a, side), _persons(b, side)
        if x and y and not x & y:
            return False
    return True


def same_contact(a: Contact, b: Contact, same_article: bool = False) -> bool:
    """Whether two reports describe the same real-world contact.

    Across articles an undated report joins nothing; within one article, sentences about the
    same people and trip are the same contact even undated.
    """
    if not _persons(a) & _persons(b):
        return False
    if not _kinds_compatible(a, b) or not _sides_compatible(a, b):
        return False
    if not dates_compatible(a.date, b.date):
        return False
    same_day = a.date.known and a.date == b.date and a.date.precision == "day"
    if not locations_compatible(a.location, b.location) and not same_day:
        return False
    if (not a.date.known or not b.date.known) and not same_article:
        # Across articles an undated report joins nothing: the same people meet in the same
        # capitals year after year, and without a date nothing says it is the same meeting
        # (an analyst can still merge the two in review).
        return False
    return True


def _merge_participants(a: list[Participant], b: list[Participant]) -> list[Participant]:
    out: list[Participant] = []
    for p in [*a, *b]:
        same = next((q for q in out if _ident(q) == _ident(p)), None)
        if same is None:
            out.append(Participant(p.name, p.country, p.role, p.actor_key, p.kind))
        else:
            same.role = same.role or p.role
            same.country = same.country or p.country
    # A country stands for its side only until a person of that side is named.
    person_sides = {p.country for p in out if p.kind == "person"}
    return [p for p in out if not (p.kind == "country" and p.country in person_sides)]


def _finer_date(a: DateValue, b: DateValue) -> DateValue:
    return a if PRECISION_RANK[a.precision] >= PRECISION_RANK[b.precision] else b


def _finer_location(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    places = get_places()
    return a if places.within(a, b) else b if places.within(b, a) else a


def _add_conflict(conflicts: dict[str, list[str]], name: str, *values: str | None) -> None:
    bucket = conflicts.setdefault(name, [])
    for v in values:
        if v and v not in bucket:
            bucket.append(v)


def merge_contacts(a: Contact, b: Contact) -> Contact:
    """One contact from two reports of it: union of participants and sources, the finest
    compatible date and place, and disagreements kept in ``conflicts``."""
    conflicts = {k: list(v) for k, v in a.conflicts.items()}
    for k, v in b.conflicts.items():
        _add_conflict(conflicts, k, *v)
    if not locations_compatible(a.location, b.location):
        _add_conflict(conflicts, "location", a.location, b.location)
        location = a.location
    else:
        location = _finer_location(a.location, b.location)
    if not dates_compatible(a.date, b.date):
        _add_conflict(conflicts, "date", a.date.value, b.date.value)
    kind = min(a.kind, b.kind, key=lambda k: KIND_RANK.get(k, 9))
    sources: list[Source] = list(a.sources)
    for s in b.sources:
        if not any((s.article, s.start, s.end) == (t.article, t.start, t.end) for t in sources):
            sources.append(s)
    topics = list(dict.fromkeys([*a.topics, *b.topics]))
    return Contact(
        kind=kind, date=_finer_date(a.date, b.date),
        participants=_merge_participants(a.participants, b.participants),
        sources=sources, location=location, topics=topics, conflicts=conflicts,
    )


def merge_article_contacts(contacts: list[Contact]) -> list[tuple[Contact, list[int]]]:
    """Contacts of one article merged when they are the same one; with member indices."""
    groups: list[tuple[Contact, list[int]]] = []
    for i, c in enumerate(contacts):
        candidates = [g for g, (merged, _) in enumerate(groups) if same_contact(merged, c, same_article=True)]
        if not candidates:
            groups.append((c, [i]))
            continue
        # The report that shares the most persons (then the nearest) is the one it repeats.
        best = max(candidates, key=lambda g: (len(_persons(groups[g][0]) & _persons(c)), g))
        merged, members = groups[best]
        groups[best] = (merge_contacts(merged, c), members + [i])
    return groups


def merge_all(extractions: Iterable[ArticleExtraction]) -> list[Contact]:
    """Every contact of several articles, one per real-world contact, in first-seen order."""
    merged: list[Contact] = []
    for extraction in extractions:
        for c in extraction.contacts:
            candidates = [i for i, m in enumerate(merged) if same_contact(m, c)]
            if not candidates:
                merged.append(c)
                continue
            best = max(candidates, key=lambda i: (len(_persons(merged[i]) & _persons(c)), -i))
            merged[best] = merge_contacts(merged[best], c)
    return merged
