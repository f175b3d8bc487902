"""Whether an arriving item concerns Russia–Iran relations, with the reason in one line.

The rule and its words live in ``relevance.yaml`` (see its header); actors come from the
gazetteer, so a name added there counts here too. Pure: text in, ``Decision`` out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from app.extraction.datafiles import data_file
from app.extraction.gazetteer import get_gazetteer
from app.extraction.textfold import fold

FILE = "relevance.yaml"


@dataclass(frozen=True)
class Decision:
    relevant: bool
    reason: str


@dataclass(frozen=True)
class Side:
    country: str
    label: str
    words: re.Pattern[str] | None


def _pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    folded = sorted({fold(p.strip()) for p in phrases if p and p.strip()}, key=len, reverse=True)
    if not folded:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in folded) + r")(?![\w-])")


@dataclass(frozen=True)
class Relevance:
    sides: tuple[Side, ...]
    terms: tuple[str, ...]

    @classmethod
    def load(cls, path: Path | None = None) -> Relevance:
        """Read and validate the data file; a malformed one is refused with its name."""
        path = path or data_file(FILE)
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        sides = raw.get("sides") if isinstance(raw, dict) else None
        if not isinstance(sides, list) or len(sides) < 2:
            raise ValueError(f"{path.name}: 'sides' must list at least two sides")
        parsed = []
        for side in sides:
            if not isinstance(side, dict) or not side.get("country") or not side.get("label"):
                raise ValueError(f"{path.name}: every side needs a country and a label ({side!r})")
            parsed.append(Side(str(side["country"]), str(side["label"]),
                               _pattern(str(w) for w in side.get("words") or ())))
        terms = raw.get("terms") or []
        if not isinstance(terms, list):
            raise ValueError(f"{path.name}: 'terms' must be a list")
        return cls(tuple(parsed), tuple(str(t) for t in terms))

    def decide(self, text: str, extra_terms: Iterable[str] = ()) -> Decision:
        """Relevant when a term occurs, or when every side is named (by an actor or a word)."""
        folded = fold(text)
        terms = _pattern([*self.terms, *extra_terms])
        hit = terms.search(folded) if terms else None
        if hit:
            return Decision(True, f"uses the term “{text[hit.start():hit.end()]}”")
        named = self._named_sides(text, folded)
        found = [f"{side.label} ({named[side.country]})" for side in self.sides if side.country in named]
        missing = [side.label for side in self.sides if side.country not in named]
        if not missing:
            return Decision(True, "names " + " and ".join(found))
        if not found:
            return Decision(False, "names neither " + " nor ".join(missing))
        return Decision(False, f"names {' and '.join(found)} but not {' or '.join(missing)}")

    def _named_sides(self, text: str, folded: str) -> dict[str, str]:
        """Country code -> the first words in the text that name that side."""
        wanted = {side.country for side in self.sides}
        named: dict[str, tuple[int, str]] = {}
        gazetteer = get_gazetteer()
        for mention in gazetteer.find_mentions(text):
            country = gazetteer.actors[mention.key].country
            if country in wanted and (country not in named or mention.start < named[country][0]):
                named[country] = (mention.start, mention.surface)
        for side in self.sides:
            match = side.words.search(folded) if side.words else None
            if match and (side.country not in named or match.start() < named[side.country][0]):
                named[side.country] = (match.start(), text[match.start():match.end()])
        return {country: surface for country, (_, surface) in named.items()}


@lru_cache(maxsize=4)
def _load(path: str) -> Relevance:
    return Relevance.load(Path(path))


def get_relevance() -> Relevance:
    """The rule of the current data file (re-read when ``LIAISON_DATA_DIR`` points elsewhere)."""
    return _load(str(data_file(FILE)))
