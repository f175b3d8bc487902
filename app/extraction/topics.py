"""Topic taxonomy (app/data/topics.yaml) and topic assignment to passages of text.

Cues are French words or phrases matched on accent-folded text with word boundaries, so an
analyst adds a topic by editing the YAML file only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from app.extraction.datafiles import data_file
from app.extraction.textfold import fold

DEFAULT_PATH = data_file("topics.yaml")


@lru_cache(maxsize=16)
def folded(text: str) -> str:
    """``fold(text)``, cached: the steps fold the same article text many times."""
    return fold(text)


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """A regex over folded text matching any phrase; a trailing ``*`` matches any word ending."""
    parts = []
    for phrase in sorted({p for p in phrases if p}, key=len, reverse=True):
        folded = fold(phrase.strip())
        if folded.endswith("*"):
            parts.append(re.escape(folded[:-1]) + r"[\w-]*")
        else:
            parts.append(re.escape(folded))
    body = "|".join(parts) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    description: str
    cues: tuple[str, ...]


@dataclass
class Taxonomy:
    topics: list[Topic]
    patterns: dict[str, re.Pattern[str]]

    @classmethod
    def load(cls, path: Path | None = None) -> Taxonomy:
        raw = yaml.safe_load((path or DEFAULT_PATH).read_text(encoding="utf-8")) or []
        topics = [
            Topic(t["slug"], t.get("label", t["slug"]), t.get("description", ""), tuple(t.get("cues") or ()))
            for t in raw
        ]
        return cls(topics, {t.slug: phrase_pattern(t.cues) for t in topics})

    @property
    def slugs(self) -> list[str]:
        return [t.slug for t in self.topics]

    def topics_in(self, text: str, start: int = 0, end: int | None = None,
                  masked: Iterable[tuple[int, int]] = ()) -> list[str]:
        """Slugs whose cues occur in ``text[start:end]`` outside the ``masked`` spans
        (actor names and titles: "Conseil de sécurité" names an office, not a topic)."""
        folded_text = folded(text)
        end = len(text) if end is None else end
        masks = list(masked)
        found = []
        for topic in self.topics:
            for m in self.patterns[topic.slug].finditer(folded_text, start, end):
                if not any(a < m.end() and m.start() < b for a, b in masks):
                    found.append(topic.slug)
                    break
        return found


@lru_cache(maxsize=4)
def get_taxonomy(path: str | None = None) -> Taxonomy:
    """The topic taxonomy loaded once per process."""
    return Taxonomy.load(Path(path) if path else None)
