"""What an article's text says about the article itself: title, outlet, language, publication date.

Publication date, in order of trust:

1. a header line "date 2022-11" / "date 2022-11-09" among the first lines, even under a title or
   blank line (source "header"); a month header
   gets its day from a dateline or a "ce 24 novembre" naming a day of that month;
2. a "Publié le 19 juillet 2022" line or a short timestamp line near the top (source "header");
3. a dateline opening an early paragraph: "9 novembre (Reuters) -", "PARIS, 9 novembre (AFP) -",
   "Moscou, le 3 mars -" (source "dateline"); a yearless dateline gets its year from
   ``years.infer_years`` (office holders, present-year statements, the weekday of the story day);
4. a deictic "ce 24 janvier" in the body: the journalist's today (source "in-text year" when a
   present-year statement gives the year, else "inference").

Page noise never dates the article (a photo caption's "le 21 février 2022" is not the story
day), but page noise may name the outlet ("Suivez RT en français sur Telegram").

Title: the rest of a "date ..." header line, else the first meaningful line when it reads as a
heading (no final full stop, under 200 characters). Junk lines such as "(.)" are skipped. When
the article opens straight into prose, the title is None: we do not invent a headline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlsplit

from app.extraction.dates import DateMention, find_date_mentions
from app.extraction.gazetteer import get_gazetteer
from app.extraction.noise import Line, in_noise, split_lines
from app.extraction.records import ArticleMeta, DateValue, NoiseSpan, PublishedSource
from app.extraction.textfold import fold
from app.extraction.years import infer_years

MAX_TITLE = 200
MIN_TITLE_WORDS = 3
DATELINE_PARAGRAPHS = 4  # a dateline opens one of the first body paragraphs
HEADER = re.compile(r"^\s*date\s+(?P<y>(?:19|20)\d\d)(?:-(?P<m>0[1-9]|1[0-2])(?:-(?P<d>0[1-9]|[12]\d|3[01]))?)?(?=\s|$)")
PUBLISHED_CUE = re.compile(r"^\s*(?:publie|mis en ligne|paru|date de publication)\b\s*(?:le|:)?\s*")
SOCIAL_OUTLET = re.compile(
    r"\s*(?:suivez|suivre|rejoignez|retrouvez)\s+(?!-?nous\b)(?P<o>.+?)\s*(?:sur|via)\s*(?:notre chaine\s*)?"
    r"(?:telegram|x|twitter|facebook|whatsapp|instagram|youtube|tiktok|vk|rutube)\b"
)
# "Le Monde avec AFP", "Par Le Figaro avec AFP et Reuters": the first name is the outlet.
WITH_AGENCY = re.compile(r"^\s*(?:par\s+)?(?P<o>[^\W\d_][\w'’ .-]{1,30}?)\s+avec\s+(?:l'|les\s+)?"
                         r"(?:afp|reuters|ap|agences?|tass|ria novosti|sputnik)\b[\w ,'’.-]{0,30}$")
SIGN_OFF = re.compile(r"\((?:reportage|reporting|redige par|redaction)\s+(?P<o>[a-z][\w-]+)")
PLACE = r"(?:[A-ZÀ-Ý][\w'’.\- ]{1,40},\s*)?(?:[Ll]e\s+)?"
AFTER_DATE = re.compile(r"\s*\.?\s*(?:\((?P<o>[^()\n]{2,40})\)|/(?P<a>[^/\n]{2,20})/)?\s*\.?\s*(?P<dash>[-–—])?")
PLACE_OUTLET = re.compile(r"^[A-ZÀ-Ý][\w'’ .-]{1,40}?\s*\((?P<o>[A-Za-z][\w .-]{1,30})\)\s*[-–—]")

_FR = {"le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "que", "qui", "dans", "pour", "avec", "sur", "pas", "au", "aux", "il", "elle"}
_EN = {"the", "of", "and", "is", "to", "in", "that", "for", "with", "on", "was", "are", "by", "it"}


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int
    mention: DateMention | None
    outlet: str | None


def read_metadata(text: str, noise: list[NoiseSpan], *, origin: str | None = None) -> ArticleMeta:
    """Title, outlet, language and publication date as the text states them.

    ``origin`` (a file name or URL) is accepted for callers' convenience; the text decides.
    """
    body = [line for line in split_lines(text) if not in_noise(noise, line.start, line.end)]
    dateline = find_dateline(text, body)
    published, source = _published(text, noise, body, dateline)
    return ArticleMeta(
        title=_title(text, body),
        outlet=_outlet(text, noise, dateline),
        language=detect_language(text),
        published=published,
        published_source=source,
    )


def with_declared(meta: ArticleMeta, declared: Mapping[str, str | None] | None) -> ArticleMeta:
    """The text's metadata completed by what its sender declared beside it (a feed entry's
    title, outlet and publication time; see ``Article.declared``).

    A declared title and outlet name the article as its publisher does, so they win. A declared
    publication time wins over everything the text only implies, but not over a header line the
    page itself states ("Publié le ..."), which is the article's own word.
    """
    if not declared:
        return meta
    changes: dict = {}
    for name in ("title", "outlet"):
        value = (declared.get(name) or "").strip()
        if value:
            changes[name] = value
    day = declared_day(declared.get("published"))
    if day and not (meta.published_source == "header" and meta.published.known):
        changes["published"] = DateValue(day, "day", f"publication time declared by the source ({declared['published']})")
        changes["published_source"] = "declared"
    return replace(meta, **changes)


def declared_day(value: str | None) -> str | None:
    """The day ("YYYY-MM-DD") of a declared ISO 8601 time, in its own time zone, or None."""
    match = re.match(r"^\s*((?:19|20)\d\d-\d\d-\d\d)", value or "")
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- title and language


def _is_junk(line: str) -> bool:
    return not re.search(r"[^\W\d_]{3,}", line)


def _heading_like(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) < MAX_TITLE and not line.endswith((".", ",", ";", ":"))


BYLINE = re.compile(r"^\s*(?:par\s+\S|publie|mis a jour|mis en ligne|modifie le)")


def _byline(line: str) -> bool:
    """Author and timestamp lines are not headlines."""
    folded = fold(line)
    return len(line) <= 120 and bool(BYLINE.match(folded) or WITH_AGENCY.match(folded))


HEADER_LINES = 3  # the "date ..." stamp may sit under a title line or a blank line


def _header(body: list[Line]) -> tuple[re.Match[str], int] | None:
    """The "date YYYY[-MM[-DD]]" stamp on one of the first lines, and that line's index."""
    for index, line in enumerate(body[:HEADER_LINES]):
        match = HEADER.match(line.text)
        if match:
            return match, index
    return None


