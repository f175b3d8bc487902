"""The one Filter over contacts and claims: parsed from a query string, rendered back to it.

The same object drives the timeline chart, the paged lists, the facet counts, the JSON API and
the CSV/JSON exports, so a pasted URL always shows the same rows everywhere.

Nothing the analyst asked for is silently dropped: a value that cannot be parsed is kept as
typed (so the URL still shows it) and reported as a ``Problem`` of its field; a filter with any
problem matches nothing. ``app.queries.resolve`` adds the problems that need the database
(unknown actor, topic or kind).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date
from urllib.parse import quote_plus, urlencode

from starlette.datastructures import QueryParams

LANES = ("kind", "pair")
SCOPES = ("contact", "article")
SORTS = {"newest": "newest first", "oldest": "oldest first", "sources": "most sources first",
         "kind": "by kind"}
PAGE_SIZE = 50
MAX_VALUES = 20  # distinct values per multi-valued field
MAX_PAGE = 100_000
MAX_Q = 200
MAX_Q_WORDS = 12
MAX_WHO = 100
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
MULTI = ("actor", "speaker", "topic", "kind", "country", "outlet", "review")
_TRUE, _FALSE = {"1", "true", "on", "yes"}, {"0", "false", "off", "no"}
# Single-valued parameters and how each is parsed; anything else is an unknown parameter.
_SINGLE = ("date_from", "date_to", "corroborated", "hedged", "q", "scope", "who", "lane", "sort",
           "page", "upage")
PAGES = ("page", "upage")  # the list's page, the undated list's page
REVIEW_STATUSES = ("unreviewed", "confirmed", "edited", "rejected", "suggested")
# Shown when no review status is picked: rejected contacts and near misses stay out of sight.
DEFAULT_REVIEW = ("unreviewed", "confirmed", "edited")
# "Confirmed only": what an analyst checked (an edited contact was checked and corrected).
CONFIRMED_ONLY = ("confirmed", "edited")


PERIOD = re.compile(r"\d{4}(-\d{2}){0,2}")


@dataclass(frozen=True)
class Problem:
    """Why one value of one field cannot be honoured (shown next to that field)."""

    field: str
    value: str
    message: str

    def __str__(self) -> str:
        return self.message


def date_problem(value: str) -> str | None:
    """Why ``value`` is not a YYYY, YYYY-MM or YYYY-MM-DD date (None when it is one)."""
    m = _DATE.match(value)
    if not m:
        return f"“{value}” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        date(max(year, 1), month, day)
    except ValueError:
        return f"“{value}” is not a real date"
    return None


def _unique(values: list[str]) -> tuple[str, ...]:
    """Values in first-seen order, blanks and repeats dropped (linear in the input)."""
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))


@dataclass(frozen=True)
class Filter:
    """What the analyst asked to see. Empty tuples and None mean "no restriction".

    ``actor`` holds actor keys and requires every listed actor to take part (who met whom);
    ``speaker`` (claims) holds keys of the actors a claim is attributed to; ``topic``, ``kind``,
    ``country`` and ``outlet`` match any of their values. ``who`` is free text typed in the actor
    box, resolved to a key by ``app.queries.resolve``. ``hedged`` is None (any), True or False.
    ``scope`` says where ``q`` is looked for: the contact's own evidence and claims, or the
    whole article. ``bad`` keeps single values that could not be parsed, as typed.
    """

    actor: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    outlet: tuple[str, ...] = ()
    review: tuple[str, ...] = ()  # review statuses; empty: DEFAULT_REVIEW
    date_from: str | None = None
    date_to: str | None = None
    corroborated: bool = False
    hedged: bool | None = None
    q: str = ""
    scope: str = "contact"
    who: str = ""
    lane: str = "kind"
    sort: str = "newest"
    page: int = 1
    upage: int = 1  # page of the undated contacts' list
    bad: tuple[tuple[str, str], ...] = ()
    unresolved: tuple[Problem, ...] = ()  # set by app.queries.resolve

    @classmethod
    def from_query(cls, params: QueryParams | dict | str) -> Filter:
        """Parse a query string (or Starlette QueryParams); bad values are kept as problems."""
        if not isinstance(params, QueryParams):
            params = QueryParams(params)
        bad: list[tuple[str, str]] = []
        values: dict = {name: _unique(params.getlist(name)) for name in MULTI}
        for name in ("date_from", "date_to", "q", "who"):
            values[name] = (params.get(name) or "").strip() or (None if name.startswith("date") else "")
        if values["country"]:
            values["country"] = _unique([c.upper() for c in values["country"]])
        for name, choices in (("lane", LANES), ("scope", SCOPES), ("sort", tuple(SORTS))):
            raw = (params.get(name) or "").strip()
            if raw and raw not in choices:
                bad.append((name, raw))
            elif raw:
                values[name] = raw
        for name in ("corroborated", "hedged"):
            raw = (params.get(name) or "").strip()
            if raw.lower() in _TRUE:
                values[name] = True
            elif raw.lower() in _FALSE:
                values[name] = False
            elif raw:
                bad.append((name, raw))
        for name in PAGES:
            raw_page = (params.get(name) or "").strip()
            if raw_page:
                if raw_page.isascii() and raw_page.isdigit() and len(raw_page) <= 7 \
                        and 1 <= int(raw_page) <= MAX_PAGE:
                    values[name] = int(raw_page)
                else:
                    bad.append((name, raw_page))
        known = set(MULTI) | set(_SINGLE)
        bad += [(name, value[:100]) for name, value in params.multi_items() if name not in known]
        return cls(**values, bad=tuple(bad))

    # ------------------------------------------------------------------ problems

    @property
    def problems(self) -> list[Problem]:
        """Every value that cannot be honoured; the filter matches nothing while any remain."""
        return self.syntax_problems + list(self.unresolved)

    @property
    def syntax_problems(self) -> list[Problem]:
        found: list[Problem] = []
        for name in MULTI:
            if len(getattr(self, name)) > MAX_VALUES:
                found.append(Problem(name, "", f"at most {MAX_VALUES} values of “{name}” at once "
                                               f"(got {len(getattr(self, name))})"))
        found += [Problem("country", c, f"“{c}” is not a two-letter country code (e.g. RU, IR)")
                  for c in self.country if not _COUNTRY.match(c)]
        found += [Problem("review", r, f"“{r}” is not a review status: use one of "
                                       f"{', '.join(REVIEW_STATUSES)}")
                  for r in self.review if r not in REVIEW_STATUSES]
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            reason = date_problem(value) if value else None
            if reason:
                found.append(Problem(name, value, reason))
        if self.date_from and self.date_to and not found_dates(found) \
                and date_lower_bound(self.date_from) > date_upper_bound(self.date_to):
            found.append(Problem("date_to", self.date_to,
                                 f"the range ends ({self.date_to}) before it starts ({self.date_from})"))
        if len(self.q) > MAX_Q:
            found.append(Problem("q", self.q[:40], f"search text longer than {MAX_Q} characters"))
        elif len(re.findall(r"\w+", self.q)) > MAX_Q_WORDS:
            found.append(Problem("q", self.q[:40], f"more than {MAX_Q_WORDS} words to search for"))
        if len(self.who) > MAX_WHO:
            found.append(Problem("who", self.who[:40], f"actor name longer than {MAX_WHO} characters"))
        messages = {
            "page": f"page must be a whole number from 1 to {MAX_PAGE:,}",
            "upage": f"upage must be a whole number from 1 to {MAX_PAGE:,}",
            "lane": f"lane must be one of: {', '.join(LANES)}",
            "scope": f"scope must be one of: {', '.join(SCOPES)}",
            "sort": f"sort must be one of: {', '.join(SORTS)}",
            "corroborated": "corroborated must be 1 or 0",
            "hedged": "hedged must be 1 (hedged only) or 0 (firm only)",
        }
        for name, value in self.bad:
            found.append(Problem(name, value, f"{messages[name]} (got “{value}”)" if name in messages
                                 else f"unknown parameter “{name}”"))
        return found

    def problems_of(self, name: str) -> list[Problem]:
        """The problems to show next to the field ``name``."""
        return [p for p in self.problems if p.field == name]

    @property
    def reason(self) -> str:
        """One line saying why the filter cannot be honoured ("" when it can)."""
        return "; ".join(f"{p.field}: {p.message}" for p in self.problems)

    # ------------------------------------------------------------------ rendering

    def to_pairs(self, *, page: bool = True) -> list[tuple[str, str]]:
        """The canonical (key, value) pairs; defaults are left out so URLs stay short."""
        pairs: list[tuple[str, str]] = []
        for name in MULTI:
            pairs.extend((name, value) for value in getattr(self, name))
        for name in ("date_from", "date_to"):
            if getattr(self, name):
                pairs.append((name, getattr(self, name)))
        if self.corroborated:
            pairs.append(("corroborated", "1"))
        if self.hedged is not None:
            pairs.append(("hedged", "1" if self.hedged else "0"))
        if self.q:
            pairs.append(("q", self.q))
        if self.scope != "contact":
            pairs.append(("scope", self.scope))
        if self.who:
            pairs.append(("who", self.who))
        if self.lane != "kind":
            pairs.append(("lane", self.lane))
        if self.sort != "newest":
            pairs.append(("sort", self.sort))
        if page and self.page > 1:
            pairs.append(("page", str(self.page)))
        if page and self.upage > 1:
            pairs.append(("upage", str(self.upage)))
        pairs += [(name, value) for name, value in self.bad if page or name not in PAGES]
        return pairs

    def to_query(self, *, page: bool = True) -> str:
        """The canonical query string (no leading "?"); ``from_query(to_query())`` is identity."""
        return urlencode(self.to_pairs(page=page))

    def period_queries(self) -> Callable[[str], str]:
        """``period -> self.with_(date_from=period, date_to=period).to_query()``, with the rest of
        the query encoded once: an aggregated chart links thousands of markers to their lists."""
        marker = "\x00"  # never left raw by quote_plus, so it can only be where a period goes
        dates = {("date_from", marker), ("date_to", marker)}
        parts = "&".join(f"{name}={marker}" if (name, value) in dates
                         else f"{quote_plus(name)}={quote_plus(value)}"
                         for name, value in self.with_(date_from=marker, date_to=marker).to_pairs()
                         ).split(marker)

        def query(period: str) -> str:
            if PERIOD.fullmatch(period):  # digits and "-": encoded as they are
                return period.join(parts)
            return self.with_(date_from=period, date_to=period).to_query()

        return query

    def with_(self, **changes) -> Filter:
        """A copy with some fields changed; any change but a page goes back to the first pages.

        Problems of a changed field go with its old value (a removed actor takes its error).
        """
        if "page" not in changes and "upage" not in changes:
            changes["page"] = changes["upage"] = 1
        for name in MULTI:
            if name in changes:
                changes[name] = tuple(changes[name])
        changed = set(changes)
        changes.setdefault("bad", tuple((n, v) for n, v in self.bad if n not in changed))
        changes.setdefault("unresolved", tuple(
            p for p in self.unresolved
            if p.field not in changed or p.value in (changes[p.field] if p.field in MULTI else ())))
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
    def restricts(self) -> bool:
        """Whether any field narrows the rows (lane, sort and page only change how they show)."""
        return bool(self.problems) or any(
            name not in ("lane", "sort", *PAGES) for name, _ in self.to_pairs(page=False))

    @property
    def is_empty(self) -> bool:
        return not self.restricts

    @property
    def has_date_range(self) -> bool:
        return bool(self.date_from or self.date_to)

    def slug(self, limit: int = 80) -> str:
        """A short file-name-safe description of the filter ("actor-putin_topic-drones")."""
        parts = [f"{name}-{value}" for name, value in self.to_pairs(page=False)
                 if name not in ("lane", "sort")]
        text = re.sub(r"[^A-Za-z0-9._-]+", "-", "_".join(parts)).strip("-_.")
        return text[:limit].rstrip("-_.") or "all"


def parse_page(raw: str | None) -> tuple[int, Problem | None]:
    """A page number from a query parameter: (page, None), or (1, the problem) when invalid."""
    f = Filter.from_query({"page": raw} if raw else {})  # the one page parser
    problem = next(iter(f.problems_of("page")), None)
    return f.page, problem


def found_dates(problems: list[Problem]) -> bool:
    return any(p.field in ("date_from", "date_to") for p in problems)


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
