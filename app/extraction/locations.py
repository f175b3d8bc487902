"""Places (app/data/places.yaml): French spellings to a normalised English name and a country."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.extraction.datafiles import data_file
from app.extraction.datamodels import PlacesFile, parse_data
from app.extraction.textfold import fold_key
from app.extraction.topics import folded, phrase_pattern

DEFAULT_PATH = data_file("places.yaml")


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    is_country: bool = False


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    place: Place


class Places:
    def __init__(self, entries: list[dict]):
        self._by_alias: dict[str, Place] = {}
        for e in entries:
            place = Place(e["name"], e.get("country"), bool(e.get("is_country")))
            for alias in [e["name"], *(e.get("aliases") or ())]:
                self._by_alias.setdefault(fold_key(alias), place)
        self._countries = {p.country: p for p in self._by_alias.values() if p.is_country}
        self._pattern = phrase_pattern(a for e in entries for a in [e["name"], *(e.get("aliases") or ())])
        # "la capitale kazakhe": a capital described by its country's adjective, not named.
        self._capitals = {fold_key(f"capitale {adj}"): self._by_alias[fold_key(e["name"])]
                          for e in entries for adj in e.get("capital_of") or ()}
        self._capital_pattern = phrase_pattern(f"capitale {adj}" for e in entries for adj in e.get("capital_of") or ())

    @classmethod
    def load(cls, path: Path | None = None) -> Places:
        source = path or DEFAULT_PATH
        return cls(parse_data(source.name, source.read_text(encoding="utf-8"), PlacesFile).model_dump())

    def lookup(self, name: str | None) -> Place | None:
        """The place a name (or a description such as "capitale iranienne") designates."""
        if not name:
            return None
        key = fold_key(name)
        return self._by_alias.get(key) or self._capitals.get(key)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[PlaceMention]:
        """Place names in ``text[start:end]``, with offsets into ``text``."""
        end = len(text) if end is None else end
        out = []
        for m in self._pattern.finditer(folded(text), start, end):
            surface = text[m.start():m.end()]
            if not surface[:1].isupper():  # "iran" inside ordinary words never; names are capitalised
                continue
            place = self.lookup(surface)
            if place:
                out.append(PlaceMention(m.start(), m.end(), place))
        for m in self._capital_pattern.finditer(folded(text), start, end):
            place = self._capitals.get(fold_key(text[m.start():m.end()]))
            if place:
                out.append(PlaceMention(m.start(), m.end(), place))
        return sorted(out, key=lambda pm: pm.start)

    def country_of(self, name: str | None) -> str | None:
        place = self.lookup(name)
        return place.country if place else None

    def within(self, inner: str | None, outer: str | None) -> bool:
        """Whether place ``inner`` lies in place ``outer`` (a city in its country, or the same)."""
        a, b = self.lookup(inner), self.lookup(outer)
        if a is None or b is None:
            return fold_key(inner or "") == fold_key(outer or "")
        return a == b or (b.is_country and a.country == b.country)


@lru_cache(maxsize=4)
def get_places(path: str | None = None) -> Places:
    """The place list loaded once per process."""
    return Places.load(Path(path) if path else None)
