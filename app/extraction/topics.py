"""Topic taxonomy (app/data/topics.yaml) and topic assignment to passages of text.

Cues are French words or phrases matched on accent-folded text with word boundaries, so an
analyst adds a topic by editing the YAML file only. A contact takes the topics of its own
sentences and of the passage that describes its talks (``app/data/topic_passages.yaml``):
``assign_passage_topics`` runs after the contact and claim steps, since the quotes that follow
a meeting are found by the claim step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator

from app.extraction.datafiles import data_file
from app.extraction.datamodels import parse_data
from app.extraction.gazetteer import get_gazetteer
from app.extraction.records import Claim, Contact
from app.extraction.textfold import fold

DEFAULT_PATH = data_file("topics.yaml")
PASSAGES_PATH = data_file("topic_passages.yaml")
# Subject pronouns that stand for a person named before (not "on", not "ce"/"cela").
_PERSONAL = frozenset({"il", "elle", "ils", "elles"})


def cue_list(value: list[str]) -> list[str]:
    """Validator for a list of cue phrases: every one a non-empty string."""
    if any(not isinstance(v, str) or not v.strip() for v in value):
        raise ValueError("every cue must be a non-empty phrase")
    return value


def read_data(path: Path, model):  # noqa: ANN001, ANN201 - a pydantic model class and instance
    """The YAML file at ``path`` validated by ``model``; a bad file raises ``DataFileError``
    naming the file and the key."""
    return parse_data(path.name, path.read_text(encoding="utf-8"), model)


class TopicEntry(BaseModel):
    """One topic of ``topics.yaml``."""

    model_config = ConfigDict(extra="forbid")
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str | None = None
    description: str = ""
    cues: list[str] = Field(min_length=1)
    _cues = field_validator("cues")(cue_list)


class TopicsFile(RootModel[list[TopicEntry]]):
    """``topics.yaml``: a list of topics with distinct slugs."""

    @field_validator("root")
    @classmethod
    def _distinct(cls, value: list[TopicEntry]) -> list[TopicEntry]:
        slugs = [t.slug for t in value]
        repeated = sorted({s for s in slugs if slugs.count(s) > 1})
        if repeated:
            raise ValueError(f"slug {repeated} repeated")
        return value


class PassageCuesFile(BaseModel):
    """``topic_passages.yaml``: what tells that a sentence still describes a contact's talks."""

    model_config = ConfigDict(extra="forbid")
    talks: list[str] = Field(min_length=1)
    back_references: list[str] = Field(min_length=1)
    points_back: list[str] = Field(min_length=1)
    _cues = field_validator("talks", "back_references", "points_back")(cue_list)


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
        entries = read_data(path or DEFAULT_PATH, TopicsFile).root
        topics = [Topic(e.slug, e.label or e.slug, e.description, tuple(e.cues)) for e in entries]
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


# ------------------------------------------------------------------- the passage of a contact

@dataclass(frozen=True)
class PassageCues:
    talks: re.Pattern[str]
    back_references: re.Pattern[str]
    points_back: re.Pattern[str]

    @classmethod
    def load(cls, path: Path | None = None) -> PassageCues:
        cues = read_data(path or PASSAGES_PATH, PassageCuesFile)
        return cls(phrase_pattern(cues.talks), phrase_pattern(cues.back_references),
                   phrase_pattern(cues.points_back))


@lru_cache(maxsize=4)
def get_passage_cues(path: str | None = None) -> PassageCues:
    return PassageCues.load(Path(path) if path else None)


def assign_passage_topics(ctx, contacts: list[Contact], claims: list[Claim]) -> None:  # noqa: ANN001
    """Add to each contact of one article the topics of the passage that describes its talks.

    Call after the contact and claim steps of the article (the pipeline does). Topics already
    set stay; the passage's are appended in taxonomy order.
    """
    taxonomy, cues = get_taxonomy(), get_passage_cues()
    spans = [(s.start_char, s.end_char) for s in ctx.sentences]
    own = [_sentences_of(contact, ctx.key, spans) for contact in contacts]
    for contact, passage in zip(contacts, contact_passages(ctx, contacts, claims, own, cues)):
        found = set(contact.topics)
        for i in sorted(passage):
            start, end = spans[i]
            masks = [(m.start, m.end) for m in ctx.mentions_in(start, end) if m.key and not _is_country(m.key)]
            masks += [(n.start, n.end) for n in ctx.noise]
            found.update(taxonomy.topics_in(ctx.text, start, end, masks))
        contact.topics = [s for s in taxonomy.slugs if s in found]


def contact_passages(ctx, contacts: list[Contact], claims: list[Claim], own: list[set[int]],  # noqa: ANN001
                     cues: PassageCues) -> list[set[int]]:
    """For each contact, its own sentences and those that go on describing its talks."""
    spans = [(s.start_char, s.end_char) for s in ctx.sentences]
    speakers = [{c.attributed_to for c in claims if c.attributed_to and a <= c.start < b} for a, b in spans]
    taken = set().union(*own) if own else set()
    out = []
    for contact, mine in zip(contacts, own):
        passage = set(mine)
        if not mine:
            out.append(passage)
            continue
        names = {p.name for p in contact.participants}
        first = min(mine)
        if first > 0 and first - 1 not in taken and cues.points_back.search(folded(ctx.text), *spans[first]) \
                and cues.points_back.search(folded(ctx.text), *spans[first]).start() - spans[first][0] < 3:
            passage.add(first - 1)
        i = max(mine) + 1
        while i < len(spans) and i not in taken:
            start, end = spans[i]
            text = folded(ctx.text)
            sentence = ctx.sentences[i]
            if _verbless_line(sentence):
                i += 1
                continue
            if not (cues.talks.search(text, start, end) or cues.back_references.search(text, start, end)
                    or speakers[i] & names or _pronoun_subject(sentence)):
                break
            passage.add(i)
            i += 1
        out.append(passage)
    return out


def _verbless_line(sentence) -> bool:  # noqa: ANN001 - spaCy Span
    """A byline or subheading: a short line with no verb."""
    return len(sentence) <= 12 and not any(t.pos_ in ("VERB", "AUX") for t in sentence)


def _pronoun_subject(sentence) -> bool:  # noqa: ANN001 - spaCy Span
    """The sentence's main verb has a personal pronoun as subject ("Il a ensuite souligné…")."""
    root = sentence.root
    return any(c.dep_ in ("nsubj", "expl:subj", "nsubj:pass") and c.pos_ == "PRON" and c.lower_ in _PERSONAL
               for c in root.children)


def _sentences_of(contact: Contact, article: str, spans: list[tuple[int, int]]) -> set[int]:
    return {i for i, (a, b) in enumerate(spans)
            for s in contact.sources if s.article == article and s.start < b and a < s.end}


def _is_country(key: str) -> bool:
    entry = get_gazetteer().actors.get(key)
    return entry is not None and entry.kind == "country"
