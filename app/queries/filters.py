"""The one Filter over contacts: parsed from a query string, rendered back to it.

The same object drives the timeline chart, the paged list, the facet counts, the JSON API and
the CSV export, so a pasted URL always shows the same contacts everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

LANES = ("kind", "pair")
PAGE_SIZE = 50
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MULTI = ("actor", "topic", "kind", "country", "outlet")


def _clean_date(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if _DATE.match(value) else None


def _positive_int(value: str | None, default: int = 1) -> int:
    try:
        return max(1, int(value or default))
    except ValueError:
        return default


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "on", "yes"}


def _unique(values: list[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in seen:
            seen.append(value)
    return seen


@dataclass(frozen=True)
class Filter:
    """What the analyst asked to see. Empty lists and None mean "no restriction".

    ``actor`` holds actor keys and requires every listed actor to take part (who met whom);
    ``topic``, ``kind``, ``country`` and ``outlet`` match any of their values.
    ``who`` is free text typed in the actor box, resolved to keys by the web layer.
    """

    actor: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    outlet: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    corroborated: bool = False
    q: str = ""
    who: str = ""
    lane: str = "kind"
    page: int = 1
    upage: int = 1  # page of the undated contacts' list

    @classmethod
    def from_query(cls, params: QueryParams | dict | str) -> Filter:
        """Parse a query string (or Starlette QueryParams); unknown or malformed values are ignored."""
        if isinstance(params, str):
            params = QueryParams(params)
        elif isinstance(params, dict):
            params = QueryParams(params)
        multi = {name: tuple(_unique(params.getlist(name))) for name in _MULTI}
        lane = params.get("lane", "kind")
        return cls(
            **multi,
            date_from=_clean_date(params.get("date_from")),
            date_to=_clean_date(params.get("date_to")),
            corroborated=_truthy(params.get("corroborated")),
            q=(params.get("q") or "").strip()[:200],
            who=(params.get("who") or "").strip()[:100],
            lane=lane if lane in LANES else "kind",
            page=_positive_int(params.get("page")),
            upage=_positive_int(params.get("upage")),
        )

    def to_pairs(self, *, page: bool = True) -> list[tuple[str, str]]:
        """The canonical (key, value) pairs; defaults are left out so URLs stay short."""
        pairs: list[tuple[str, str]] = []
        for name in _MULTI:
            pairs.extend((name, value) for value in getattr(self, name))
        for name in ("date_from", "date_to"):
            if getattr(self, name):
                pairs.append((name, getattr(self, name)))
        if self.corroborated:
            pairs.append(("corroborated", "1"))
        if self.q:
            pairs.append(("q", self.q))
        if self.who:
            pairs.append(("who", self.who))
        if self.lane != "kind":
            pairs.append(("lane", self.lane))
        if page and self.page > 1:
            pairs.append(("page", str(self.page)))
        if page and self.upage > 1:
            pairs.append(("upage", str(self.upage)))
        return pairs

    def to_query(self, *, page: bool = True) -> str:
        """The canonical query string (no leading "?"); ``from_query(to_query())`` is identity."""
        return urlencode(self.to_pairs(page=page))

    def with_(self, **changes) -> Filter:
        """A copy with some fields changed; any change but a page goes back to the first pages."""
        if "page" not in changes and "upage" not in changes:
            changes["page"] = changes["upage"] = 1
        for name in _MULTI:
            if name in changes:
                changes[name] = tuple(changes[name])
        return replace(self, **changes)

    def toggled(self, name: str, value: str) -> Filter:
        """This filter with ``value`` added to or removed from the multi-valued field ``name``."""
        current = getattr(self, name)
        values = tuple(v for v in current if v != value) if value in current else current + (value,)
        return self.with_(**{name: values})

    def without(self, name: str) -> Filter:
        """This filter with one facet cleared (used to count the options of that facet)."""
        default = next(f.default for f in fields(self) if f.name == name)
        return self.with_(**{name: default})

    @property
    def is_empty(self) -> bool:
        return not self.to_pairs(page=False) or self.to_pairs(page=False) == [("lane", self.lane)]

    @property
    def has_date_range(self) -> bool:
        return bool(self.date_from or self.date_to)


def date_lower_bound(value: str) -> str:
    """First day a "YYYY", "YYYY-MM" or "YYYY-MM-DD" bound covers."""
    parts = value.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def date_upper_bound(value: str) -> str:
    """Last day (inclusive, as a sortable string) a "YYYY", "YYYY-MM" or "YYYY-MM-DD" bound covers."""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{value}-12-31"
    if len(parts) == 2:
        return f"{value}-31"  # string comparison: no real day sorts after "-31"
    return value
