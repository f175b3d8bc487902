"""French date expressions in news prose, and their resolution against the publication date.

``find_date_mentions`` finds expressions ("mercredi", "samedi dernier", "ce 24 janvier",
"24 février 2022", "en mars", "mi-juillet", "en 2001", "hier", "il y a deux jours"...) with
character offsets into the text. ``resolve`` turns one mention into a ``DateValue`` (value,
precision, one-line reason) given a ``DateAnchor`` (the publication date, and what else the
article lets us know about "now"). Nothing is guessed: a mention that the anchor cannot place
stays at a coarser precision, or unknown.

Resolution rules, by what the anchor knows of the publication date:

* the day: a bare weekday is the latest such day on or before it (wire copy's "mercredi" may be
  the day itself), "samedi dernier" strictly before, "mardi prochain" after; a yearless
  "24 février" is the latest such date on or before it (the next one when announced for later:
  "prévu le 26 octobre"); "en mars" is the latest such month not after it; "hier", "il y a deux
  jours"... are offsets from it; "la semaine dernière", "ce mois-ci"... are periods, given at the
  finest precision (day, month, year) that covers the whole period;
* only the month: a weekday is a day only when ``not_before`` (the latest past day the body
  mentions) lies in that month and the first such weekday on or after it is still in it;
  otherwise the month; yearless dates take the publication year (the year before if they would
  fall after the publication month);
* nothing: weekdays and relative expressions are unknown; yearless dates use ``years`` only
  when exactly one year is plausible; explicit dates and years stand on their own.

Relative keys: yesterday, day_before_yesterday, today, last_night, tomorrow, day_after_tomorrow,
last_week, this_week, next_week, last_month, this_month, earlier_this_month, next_month,
last_year, this_year, next_year, recent_days, recent_weeks, recent_months, few_days_ago,
few_weeks_ago, few_months_ago, and "<days|weeks|months|years>_<ago|ahead>:<n>".

Vocabulary (months, weekdays, relative phrases, cue words) lives in ``app/data/dates.yaml``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

import yaml

from app.extraction.datafiles import data_file
from app.extraction.records import ArticleMeta, DateValue, NoiseSpan
from app.extraction.textfold import fold

DATA_PATH = data_file("dates.yaml")

KINDS = ("weekday", "day_month", "day_month_year", "month", "month_year", "year", "relative")


@dataclass(frozen=True)
class DateMention:
    """A date expression found in the text (offsets into the original text)."""

    start: int
    end: int
    text: str
    kind: str  # weekday | day_month | day_month_year | month | month_year | year | relative
    weekday: int | None = None  # 0 = lundi
    day: int | None = None
    month: int | None = None
    year: int | None = None
    relative: str | None = None  # "yesterday", "last_week", "days_ago:2", ...
    direction: str | None = None  # "past" ("samedi dernier", "il y a"), "future" ("mardi prochain")


@dataclass(frozen=True)
class DateAnchor:
    """What date expressions of one article resolve against."""

    published: DateValue
    # Lower bound "YYYY-MM-DD" for the publication day when only its month (or year) is known:
    # the latest day-precise past date the body mentions (page noise excluded).
    not_before: str | None = None
    # Plausible years for the article when the publication year is unknown.
    years: tuple[int, ...] = ()


# ---------------------------------------------------------------- vocabulary and patterns


@dataclass(frozen=True)
class _Vocab:
    month_of: dict[str, int]  # folded spelling -> month number
    full_months: tuple[str, ...]  # folded full names (bare months need one of these)
    weekdays: tuple[str, ...]
    first_day: tuple[str, ...]  # "1er", "premier"
    past: tuple[str, ...]
    future: tuple[str, ...]
    numbers: dict[str, int]
    relative: tuple[tuple[re.Pattern[str], str], ...]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def date_vocabulary() -> dict:
    """The raw contents of ``app/data/dates.yaml`` (read once per process)."""
    return yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    raw = date_vocabulary()
    month_of: dict[str, int] = {}
    full: list[str] = []
    for number, names in raw["months"].items():
        for i, name in enumerate(names):
            month_of[fold(name)] = int(number)
            if i == 0:
                full.append(fold(name))
    relative = tuple(
        (re.compile(rf"(?<![\w-]){pattern}(?![\w-])"), key) for pattern, key in raw["relative"].items()
    )
    return _Vocab(
        month_of=month_of,
        full_months=tuple(full),
        weekdays=tuple(fold(w) for w in raw["weekdays"]),
        first_day=tuple(fold(w) for w in raw["first_day"]),
        past=tuple(fold(w) for w in raw["past_markers"]),
        future=tuple(fold(w) for w in raw["future_markers"]),
        numbers={fold(k): int(v) for k, v in raw["number_words"].items()},
        relative=relative,
    )


@dataclass(frozen=True)
class _Patterns:
    full_date: re.Pattern[str]
    month_year: re.Pattern[str]
    bare_month: re.Pattern[str]
    bare_year: re.Pattern[str]
    weekday: re.Pattern[str]
    day_range: re.Pattern[str]
    numeric: re.Pattern[str]
    ago: re.Pattern[str]
    ahead: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    v = _vocab()
    months = _alt(list(v.month_of))
    full = _alt(list(v.full_months))
    weekdays = _alt(list(v.weekdays))
    direction = _alt(list(v.past) + list(v.future))
    number = _alt(list(v.numbers))
    year = r"(?P<year>(?:19|20)\d\d)(?![\d,.]\d)(?![\w-])"
    det = r"(?:(?:ce|le|du|au|depuis le|des le|jusqu'au|avant le|apres le)\s+)?"
    # The day number must not continue a bigger number ("7 200", "1,5").
    first = _alt(list(v.first_day))
    day = rf"(?<![\d,.])(?<!\d\s)(?P<day>{first}|[12]\d|3[01]|0?[1-9])"
    full_date = re.compile(
        rf"(?<![\w-]){det}(?:(?P<wd>{weekdays})\s+)?{day}\s+(?P<mon>{months})(?![\w-])\.?"
        rf"(?:\s+{year})?(?:\s+(?P<dir>{direction})(?![\w-]))?"
    )
    month_year = re.compile(
        rf"(?<![\w-])(?:(?:en|debut|fin|mi-|courant|depuis|des|jusqu'en|d'ici)\s*)?"
        rf"(?P<mon>{full})\s+{year}"
    )
    bare_month = re.compile(
        rf"(?<![\w-])(?P<cue>en|debut|fin|mi-|courant|depuis|des|jusqu'en|d'ici|a la mi-|"
        rf"au mois de|a la fin|au debut|fin de|debut de|depuis la mi-|depuis fin|depuis debut)\s*"
        rf"(?P<mon>{full})(?![\w-])(?:\s+(?P<dir>{direction})(?![\w-]))?"
    )
    bare_year = re.compile(
        rf"(?<![\w-])(?P<cue>en|depuis|des|de|du|fin|debut|mi-|jusqu'en|d'ici|avant|apres|courant|"
        rf"annee|l'annee|l'an|entre|et|vers|a partir de|a)\s*{year}"
    )
    weekday = re.compile(
        rf"(?<![\w-])(?P<wd>{weekdays})(?![\w-])"
        rf"(?:\s+(?:soir|matin|apres-midi|midi|dans la soiree|dans la matinee|en fin de journee|"
        rf"en fin de matinee|en debut de soiree|en debut de journee))?"
        rf"(?:\s+(?P<dir>{direction})(?![\w-]))?"
    )
    # "du 8 au 10 juin", "les 8 et 9 juin": the mention is the range, dated by its first day.
    day_range = re.compile(
        rf"(?<![\w-])(?:du|les|entre le)\s+{day}\s+(?:au|et)\s+(?:le\s+)?(?:{first}|[12]\d|3[01]|0?[1-9])\s+"
        rf"(?P<mon>{months})(?![\w-])\.?(?:\s+{year})?"
    )
    numeric = re.compile(r"(?<![\d/.])(?P<day>0?[1-9]|[12]\d|3[01])[/.](?P<mon>0?[1-9]|1[0-2])[/.]"
                         r"(?P<year>(?:19|20)\d\d)(?![\d/.]\d)")
    unit = r"(?P<unit>jours?|semaines?|mois|ans|annees?)"
    ago = re.compile(rf"(?<![\w-])il y a\s+(?P<n>\d{{1,3}}|{number})\s+{unit}(?![\w-])")
    ahead = re.compile(rf"(?<![\w-])dans\s+(?P<n>\d{{1,3}}|{number})\s+{unit}(?![\w-])")
    return _Patterns(full_date, month_year, bare_month, bare_year, weekday, day_range, numeric, ago, ahead)


# ---------------------------------------------------------------- finding mentions


def _direction(word: str | None) -> str | None:
    if not word:
        return None
    v = _vocab()
    return "past" if word in v.past else "future" if word in v.future else None


def _day_number(raw: str) -> int:
    return 1 if raw in _vocab().first_day else int(raw)


def _count(raw: str) -> int:
    return int(raw) if raw.isdigit() else _vocab().numbers[raw]


_UNIT_KEY = {"jour": "days", "semaine": "weeks", "mois": "months", "an": "years", "annee": "years"}


def _unit_key(unit: str) -> str:
    return _UNIT_KEY[unit if unit == "mois" else unit.rstrip("s")]


# Words that introduce a quantity as readily as a year ("de 2000 drones", "entre 1500 et 2000 soldats").
_COUNT_CUES = {"de", "du", "des", "et", "entre", "vers", "avant", "apres", "a partir de", "a"}
_NOT_NOUNS = {"les", "des", "ses", "ces", "mes", "nos", "vos", "leurs", "aux", "ils", "elles", "nous",
              "vous", "plus", "moins", "puis", "mais", "dans", "sous", "sans", "vers", "depuis", "apres",
              "alors", "jamais", "toujours", "tous", "toutes", "lors", "pas", "deux", "trois", "parmi"}


def _looks_like_count(folded: str, m: re.Match[str]) -> bool:
    """Whether a 4-digit "year" is a quantity: "de 2000 drones", but not "en 2024 les échanges"."""
    if m["cue"] not in _COUNT_CUES:
        return False
    nxt = re.match(r"\s+([a-z]{3,})", folded[m.end():m.end() + 30])
    return bool(nxt and nxt.group(1)[-1] in "sx" and nxt.group(1) not in _NOT_NOUNS)


def _relative_direction(key: str) -> str | None:
    if any(w in key for w in ("ago", "last", "yesterday", "recent", "earlier")):
        return "past"
    return "future" if any(w in key for w in ("next", "tomorrow", "ahead")) else None


class _Collector:
    """Candidate mentions of one search window (they may overlap; the caller picks)."""

    def __init__(self, text: str, folded: str) -> None:
        self.text, self.folded = text, folded
        self.out: list[DateMention] = []

    def add(self, m: re.Match[str], **kw: object) -> None:
        end = m.end()
        if self.folded[end - 1] == "." and "mon" in m.re.groupindex and m["mon"] in _vocab().full_months:
            end -= 1  # the sentence's full stop, not an abbreviation dot
        self.out.append(DateMention(m.start(), end, self.text[m.start():end], **kw))  # type: ignore[arg-type]


def _calendar_mentions(c: _Collector, lo: int, hi: int) -> None:
    """Dates written with a day, a month or a year."""
    p, v, folded = _patterns(), _vocab(), c.folded
    for m in p.full_date.finditer(folded, lo, hi):
        if m["mon"] == "sept" and not (m["year"] or folded[m.end("mon"):m.end("mon") + 1] == "."):
            continue  # "17 sept membres": the number seven, not September
        year = int(m["year"]) if m["year"] else None
        c.add(m, kind="day_month_year" if year else "day_month",
              weekday=v.weekdays.index(m["wd"]) if m["wd"] else None,
              day=_day_number(m["day"]), month=v.month_of[m["mon"]], year=year, direction=_direction(m["dir"]))
    for m in p.day_range.finditer(folded, lo, hi):
        year = int(m["year"]) if m["year"] else None
        c.add(m, kind="day_month_year" if year else "day_month", day=_day_number(m["day"]),
              month=v.month_of[m["mon"]], year=year)
    for m in p.numeric.finditer(folded, lo, hi):
        c.add(m, kind="day_month_year", day=int(m["day"]), month=int(m["mon"]), year=int(m["year"]))
    for m in p.month_year.finditer(folded, lo, hi):
        c.add(m, kind="month_year", month=v.month_of[m["mon"]], year=int(m["year"]))
    for m in p.bare_month.finditer(folded, lo, hi):
        if c.text[m.start("mon")].isupper():
            continue  # French months are lowercase: "en Mars" is the planet
        c.add(m, kind="month", month=v.month_of[m["mon"]], direction=_direction(m["dir"]))
    for m in p.bare_year.finditer(folded, lo, hi):
        if not _looks_like_count(folded, m):
            c.add(m, kind="year", year=int(m["year"]))


def _relative_mentions(c: _Collector, lo: int, hi: int) -> None:
    """Weekdays and expressions relative to the day of writing."""
    p, v, folded = _patterns(), _vocab(), c.folded
    for m in p.weekday.finditer(folded, lo, hi):
        c.add(m, kind="weekday", weekday=v.weekdays.index(m["wd"]), direction=_direction(m["dir"]))
    for m in p.ago.finditer(folded, lo, hi):
        c.add(m, kind="relative", relative=f"{_unit_key(m['unit'])}_ago:{_count(m['n'])}", direction="past")
    for m in p.ahead.finditer(folded, lo, hi):
        c.add(m, kind="relative", relative=f"{_unit_key(m['unit'])}_ahead:{_count(m['n'])}", direction="future")
    for pattern, key in v.relative:
        for m in pattern.finditer(folded, lo, hi):
            c.add(m, kind="relative", relative=key, direction=_relative_direction(key))


def find_date_mentions(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Date expressions in ``text[start:end]``, sorted, non-overlapping (longest wins)."""
    end = len(text) if end is None else end
    collector = _Collector(text, fold(text))
    _calendar_mentions(collector, start, end)
    _relative_mentions(collector, start, end)
    kept: list[DateMention] = []
    for m in sorted(collector.out, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= k.start or k.end <= m.start for k in kept):
            kept.append(m)
    return sorted((_with_tense(m, collector.folded) for m in kept), key=lambda m: m.start)


