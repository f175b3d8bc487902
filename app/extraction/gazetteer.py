"""The actor gazetteer: canonical actors, their aliases and their offices with dates.

Loaded from ``app/data/actors.yaml`` (an analyst edits that file, not this code). Matching is
case- and accent-insensitive and returns offsets into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from app.extraction.datafiles import data_file
from app.extraction.datamodels import ActorsFile, parse_data
from app.extraction.textfold import fold, fold_key

DEFAULT_PATH = data_file("actors.yaml")
# A misspelt surname matches a listed one at this similarity (difflib ratio) or above.
FUZZY_MIN_RATIO = 0.83
FUZZY_MIN_LENGTH = 5
FUZZY_MEMORY = 50_000  # words whose verdict is remembered before the memory starts afresh
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÀ-ÝŒ][\w-]{4,}(?![\w-])")


@dataclass(frozen=True)
class Role:
    """An office held between two dates (ISO strings; ``end`` None while in office)."""

    title: str
    start: str | None = None
    end: str | None = None
    fr: tuple[str, ...] = ()

    def held_on(self, day: str) -> bool:
        """Whether the office was held on ``day`` ("YYYY-MM-DD"; shorter prefixes compare by period)."""
        lo = self.start or "0000-01-01"
        hi = self.end or "9999-12-31"
        # A month or year counts as held if any of its days falls inside the term.
        return _period_end(day) >= lo and day <= hi


def _period_end(day: str) -> str:
    """The last possible day string of a (possibly partial) date, for range comparison."""
    if len(day) == 4:
        return day + "-12-31"
    if len(day) == 7:
        return day + "-31"
    return day


@dataclass(frozen=True)
class ActorEntry:
    key: str
    name: str
    country: str | None
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...] = ()

    def roles_on(self, day: str) -> list[Role]:
        return [r for r in self.roles if r.held_on(day)]

    def years_in_office(self, fr_title: str) -> set[int]:
        """Calendar years in which the actor held an office described by ``fr_title``."""
        want = fold_key(fr_title)
        years: set[int] = set()
        for role in self.roles:
            if any(fold_key(t) == want for t in role.fr):
                lo = int((role.start or "1900")[:4])
                hi = int((role.end or "2100")[:4])
                years.update(range(lo, hi + 1))
        return years


@dataclass(frozen=True)
class Mention:
    """An alias of a gazetteer actor found in the text."""

    start: int
    end: int
    key: str
    surface: str


@dataclass
class Gazetteer:
    actors: dict[str, ActorEntry]
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _alias_to_key: dict[str, str] = field(default_factory=dict, repr=False)
    _surnames: dict[str, str] = field(default_factory=dict, repr=False)  # one-word person aliases
    _name_parts: set[str] = field(default_factory=set, repr=False)  # words of multi-word names
    _alias_by_loose_key: dict[str, str] = field(default_factory=dict, repr=False)
    _offices: dict[str, list[tuple[ActorEntry, Role]]] = field(default_factory=dict, repr=False)  # by title key
    _fuzzy_seen: dict[str, str | None] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        source = path or DEFAULT_PATH
        raw = parse_data(source.name, source.read_text(encoding="utf-8"), ActorsFile).model_dump()
        actors = {}
        for item in raw:
            roles = tuple(
                Role(
                    title=r["title"],
                    start=str(r["start"]) if r.get("start") else None,
                    end=str(r["end"]) if r.get("end") else None,
                    fr=tuple(r.get("fr") or ()),
                )
                for r in item.get("roles") or ()
            )
            aliases = tuple(dict.fromkeys([item["name"], *(item.get("aliases") or ())]))
            actors[item["key"]] = ActorEntry(
                key=item["key"], name=item["name"], country=item.get("country"),
                kind=item.get("kind", "person"), aliases=aliases, roles=roles,
            )
        gaz = cls(actors)
        gaz._build()
        return gaz

    def _build(self) -> None:
        for entry in self.actors.values():
            for role in entry.roles:
                for title in dict.fromkeys(fold_key(t) for t in role.fr):
                    self._offices.setdefault(title, []).append((entry, role))
            for alias in entry.aliases:
                self._alias_to_key.setdefault(fold(alias), entry.key)
                if entry.kind == "person":
                    words = fold(alias).split()
                    self._name_parts.update(w for w in words if len(words) > 1)
                    if len(words) == 1 and len(words[0]) >= FUZZY_MIN_LENGTH:
                        self._surnames.setdefault(words[0], entry.key)
        for alias, key in self._alias_to_key.items():
            self._alias_by_loose_key.setdefault(fold_key(alias), key)
        # Longest alias first so "Ali Akbar Ahmadian" wins over "Ahmadian".
        alternatives = sorted(self._alias_to_key, key=len, reverse=True)
        body = "|".join(re.escape(a) for a in alternatives)
        self._pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")

    def find_mentions(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Every alias occurrence in ``text[start:end]``, with offsets into ``text``."""
        folded = fold(text)
        end = len(text) if end is None else end
        assert self._pattern is not None
        out = []
        for m in self._pattern.finditer(folded, start, end):
            # Acronym aliases ("UE", "USA", "CNN") must match their case, or "ue" hits words.
            key = self._alias_to_key[m.group(0)]
            surface = text[m.start():m.end()]
            if not self._case_ok(key, surface):
                continue
            out.append(Mention(m.start(), m.end(), key, surface))
        return out + self._fuzzy_mentions(text, folded, start, end, out)

    def _fuzzy_mentions(self, text: str, folded: str, start: int, end: int, found: list[Mention]) -> list[Mention]:
        """Misspelt surnames ("Poutne", "Amirabdollahian"): a capitalised word that no alias
        matches, close to exactly one person's one-word alias (same first letter, similarity at
        least ``FUZZY_MIN_RATIO``). Words that are part of a listed name ("Bagheri" in "Mohammad
        Bagheri") are never read as a misspelling of another."""
        out = []
        for m in _CAPITALISED.finditer(text, start, end):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            word = folded[m.start():m.end()]
            if word in self._alias_to_key or word in self._name_parts:
                continue
            key = self._close_surname(word)
            if key is not None:
                out.append(Mention(m.start(), m.end(), key, text[m.start():m.end()]))
        return out

    def _close_surname(self, word: str) -> str | None:
        """The one person whose one-word alias ``word`` is a misspelling of, if exactly one
        (remembered per word: the same capitalised words come back in every article)."""
        if word in self._fuzzy_seen:
            return self._fuzzy_seen[word]
        close = {key for alias, key in self._surnames.items()
                 if alias[0] == word[0] and abs(len(alias) - len(word)) <= 2
                 and SequenceMatcher(None, word, alias).ratio() >= FUZZY_MIN_RATIO}
        if len(self._fuzzy_seen) >= FUZZY_MEMORY:
            self._fuzzy_seen.clear()
        self._fuzzy_seen[word] = close.pop() if len(close) == 1 else None
        return self._fuzzy_seen[word]

    def _case_ok(self, key: str, surface: str) -> bool:
        """A short all-capitals alias ("UE", "CNN") matches only as written, since its lowercase
        form is often a plain word; a surface is fine if any alias spelt like it allows it
        ("Tass" is listed as well as "TASS")."""
        spelt_alike = [a for a in self.actors[key].aliases if fold(a) == fold(surface)]
        if not spelt_alike:
            return True
        return any(
            not (alias.isupper() and len(alias) <= 5) or surface.isupper() or surface == alias
            for alias in spelt_alike
        )

    def by_alias(self, name: str) -> ActorEntry | None:
        """The actor a name designates, if the name is a known alias (accent/case-insensitive)."""
        key = self._alias_to_key.get(fold(name.strip())) or self._alias_by_loose_key.get(fold_key(name))
        return self.actors.get(key) if key else None

    def holders(self, fr_title: str, on: str | None = None) -> list[ActorEntry]:
        """Actors whose office matches a French description ("président iranien"), on a date
        ("YYYY", "YYYY-MM" or "YYYY-MM-DD") when given."""
        out: list[ActorEntry] = []
        for entry, role in self._offices.get(fold_key(fr_title), ()):
            if (on is None or role.held_on(on)) and entry not in out:
                out.append(entry)
        return out


@lru_cache(maxsize=4)
def get_gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer loaded once per process."""
    return Gazetteer.load(Path(path) if path else None)