def _title(text: str, body: list[Line]) -> str | None:
    found = _header(body)
    if found:
        header, index = found
        rest = body[index].text[header.end():].strip()
        if _heading_like(rest) and not _is_junk(rest):
            return rest
        above = [line.text.strip() for line in body[:index]
                 if not _is_junk(line.text) and not _byline(line.text)]
        return above[0] if above and _heading_like(above[0]) else None
    for line in body:
        if _is_junk(line.text) or _byline(line.text):
            continue
        if not _heading_like(line.text) or _opens_with_dateline(line):
            return None  # the article opens straight into prose
        if len(line.text.split()) >= MIN_TITLE_WORDS:
            return line.text.strip()
        # one or two words: a rubric ("Russie", "International") above the headline
    return None


def detect_language(text: str) -> str:
    """"fr" or "en" by counting common words (crude, but enough for a press feed)."""
    words = re.findall(r"[a-zà-ÿ]+", text[:3000].lower())
    fr = sum(w in _FR for w in words)
    en = sum(w in _EN for w in words)
    return "en" if en > fr * 1.5 and en >= 5 else "fr"


# ---------------------------------------------------------------- datelines and outlet


def _opens_with_dateline(line: Line) -> bool:
    return bool(PLACE_OUTLET.match(line.text)) or _date_at_head(line) is not None