def _with_tense(m: DateMention, folded: str) -> DateMention:
    """A yearless date announced for later ("un sommet prévu le 26 octobre") looks forward."""
    if m.direction is None and m.kind in ("weekday", "day_month", "month") and _future_context(folded, m.start):
        return replace(m, direction="future")
    return m


# ---------------------------------------------------------------- resolution helpers


def _parse(value: str) -> tuple[date, date]:
    """The first and last day of a "YYYY", "YYYY-MM" or "YYYY-MM-DD" period."""
    parts = [int(x) for x in value.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return d, d
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), _month_end(parts[0], parts[1])
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_months(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _summarize(lo: date, hi: date, what: str) -> DateValue:
    """The finest value that covers every day in [lo, hi]."""
    if lo == hi:
        return DateValue(lo.isoformat(), "day", what)
    if (lo.year, lo.month) == (hi.year, hi.month):
        return DateValue(f"{lo.year:04d}-{lo.month:02d}", "month",
                         f"{what}; the day cannot be determined")
    if lo.year == hi.year:
        return DateValue(f"{lo.year:04d}", "year", f"{what}; falls between {lo} and {hi}")
    return DateValue.unknown(f"{what}; could be anywhere from {lo} to {hi}")


def weekday_name(n: int) -> str:
    """The weekday's name as ``dates.yaml`` writes it (0 is Monday)."""
    return date_vocabulary()["weekdays"][n]


def month_name(month: int) -> str:
    """The month's full name as ``dates.yaml`` writes it (1 is January)."""
    return date_vocabulary()["months"][month][0]


def _weekday_label(n: int) -> str:
    return weekday_name(n)


def _dm_label(m: DateMention) -> str:
    return f"'{m.text.strip()}'"


def _pub_period(anchor: DateAnchor) -> tuple[date, date] | None:
    if not anchor.published.known or anchor.published.value is None:
        return None
    return _parse(anchor.published.value)


# A relative expression as a function of one publication day -> (earliest, latest) day.
def _relative_range(key: str, p: date) -> tuple[date, date] | None:
    day = timedelta(days=1)
    monday = p - timedelta(days=p.weekday())
    fixed = {"yesterday": -1, "day_before_yesterday": -2, "today": 0, "tomorrow": 1,
             "day_after_tomorrow": 2}
    if key == "last_night":
        return p - day, p
    if key in fixed:
        d = p + fixed[key] * day
        return d, d
    if ":" in key:
        unit_dir, n_raw = key.split(":")
        n = int(n_raw)
        unit, sign = unit_dir.split("_")[0], (-1 if unit_dir.endswith("ago") else 1)
        if unit == "days":
            d = p + sign * n * day
            return d, d
        if unit == "weeks":
            d = p + sign * 7 * n * day
            return d - 3 * day, d + 3 * day
        if unit == "months":
            y, m = _shift_months(p, sign * n)
            return date(y, m, 1), _month_end(y, m)
        if unit == "years":
            return date(p.year + sign * n, 1, 1), date(p.year + sign * n, 12, 31)
        return None
    spans: dict[str, tuple[date, date]] = {
        "last_week": (monday - 7 * day, monday - day),
        "this_week": (monday, p),
        "next_week": (monday + 7 * day, monday + 13 * day),
        "recent_days": (p - 7 * day, p),
        "few_days_ago": (p - 7 * day, p - 2 * day),
        "recent_weeks": (p - 42 * day, p),
        "few_weeks_ago": (p - 42 * day, p - 10 * day),
        "recent_months": (p - 180 * day, p),
        "few_months_ago": (p - 180 * day, p - 45 * day),
        "this_month": (p.replace(day=1), p),
        "earlier_this_month": (p.replace(day=1), p),
        "this_year": (date(p.year, 1, 1), p),
        "last_year": (date(p.year - 1, 1, 1), date(p.year - 1, 12, 31)),
        "next_year": (date(p.year + 1, 1, 1), date(p.year + 1, 12, 31)),
    }
    if key in spans:
        return spans[key]
    if key in ("last_month", "next_month"):
        y, m = _shift_months(p, -1 if key == "last_month" else 1)
        return date(y, m, 1), _month_end(y, m)
    return None


# ---------------------------------------------------------------- resolve


def resolve(mention: DateMention, anchor: DateAnchor) -> DateValue:
    """The date a mention designates, at the precision the anchor allows, with its reason."""
    resolver: dict[str, Callable[[DateMention, DateAnchor], DateValue]] = {
        "day_month_year": _resolve_full,
        "month_year": _resolve_month_year,
        "year": _resolve_year,
        "day_month": _resolve_day_month,
        "month": _resolve_month,
        "weekday": _resolve_weekday,
        "relative": _resolve_relative,
    }
    return resolver[mention.kind](mention, anchor)


def _resolve_full(m: DateMention, anchor: DateAnchor) -> DateValue:
    assert m.year and m.month and m.day
    d = _safe_date(m.year, m.month, m.day)
    if d is None:
        return DateValue.unknown(f"{_dm_label(m)} is not a valid calendar date")
    return DateValue(d.isoformat(), "day", f"{_dm_label(m)}: explicit date")


def _resolve_month_year(m: DateMention, anchor: DateAnchor) -> DateValue:
    assert m.year and m.month
    return DateValue(f"{m.year:04d}-{m.month:02d}", "month", f"{_dm_label(m)}: explicit month and year")


def _resolve_year(m: DateMention, anchor: DateAnchor) -> DateValue:
    return DateValue(f"{m.year:04d}", "year", f"{_dm_label(m)}: explicit year")


def _single_year(m: DateMention, anchor: DateAnchor) -> tuple[int | None, str]:
    """The year of a yearless date when the publication year is unknown."""
    years = list(anchor.years)
    if m.kind == "day_month" and m.weekday is not None and m.day and m.month and len(years) > 1:
        fitting = [y for y in years if (d := _safe_date(y, m.month, m.day)) and d.weekday() == m.weekday]
        if len(fitting) == 1:
            return fitting[0], (f"year {fitting[0]}: the only plausible year in which "
                                f"{m.day} {month_name(m.month)} is a {_weekday_label(m.weekday)}")
    if len(years) == 1:
        return years[0], f"year {years[0]}: the only plausible year for the article"
    if years:
        return None, f"no publication year (plausible years {years[0]}–{years[-1]})"
    return None, "no publication year to place it in"


def _resolve_day_month(m: DateMention, anchor: DateAnchor) -> DateValue:
    assert m.month and m.day
    period = _pub_period(anchor)
    label = _dm_label(m)
    if period is None:
        year, why = _single_year(m, anchor)
        if year is None:
            return DateValue.unknown(f"{label}: {why}")
        d = _safe_date(year, m.month, m.day)
        return DateValue(d.isoformat(), "day", f"{label}; {why}") if d else DateValue.unknown(
            f"{label} is not a valid date in {year}")
    lo, hi = period
    precision = anchor.published.precision
    year = hi.year
    d = _safe_date(year, m.month, m.day)
    if m.direction == "future":
        # "le 12 mars prochain": the next such date after publication.
        if d is None or d < lo:
            year += 1
        why = "the next such date after publication"
    else:
        limit = hi if precision == "day" else (_month_end(hi.year, hi.month) if precision == "month" else hi)
        strict = m.direction == "past" and precision == "day"  # "le 12 mars dernier"
        if d is None or d > limit or (strict and d >= limit):
            year -= 1
        why = "the latest such date before publication" if strict else "the latest such date on or before publication"
    d = _safe_date(year, m.month, m.day)
    if d is None:
        return DateValue.unknown(f"{label} is not a valid date in {year}")
    return DateValue(d.isoformat(), "day",
                     f"{label}: year {year}, {why} ({anchor.published.value})")


def _resolve_month(m: DateMention, anchor: DateAnchor) -> DateValue:
    assert m.month
    period = _pub_period(anchor)
    label = _dm_label(m)
    if period is None:
        year, why = _single_year(m, anchor)
        if year is None:
            return DateValue.unknown(f"{label}: {why}")
        return DateValue(f"{year:04d}-{m.month:02d}", "month", f"{label}; {why}")
    lo, hi = period
    precision = anchor.published.precision
    year = hi.year
    if m.direction == "future":
        if (year, m.month) < (lo.year, lo.month):
            year += 1
        why = "the next such month after publication"
    elif m.direction == "past" and precision in ("day", "month"):
        # "en avril dernier": a past April, so not the publication month itself
        if (year, m.month) >= (hi.year, hi.month):
            year -= 1
        why = "the latest such month before publication"
    else:
        if (year, m.month) > (hi.year, hi.month):
            year -= 1
        why = "the latest such month not after publication"
    return DateValue(f"{year:04d}-{m.month:02d}", "month",
                     f"{label}: year {year}, {why} ({anchor.published.value})")


def _resolve_weekday(m: DateMention, anchor: DateAnchor) -> DateValue:
    assert m.weekday is not None
    period = _pub_period(anchor)
    label = _dm_label(m)
    name = _weekday_label(m.weekday)
    if period is None:
        return DateValue.unknown(f"{label}: no publication date to resolve against")
    lo, hi = period
    precision = anchor.published.precision
    if precision == "day":
        pub = lo
        if m.direction == "future":
            d = pub + timedelta(days=(m.weekday - pub.weekday() - 1) % 7 + 1)
            return DateValue(d.isoformat(), "day", f"{label}: the first {name} after publication ({pub})")
        back = (pub.weekday() - m.weekday) % 7
        if m.direction == "past" and back == 0:
            back = 7
        d = pub - timedelta(days=back)
        rule = "strictly before" if m.direction == "past" else "on or before"
        return DateValue(d.isoformat(), "day", f"{label}: the latest {name} {rule} publication ({pub})")
    if precision == "month":
        month = f"{lo.year:04d}-{lo.month:02d}"
        nb = anchor.not_before
        if m.direction != "future" and nb and nb[:7] == month:
            start = date.fromisoformat(nb)
            d = start + timedelta(days=(m.weekday - start.weekday()) % 7)
            if d.month == lo.month:
                return DateValue(d.isoformat(), "day",
                                 f"{label}: first {name} on or after the latest date the text mentions "
                                 f"({start}), in publication month {month}")
        return DateValue(month, "month",
                         f"{label}: publication month {month}; the day cannot be determined")
    return DateValue(f"{lo.year:04d}", "year",
                     f"{label}: publication year {lo.year}; the day cannot be determined")


def _resolve_relative(m: DateMention, anchor: DateAnchor) -> DateValue:
    assert m.relative
    period = _pub_period(anchor)
    label = _dm_label(m)
    if period is None:
        return DateValue.unknown(f"{label}: no publication date to resolve against")
    lo_pub, hi_pub = period
    first = _relative_range(m.relative, lo_pub)
    last = _relative_range(m.relative, hi_pub)
    if first is None or last is None:
        return DateValue.unknown(f"{label}: relative expression not understood")
    return _summarize(first[0], last[1], f"{label} relative to publication ({anchor.published.value})")


# ---------------------------------------------------------------- anchor and sorting


def body_ranges(text: str, noise: list[NoiseSpan]) -> list[tuple[int, int]]:
    """The stretches of ``text`` outside page noise."""
    ranges, pos = [], 0
    for span in sorted(noise, key=lambda n: n.start):
        if span.start > pos:
            ranges.append((pos, span.start))
        pos = max(pos, span.end)
    if pos < len(text):
        ranges.append((pos, len(text)))
    return ranges


def body_mentions(text: str, noise: list[NoiseSpan]) -> list[DateMention]:
    """Date mentions in the article body (never in page noise)."""
    return list(_body_mentions(text, tuple(noise)))


@lru_cache(maxsize=8)
def _body_mentions(text: str, noise: tuple[NoiseSpan, ...]) -> tuple[DateMention, ...]:
    out: list[DateMention] = []
    for lo, hi in body_ranges(text, list(noise)):
        out.extend(find_date_mentions(text, lo, hi))
    return tuple(out)


def latest_body_day(text: str, noise: list[NoiseSpan], published: DateValue) -> str | None:
    """The latest day-precise past date the body mentions that is not after the publication period."""
    if not published.known or published.value is None:
        return None
    _, hi = _parse(published.value)
    bare = DateAnchor(published)
    best: str | None = None
    folded = fold(text)
    for m in body_mentions(text, noise):
        if m.kind not in ("day_month", "day_month_year") or m.direction == "future":
            continue  # "le sommet prévu le 28 juillet" is not a day already past
        if m.kind == "day_month_year" and _future_context(folded, m.start):
            continue
        value = resolve(m, bare)
        if value.precision == "day" and value.value and value.value <= hi.isoformat():
            best = max(best or value.value, value.value)
    return best


@lru_cache(maxsize=1)
def _future_markers() -> re.Pattern[str]:
    raw = date_vocabulary()
    words = "|".join(re.escape(fold(w)) for w in raw["future_context_markers"])
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])")


