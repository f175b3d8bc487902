"""Page furniture in article text: cookie banners, "follow us" lines, audio-player notices,
"most read" lists, photo captions and credits, menus, newsletter prompts, advertising slots.

``find_noise`` works line by line on the raw text and returns sorted, non-overlapping
``NoiseSpan``s (offsets into the text as stored). A real article paragraph is never swallowed:
every rule either needs a strong, site-voiced cue (a cookie banner speaks to "vous") or applies
only to short lines, and lists of headlines stop at the first line that is not a headline.

Labels: cookie-banner, social-follow, audio-notice, related-list, photo-caption, newsletter,
advertisement, navigation. Cue words live in ``app/data/noise.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from app.extraction.datafiles import data_file
from app.extraction.records import NoiseSpan
from app.extraction.textfold import fold

DATA_PATH = data_file("noise.yaml")

MAX_SOCIAL = 160
MAX_CAPTION = 400
MAX_PROMPT = 300
MAX_AUDIO = 600
MAX_NAV_WORDS = 6
MAX_NAV_LINE = 120
MAX_LIST_ITEMS = 15


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str  # original
    folded: str  # folded and stripped, for matching

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class _Rules:
    cookie: re.Pattern[str]
    voice: re.Pattern[str]
    buttons: re.Pattern[str]
    social: re.Pattern[str]
    social_anywhere: tuple[re.Pattern[str], ...]
    audio: tuple[re.Pattern[str], ...]
    list_headings: tuple[str, ...]
    single_headings: tuple[str, ...]
    caption: tuple[re.Pattern[str], ...]
    caption_cased: tuple[re.Pattern[str], ...]
    newsletter: tuple[re.Pattern[str], ...]
    advertisement: tuple[re.Pattern[str], ...]
    navigation: frozenset[str]
    navigation_patterns: tuple[re.Pattern[str], ...]


def _words(items: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(items) + r")(?![\w-])")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))
    return _Rules(
        cookie=_words(raw["cookie_cues"]),
        voice=_words([re.escape(w) for w in raw["site_voice"]]),
        buttons=re.compile(raw["cookie_buttons"]),
        social=re.compile(raw["social_follow"]),
        social_anywhere=tuple(re.compile(p) for p in raw["social_follow_anywhere"]),
        audio=tuple(re.compile(p) for p in raw["audio_notice"]),
        list_headings=tuple(raw["related_headings"]["list"]),
        single_headings=tuple(raw["related_headings"]["single"]),
        caption=tuple(re.compile(p) for p in raw["photo_caption"]),
        caption_cased=tuple(re.compile(p) for p in raw["photo_credit_cased"]),
        newsletter=tuple(re.compile(p) for p in raw["newsletter"]),
        advertisement=tuple(re.compile(p) for p in raw["advertisement"]),
        navigation=frozenset(raw["navigation"]),
        navigation_patterns=tuple(re.compile(p) for p in raw["navigation_patterns"]),
    )


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their offsets (trailing spaces excluded from the span)."""
    folded = fold(text)
    out = []
    for m in re.finditer(r"[^\n\r]+", text):
        stripped = m.group(0).rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        if not stripped.strip():
            continue
        start, end = m.start() + lead, m.start() + len(stripped)
        out.append(Line(start, end, text[start:end], folded[start:end].strip()))
    return out