def _date_at_head(line: Line) -> tuple[DateMention, re.Match[str]] | None:
    """A day-and-month date at the head of a paragraph, after at most a place name, and followed
    by "(Outlet) -", "/TASS/" or a dash: "PARIS, 9 novembre (AFP) -", "Moscou, le 3 mars -"."""
    mentions = [m for m in find_date_mentions(line.text, 0, min(len(line.text), 80))
                if m.kind in ("day_month", "day_month_year")]
    if not mentions:
        return None
    m = mentions[0]
    if not re.fullmatch(PLACE, line.text[:m.start]):
        return None
    after = AFTER_DATE.match(line.text, m.end)
    if not after or not (after["o"] or after["a"] or after["dash"]):
        return None
    return replace(m, start=line.start + m.start, end=line.start + m.end), after


def find_dateline(text: str, body: list[Line]) -> Dateline | None:
    """The dateline of one of the first body paragraphs, if any."""
    for line in [ln for ln in body if not _is_junk(ln.text)][:DATELINE_PARAGRAPHS]:
        found = _date_at_head(line)
        if found:
            mention, after = found
            outlet = after["o"] or after["a"]
            return Dateline(line.start, line.start + after.end(), mention, _outlet_name(outlet))
        place = PLACE_OUTLET.match(line.text) or _agency_head(line.text)
        if place:
            return Dateline(line.start, line.start + place.end(), None, _outlet_name(place["o"]))
    return None


def dateline_end(text: str, start: int, end: int) -> int | None:
    """Where the dateline opening the paragraph ``text[start:end]`` ends ("Moscou, 5 mars
    (AFP) - "), or None when the paragraph opens with no dateline."""
    line = Line(start, end, text[start:end], fold(text[start:end]).strip())
    found = _date_at_head(line)
    if found:
        return start + found[1].end()
    place = PLACE_OUTLET.match(line.text) or _agency_head(line.text)
    return start + place.end() if place else None


# "Téhéran, IRNA - ...", "Pars Today - ...": a paragraph opened by a known outlet's name.
AGENCY_HEAD = re.compile(r"^(?:[A-ZÀ-Ý][\w'’ .-]{1,30}?,\s*)?(?P<o>[A-Z][\w.’' -]{1,24}?)\s*[-–—:]\s")


def _agency_head(line: str) -> re.Match[str] | None:
    m = AGENCY_HEAD.match(line)
    if not m:
        return None
    entry = get_gazetteer().by_alias(m["o"])
    return m if entry is not None and entry.kind == "outlet" else None


