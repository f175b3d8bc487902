"""Which year an article was written in, when the text never says it outright.

Evidence, all read from the article body (page noise excluded):

* office holders: a person named with an office description ("le président iranien Ebrahim
  Raïssi") was in that office when the article was written, so the year is one of the years of
  that term (gazetteer ``Role.fr``); every such person narrows the set (intersection);
* present-year statements ("assure la présidence tournante en 2024", "cette année 2024");
* past-year statements ("signé en 2001"): the article is from that year or later;
* the weekday of the story day, when the caller knows it ("9 novembre" + "mercredi").

Only a single surviving year is an answer; anything else leaves the year unknown.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from app.extraction.dates import (
    body_ranges,
    date_vocabulary,
    find_date_mentions,
    month_name,
    weekday_name,
)
from app.extraction.gazetteer import ActorEntry, Mention, Role, get_gazetteer
from app.extraction.records import NoiseSpan
from app.extraction.textfold import fold, fold_key

# Words allowed between an office description and the name ("le général de division X").
_FILLER = (r"(?:\s*,)?\s*(?:(?:le|la|l')\s*)?(?:(?:general|amiral|colonel|de|division|brigade|corps|"
           r"d'armee|m\.|mme|ayatollah|l'ayatollah|cheikh|hodjatoleslam)\s+)*")


@dataclass(frozen=True)
class OfficeHolder:
    """A person the text names with an office they hold (offsets of the description + name)."""

    start: int
    end: int
    actor: ActorEntry
    title: str
    years: frozenset[int]
    roles: tuple[Role, ...] = ()  # the terms of office the description designates

    def in_office_on(self, day: str) -> bool:
        return any(role.held_on(day) for role in self.roles)


@dataclass(frozen=True)
class YearInference:
    year: int | None
    candidates: tuple[int, ...]  # surviving years; () when the evidence leaves them unbounded
    reason: str
    source: str  # "in-text year" | "inference" | "none"


@dataclass(frozen=True)
class _YearCues:
    present: tuple[re.Pattern[str], ...]
    past: tuple[re.Pattern[str], ...]
    former: re.Pattern[str]
    former_after: re.Pattern[str]
    past_context: re.Pattern[str]


@lru_cache(maxsize=1)
def _cues() -> _YearCues:
    raw = date_vocabulary()
    former = "|".join(re.escape(fold(w)) for w in raw["former_markers"])
    context = "|".join(re.escape(fold(w)) for w in raw["past_context_markers"])
    return _YearCues(
        present=tuple(re.compile(p) for p in raw["present_year_patterns"]),
        past=tuple(re.compile(p) for p in raw["past_year_patterns"]),
        former=re.compile(rf"(?<![\w-])(?:{former})[\s'-]*(?:(?:le|la|l')[\s']*)?$"),
        former_after=re.compile(r"\s*,?\s*(?:" + "|".join(re.escape(fold(w)) for w in raw["former_after"]) + r")(?![\w-])"),
        past_context=re.compile(rf"(?<![\w-])(?:{context})(?![\w-])(?! que| qu')"),
    )


@lru_cache(maxsize=1)
def _title_index() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern over folded text for every French office description, and key -> description."""
    titles: dict[str, str] = {}
    for entry in get_gazetteer().actors.values():
        for role in entry.roles:
            for fr in role.fr:
                titles.setdefault(fold_key(fr), fr)
    alternatives = sorted(titles, key=len, reverse=True)
    body = "|".join(r"[\s'-]+".join(re.escape(w) for w in key.split()) for key in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"), titles


@lru_cache(maxsize=8)
def _sentence_ends(text: str) -> tuple[int, ...]:
    """Offsets just after each sentence end (., !, ? before a space) and each line break."""
    return tuple(m.end() for m in re.finditer(r"[.!?](?=\s|$)|\n", text))


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    ends = _sentence_ends(text)
    i = bisect_right(ends, pos)
    return (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else len(text))


def _in_ranges(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(lo <= start and end <= hi for lo, hi in ranges)


def _talks_of_past(text: str, folded: str, pos: int) -> bool:
    """A sentence that speaks of another time ("à l'époque", "en 2016") does not date the article."""
    lo, hi = _sentence_bounds(text, pos)
    if _cues().past_context.search(folded, lo, hi):
        return True
    return any(m.year is not None for m in find_date_mentions(text, lo, hi))


_AFTER_TITLE = re.compile(_FILLER)
_BEFORE_TITLE = re.compile(r"\s*,\s*(?:(?:le|la|l')\s*)?$")


def _named_holder(folded: str, t: re.Match[str], starts: dict, ends: dict) -> tuple[Mention, int, int] | None:
    """The person an office description names: right after it ("le président iranien Ebrahim
    Raïssi") or, failing that, right before it ("Ebrahim Raïssi, président iranien")."""
    after = _AFTER_TITLE.match(folded, t.end())
    mention = starts.get(after.end()) if after else None
    if mention is not None:
        return mention, t.start(), mention.end
    before = _BEFORE_TITLE.search(folded[max(0, t.start() - 12):t.start()])
    mention = ends.get(t.start() - len(before.group(0))) if before else None
    return (mention, mention.start, t.end()) if mention is not None else None


def _is_former(folded: str, t: re.Match[str]) -> bool:
    cues = _cues()
    return bool(cues.former.search(folded, max(0, t.start() - 25), t.start()) or cues.former_after.match(folded, t.end()))


def find_office_holders(text: str, noise: list[NoiseSpan]) -> list[OfficeHolder]:
    """Persons named in the body together with an office description they hold."""
    folded = fold(text)
    ranges = body_ranges(text, noise)
    gaz = get_gazetteer()
    people = [m for m in gaz.find_mentions(text) if gaz.actors[m.key].kind == "person"
              and _in_ranges(m.start, m.end, ranges)]
    starts = {m.start: m for m in people}
    ends = {m.end: m for m in people}
    pattern, titles = _title_index()
    out: list[OfficeHolder] = []
    for t in pattern.finditer(folded):
        if not _in_ranges(t.start(), t.end(), ranges) or _is_former(folded, t):
            continue
        named = _named_holder(folded, t, starts, ends)
        if named is None or _talks_of_past(text, folded, t.start()):
            continue
        mention, start, end = named
        key = fold_key(t.group(0))
        actor = gaz.actors[mention.key]
        roles = tuple(r for r in actor.roles if any(fold_key(fr) == key for fr in r.fr))
        years = actor.years_in_office(titles[key])
        if years:
            out.append(OfficeHolder(start, end, actor, titles[key], frozenset(years), roles))
    out.extend(_counterparts(text, folded, out, starts, ranges))
    return sorted(out, key=lambda h: h.start)


_COUNTERPART = re.compile(r"(?<![\w-])(?:son|sa|leur|ses)\s+homologues?\s+(?P<nat>[a-z]+)\s*,?\s*")
_TITLE_NOISE = {"of", "the", "and", "to", "russia", "iran", "ukraine", "china", "turkey", "france",
                "united", "states", "us", "russian", "iranian"}


def _office_words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", title.lower()) if w not in _TITLE_NOISE}


def _same_office(a: str, b: str) -> bool:
    """Whether two English office titles name the same office in two countries."""
    wa, wb = _office_words(a), _office_words(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.5


def _counterparts(text: str, folded: str, holders: list[OfficeHolder], starts: dict, ranges
                  ) -> list[OfficeHolder]:
    """"son homologue iranien, Ali Shamkhani": the counterpart holds the same office in their country."""
    gaz = get_gazetteer()
    nationalities = _nationalities()
    out = []
    for m in _COUNTERPART.finditer(folded):
        country = nationalities.get(m["nat"])
        mention = starts.get(m.end())
        if country is None or mention is None or not _in_ranges(m.start(), mention.end, ranges):
            continue
        actor = gaz.actors[mention.key]
        if actor.country != country or _talks_of_past(text, folded, m.start()):
            continue
        lo, _ = _sentence_bounds(text, m.start())
        references = [h for h in holders if lo <= h.start < m.start() and h.actor.country != country]
        if not references:
            continue
        reference = references[-1]
        roles = tuple(r for r in actor.roles if any(_same_office(r.title, ref.title) for ref in reference.roles))
        years: set[int] = set()
        for role in roles:
            years.update(range(int((role.start or "1900")[:4]), int((role.end or "2100")[:4]) + 1))
        if years:
            title = f"counterpart ({m['nat']}) of the {reference.title}"
            out.append(OfficeHolder(m.start(), mention.end, actor, title, frozenset(years), roles))
    return out


@lru_cache(maxsize=1)
def _nationalities() -> dict[str, str]:
    raw = date_vocabulary()
    return {fold(k): v for k, v in raw["nationalities"].items()}


@lru_cache(maxsize=16)
def _lower(text: str) -> str:
    """Lowercase with accents kept, same length as ``text``, plain apostrophes."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare character lowercases to two ("İ"): go one by one
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.replace("’", "'")


def _statement_years(searched: str, ranges: list[tuple[int, int]], patterns: tuple[re.Pattern[str], ...]
                     ) -> list[tuple[int, str]]:
    """(year, phrase) for each statement found in the body; ``searched`` has the text's length."""
    found = []
    for lo, hi in ranges:
        for pattern in patterns:
            for m in pattern.finditer(searched, lo, hi):
                found.append((int(m.group("year")), m.group(0)))
    return found


def infer_years(text: str, noise: list[NoiseSpan], *, day: int | None = None, month: int | None = None,
                weekday: int | None = None, weekday_text: str | None = None) -> YearInference:
    """The year the article was written in, if the body's evidence leaves exactly one.

    ``day``/``month`` name the story day (a yearless dateline); ``weekday`` (0 = lundi) is the
    weekday the text gives for that same day, used to prefer the years where they agree.
    """
    folded = fold(text)
    ranges = body_ranges(text, noise)
    ceiling = date.today().year
    candidates: set[int] | None = None
    notes: list[str] = []
    for holder in find_office_holders(text, noise):
        years = {y for y in holder.years if y <= ceiling}
        if day and month:
            # The story day itself must fall within the term, not just its year.
            years = {y for y in years if _valid(y, month, day) and holder.in_office_on(f"{y:04d}-{month:02d}-{day:02d}")}
        candidates = years if candidates is None else candidates & years
        note = f"{holder.actor.name} as {holder.title} {_term(holder.years, ceiling)}"
        if note not in notes:
            notes.append(note)
    present = _statement_years(_lower(text), ranges, _cues().present)
    for year, phrase in present:
        candidates = {year} if candidates is None else candidates & {year}
        notes.append(f"'{phrase}' stated as the present")
    past = _statement_years(_lower(text), ranges, _cues().past)
    if past and candidates is not None:
        floor = max(y for y, _ in past)
        candidates = {y for y in candidates if y >= floor}
        notes.append(f"a past event in {floor}")
    for since, label in _past_events(folded, ranges):
        if candidates is not None:
            candidates = {y for y in candidates if _on_or_after(y, month, day, since)}
            notes.append(f"{label} already past ({since.isoformat()})")
    if candidates is None:
        return YearInference(None, (), "no evidence of the year in the text", "none")
    if day and month:
        candidates = {y for y in candidates if _valid(y, month, day)}
    if day and month and weekday is not None and candidates:
        # Preferred, not required: the weekday may name another day than the dateline's.
        fitting = {y for y in candidates if date(y, month, day).weekday() == weekday}
        if fitting:
            candidates = fitting
            notes.append(f"{day} {month_name(month)} falling on a {weekday_text or weekday_name(weekday)}")
    ordered = tuple(sorted(candidates))
    evidence = "; ".join(notes)
    if len(ordered) == 1:
        source = "in-text year" if present else "inference"
        return YearInference(ordered[0], ordered, f"year {ordered[0]}: the only year fitting {evidence}", source)
    if not ordered:
        return YearInference(None, (), f"conflicting evidence of the year ({evidence})", "none")
    return YearInference(None, ordered,
                         f"year unknown: {len(ordered)} years ({ordered[0]}–{ordered[-1]}) fit {evidence}", "none")


def _term(years: frozenset[int], ceiling: int) -> str:
    """Terms as runs of years: "(2000–2008, 2012–)"."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [f"{r[0]}–" if r[-1] > ceiling else (f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0])) for r in runs]
    return "(" + ", ".join(parts) + ")"


@lru_cache(maxsize=1)
def _event_patterns() -> tuple[tuple[re.Pattern[str], date, str], ...]:
    return tuple((re.compile(e["pattern"]), date.fromisoformat(str(e["since"])), e["label"])
                 for e in date_vocabulary().get("past_events") or ())


def _past_events(folded: str, ranges: list[tuple[int, int]]) -> list[tuple[date, str]]:
    """Known events the body speaks of as past: the article is from their day or later."""
    found = []
    for pattern, since, label in _event_patterns():
        if any(pattern.search(folded, lo, hi) for lo, hi in ranges):
            found.append((since, label))
    return found


def _on_or_after(year: int, month: int | None, day: int | None, since: date) -> bool:
    if month and day and _valid(year, month, day):
        return date(year, month, day) >= since
    return year >= since.year


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