def _bare(folded: str) -> str:
    """A line reduced to its words, for whole-line comparisons ("À lire aussi :" -> "a lire aussi")."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w' -]+", " ", folded)).strip(" -")


def _is_cookie(line: Line) -> bool:
    r = _rules()
    if r.buttons.match(line.folded):
        return True
    return bool(r.cookie.search(line.folded) and r.voice.search(line.folded))


def _is_audio(line: Line) -> bool:
    r = _rules()
    if len(line.text) > MAX_AUDIO or not any(p.search(line.folded) for p in r.audio):
        return False
    return len(line.text) <= 60 or bool(r.voice.search(line.folded))


def _line_label(line: Line) -> str | None:
    """The label of a line that is noise on its own, or None."""
    r = _rules()
    n = len(line.text)
    if _is_cookie(line):
        return "cookie-banner"
    if n <= MAX_SOCIAL and (r.social.search(line.folded) or any(p.search(line.folded) for p in r.social_anywhere)):
        return "social-follow"
    if _is_audio(line):
        return "audio-notice"
    if n <= MAX_CAPTION and (any(p.search(line.folded) for p in r.caption)
                             or any(p.search(line.text) for p in r.caption_cased)):
        return "photo-caption"
    if n <= MAX_PROMPT and any(p.search(line.folded) for p in r.newsletter):
        return "newsletter"
    if any(p.search(line.folded) for p in r.advertisement):
        return "advertisement"
    if n <= 40 and _bare(line.folded) in r.navigation:
        return "navigation"
    if n <= MAX_NAV_LINE and any(p.search(line.folded) for p in r.navigation_patterns):
        return "navigation"
    return None


def _heading_kind(line: Line) -> tuple[str, bool] | None:
    """("list"|"single", has_inline_headline) when the line opens a list of other articles."""
    r = _rules()
    bare = _bare(line.folded)
    for kind, headings in (("list", r.list_headings), ("single", r.single_headings)):
        for heading in headings:
            if bare == heading:
                return kind, False
            if kind == "single" and re.match(rf"{re.escape(heading)}\s*[:|>»-]", line.folded):
                return kind, True
    return None


def _is_headline(line: Line) -> bool:
    """A short line that reads as a headline (no final full stop, not a long sentence)."""
    text = line.text.strip()
    return len(text) <= 200 and line.words < 25 and not text.endswith((".", ";", ","))


def _is_paragraph(line: Line) -> bool:
    text = line.text.strip()
    return len(text) >= 120 or (line.words >= 12 and text.endswith((".", "!", "?", "»", '"', ")")))


def find_noise(text: str) -> list[NoiseSpan]:
    """Page-furniture spans of ``text``: sorted, merged, non-overlapping."""
    lines = split_lines(text)
    labels: list[str | None] = [_line_label(line) for line in lines]
    _mark_related_lists(lines, labels)
    _mark_trailer(lines, labels)
    _mark_sandwiched(lines, labels)
    spans = [NoiseSpan(line.start, line.end, label) for line, label in zip(lines, labels) if label]
    return _merge(text, spans)


def _mark_related_lists(lines: list[Line], labels: list[str | None]) -> None:
    i = 0
    while i < len(lines):
        heading = _heading_kind(lines[i]) if labels[i] is None else None
        if heading is None:
            i += 1
            continue
        kind, inline = heading
        labels[i] = "related-list"
        budget = 0 if inline else (1 if kind == "single" else MAX_LIST_ITEMS)
        j = i + 1
        while budget and j < len(lines) and labels[j] is None and _is_headline(lines[j]) \
                and _heading_kind(lines[j]) is None:
            labels[j] = "related-list"
            budget -= 1
            j += 1
        i = j


def _mark_trailer(lines: list[Line], labels: list[str | None]) -> None:
    """Short lines after the last article paragraph are site slogans and menus."""
    last_paragraph = max((k for k, line in enumerate(lines) if labels[k] is None and _is_paragraph(line)),
                         default=None)
    if last_paragraph is None:
        return
    for k in range(last_paragraph + 1, len(lines)):
        line = lines[k]
        # A closing quote or exclamation ("« Nous ne céderons pas »") is prose, not a slogan.
        if labels[k] is None and line.words <= MAX_NAV_WORDS and not line.text.rstrip().endswith(
                (".", "!", "?", "»", '"', "…", ")")):
            labels[k] = "navigation"


def _mark_sandwiched(lines: list[Line], labels: list[str | None]) -> None:
    """A one- to three-word line between two menu lines is a menu item too ("International /
    Russie / Moyen-Orient")."""
    for k in range(1, len(lines) - 1):
        if labels[k] is None and labels[k - 1] == labels[k + 1] == "navigation" and lines[k].words <= 3 \
                and not lines[k].text.rstrip().endswith((".", "!", "?", "»", '"')):
            labels[k] = "navigation"


def _merge(text: str, spans: list[NoiseSpan]) -> list[NoiseSpan]:
    """Join neighbouring spans of the same label separated only by whitespace."""
    merged: list[NoiseSpan] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and merged[-1].label == span.label and not text[merged[-1].end:span.start].strip():
            merged[-1] = NoiseSpan(merged[-1].start, max(merged[-1].end, span.end), span.label)
        elif merged and span.start < merged[-1].end:
            continue
        else:
            merged.append(span)
    return merged


def in_noise(noise: list[NoiseSpan], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` overlaps page noise."""
    return any(n.start < end and start < n.end for n in noise)