def _outlet_name(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.strip(" .")
    if not raw or re.search(r"\d", raw) or len(raw.split()) > 4:
        return None
    entry = get_gazetteer().by_alias(raw)
    if entry is not None and entry.kind == "outlet":
        return entry.name
    return raw


def url_outlet(origin: str | None) -> str | None:
    """The domain of a URL origin ("https://www.example.org/a" -> "example.org")."""
    if not origin or not origin.startswith(("http://", "https://")):
        return None
    host = (urlsplit(origin).hostname or "").lower()
    return host.removeprefix("www.") or None


def _outlet(text: str, noise: list[NoiseSpan], dateline: Dateline | None) -> str | None:
    """The article's own outlet: its dateline, a "follow <outlet> on ..." line, or a wire sign-off."""
    if dateline and dateline.outlet:
        return dateline.outlet
    folded = fold(text)
    for span in noise:
        if span.label != "social-follow":
            continue
        m = SOCIAL_OUTLET.match(folded, span.start, span.end)
        if m:
            return text[m.start("o"):m.end("o")].strip()
    for line in split_lines(text)[:12]:
        m = WITH_AGENCY.match(fold(line.text))
        if m and line.text[m.start("o")].isupper():
            return line.text[m.start("o"):m.end("o")].strip()
    sign_off = SIGN_OFF.search(folded)
    if sign_off:
        # "(Reportage Reuters, ...)" names the agency; "(Reportage Parisa Hafezi ...)" a reporter.
        entry = get_gazetteer().by_alias(text[sign_off.start("o"):sign_off.end("o")])
        return entry.name if entry is not None and entry.kind == "outlet" else None
    return None


# ---------------------------------------------------------------- publication date


def _published(text: str, noise: list[NoiseSpan], body: list[Line], dateline: Dateline | None
               ) -> tuple[DateValue, PublishedSource]:
    found = _header(body)
    # A stamp opening the text counts even when the rest of its line is page noise (a caption).
    header = found[0] if found else HEADER.match(text)
    if header:
        day = header["d"]
        if day and not _valid_day(int(header["y"]), int(header["m"]), int(day)):
            day = None  # "date 2024-02-30": keep what is certain, the month
        value = "-".join(p for p in (header["y"], header["m"], day) if p)
        precision = "day" if day else ("month" if header["m"] else "year")
        stated = DateValue(value, precision, f"header '{header.group(0).strip()}'")
        refined = _day_in_header_month(text, noise, dateline, stated) if precision == "month" else None
        return refined or (stated, "header")
    published_line = _published_line(text, body)
    if published_line:
        return published_line, "header"
    if dateline and dateline.mention:
        return _from_story_day(text, noise, body, dateline.mention, "dateline")
    deictic = _deictic_today(text, noise)
    if deictic:
        return _from_story_day(text, noise, body, deictic, "deictic")
    return DateValue.unknown("no publication date in the text"), "none"


def _day_in_header_month(text: str, noise: list[NoiseSpan], dateline: Dateline | None, header: DateValue
                         ) -> tuple[DateValue, PublishedSource] | None:
    """A dateline or a deictic "ce 24 janvier" naming a day of the header's month gives the day."""
    assert header.value
    year, month = int(header.value[:4]), int(header.value[5:7])
    candidates = [(dateline.mention, "dateline")] if dateline and dateline.mention else []
    deictic = _deictic_today(text, noise)
    if deictic is not None:
        candidates.append((deictic, "in-text year"))
    for mention, source in candidates:
        if mention.month == month and mention.year in (None, year) and mention.day \
                and _valid_day(year, month, mention.day):
            value = f"{year:04d}-{month:02d}-{mention.day:02d}"
            return DateValue(value, "day", f"{header.reason}; '{mention.text.strip()}' names the day"), \
                source  # type: ignore[return-value]
    return None


CLOCK = re.compile(r"\s*(?:,\s*)?(?:a|-|–|,)?\s*\d{1,2}\s*(?:h|:)\s*\d{2}\b")
MAX_STAMP_LINE = 150


def _stamp_tail(rest: str) -> bool:
    rest = rest.strip(" ,;")
    return not rest or rest[0] in "|/-–—(•·" or rest.startswith(
        ("mis a jour", "mise a jour", "modifie", "actualise", "par "))


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _published_line(text: str, body: list[Line]) -> DateValue | None:
    """"Publié le 19 juillet 2022 à 10h22", or a short timestamp line ("OLJ / AFP, le 19 septembre
    2023 à 12h30"), near the top of a page dump."""
    for line in body[:8]:
        folded = fold(line.text)
        cue = PUBLISHED_CUE.match(folded)
        if not cue and len(line.text) > MAX_STAMP_LINE:
            continue
        start = line.start + (cue.end() if cue else 0)
        for m in find_date_mentions(text, start, line.end):
            if m.kind != "day_month_year" or not _valid_day(m.year or 0, m.month or 0, m.day or 0):
                continue
            stamped = CLOCK.match(fold(text), m.end, line.end)
            # A timestamp line ends at the clock, or goes on with an update time, never with prose.
            if stamped and not _stamp_tail(fold(text)[stamped.end():line.end]):
                stamped = None
            if cue or stamped:
                return DateValue(f"{m.year:04d}-{m.month:02d}-{m.day:02d}", "day",
                                 f"publication line '{line.text.strip()[:60]}'")
            break
    return None


def _deictic_today(text: str, noise: list[NoiseSpan]) -> DateMention | None:
    """"ce 24 janvier", "ce mercredi 24 janvier", "aujourd'hui 24 janvier" in the body: the
    journalist's today."""
    from app.extraction.dates import body_mentions

    folded = fold(text)
    for m in body_mentions(text, noise):
        if m.kind not in ("day_month", "day_month_year"):
            continue
        if fold(m.text).startswith("ce ") or TODAY_BEFORE.search(folded, max(0, m.start - 20), m.start):
            return m
    return None


# "aujourd'hui 24 janvier", "aujourd'hui, mercredi 24 janvier": today, written out.
TODAY_BEFORE = re.compile(r"aujourd'hui\s*,?\s*$")


def _same_day_with_year(text: str, noise: list[NoiseSpan], mention: DateMention) -> DateMention | None:
    """The same day and month written with its year elsewhere in the body ("le 24 janvier 2024")."""
    from app.extraction.dates import body_mentions

    for m in body_mentions(text, noise):
        if m.kind == "day_month_year" and (m.day, m.month) == (mention.day, mention.month):
            return m
    return None


ANNIVERSARY = re.compile(r"anniversaire|commemor|jour pour jour|il y a (?:\d+|un|deux|trois|quatre|cinq|dix) ans")


def _consistent(text: str, noise: list[NoiseSpan], year: int | None) -> bool:
    """Whether a year written next to the story day may be the article's own (not an anniversary)."""
    if year is None or ANNIVERSARY.search(fold(text)):
        return False
    evidence = infer_years(text, noise)
    return not evidence.candidates or year in evidence.candidates


def _lead_weekday(text: str, body: list[Line], mention: DateMention) -> DateMention | None:
    """A bare weekday in the dateline's own sentence: in wire copy it names the story day."""
    line = next((ln for ln in body if ln.start <= mention.start < ln.end), None)
    if line is None:
        return None
    stop = re.search(r"[.!?](?=\s|$)", text[mention.end:line.end])
    end = mention.end + stop.end() if stop else line.end
    for m in find_date_mentions(text, mention.end, end):
        if m.kind == "weekday" and m.direction is None:
            return m
    return None


def _from_story_day(text: str, noise: list[NoiseSpan], body: list[Line], mention: DateMention, how: str
                    ) -> tuple[DateValue, PublishedSource]:
    label = f"'{mention.text.strip()}'"
    what = f"dateline {label}" if how == "dateline" else f"{label} (the journalist's today)"
    if mention.year and mention.day and mention.month:
        if not _valid_day(mention.year, mention.month, mention.day):
            return DateValue.unknown(f"{what} is not a valid calendar date"), "none"
        value = f"{mention.year:04d}-{mention.month:02d}-{mention.day:02d}"
        return DateValue(value, "day", what), ("dateline" if how == "dateline" else "in-text year")
    assert mention.day and mention.month
    same_day = _same_day_with_year(text, noise, mention)
    if same_day is not None and not _consistent(text, noise, same_day.year):
        same_day = None
    if same_day is not None:
        value = f"{same_day.year:04d}-{mention.month:02d}-{mention.day:02d}"
        return (DateValue(value, "day", f"{what}; year {same_day.year} from '{same_day.text.strip()}' in the text"),
                "dateline" if how == "dateline" else "in-text year")
    weekday = mention.weekday
    weekday_text = None
    if weekday is None and how == "dateline":
        lead = _lead_weekday(text, body, mention)
        if lead is not None and lead.weekday is not None:
            weekday, weekday_text = lead.weekday, lead.text.split()[0].lower()
    inference = infer_years(text, noise, day=mention.day, month=mention.month, weekday=weekday,
                            weekday_text=weekday_text)
    if inference.year is None:
        return DateValue.unknown(f"{what} has no year; {inference.reason}"), "none"
    value = f"{inference.year:04d}-{mention.month:02d}-{mention.day:02d}"
    source: PublishedSource = "dateline" if how == "dateline" else inference.source  # type: ignore[assignment]
    return DateValue(value, "day", f"{what}; {inference.reason}"), source