def _future_context(folded: str, pos: int) -> bool:
    """Whether the clause leading to ``pos`` speaks of the future ("doit se tenir le 28 juillet")."""
    stops = [folded.rfind(c, 0, pos) for c in ".!?;\n"]
    start = max(max(stops) + 1, pos - 120)
    return bool(_future_markers().search(folded, start, pos))


def build_anchor(text: str, noise: list[NoiseSpan], meta: ArticleMeta) -> DateAnchor:
    """The anchor for one article: its publication date, a lower bound on the publication day
    when only the month is known, and its plausible years when the year is unknown."""
    from app.extraction.years import infer_years  # late: years.py uses this module

    published = meta.published
    not_before = None
    if published.known and published.precision in ("month", "year"):
        not_before = latest_body_day(text, noise, published)
    if published.known and published.value:
        years: tuple[int, ...] = (int(published.value[:4]),)
    else:
        years = infer_years(text, noise).candidates
    return DateAnchor(published=published, not_before=not_before, years=years)


def date_sort_key(value: str | None) -> str | None:
    """A sortable day string: the first day of the period ("2022-11" -> "2022-11-01")."""
    if not value:
        return None
    if len(value) == 4:
        return f"{value}-01-01"
    if len(value) == 7:
        return f"{value}-01"
    return value
