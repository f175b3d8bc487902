"""What every extraction step reads about one article: text, noise, metadata, sentences, mentions.

Built once per article by the pipeline and passed, read-only, to the contact and claim steps.
Offsets are always into ``text`` exactly as stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from app.extraction.dates import DateAnchor
from app.extraction.gazetteer import Mention
from app.extraction.records import ArticleMeta, NoiseSpan


@dataclass
class ArticleContext:
    key: str  # file name (or sha256) that records cite
    text: str
    noise: list[NoiseSpan]
    meta: ArticleMeta
    anchor: DateAnchor  # what relative dates resolve against
    doc: Doc  # spaCy parse of the whole text (offsets align with ``text``)
    sentences: list[SpacySpan] = field(default_factory=list)  # body sentences, noise excluded
    mentions: list[Mention] = field(default_factory=list)  # gazetteer mentions in body sentences

    def in_noise(self, start: int, end: int) -> bool:
        """Whether a span overlaps page noise (such spans are never content)."""
        return any(n.start < end and start < n.end for n in self.noise)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]
