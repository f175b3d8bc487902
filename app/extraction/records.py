"""Plain records that the extraction pipeline returns.

Extraction is pure: text and article metadata in, these records out. Nothing here knows about
the database or the web. Every span is a pair of character offsets into the article text exactly
as stored, so ``text[start:end] == quote`` always holds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Precision = Literal["day", "month", "year", "unknown"]
ContactKind = Literal["meeting", "call", "visit", "talks", "signing", "other"]
ClaimKind = Literal[
    "contact", "statement", "allegation", "denial", "admission", "agreement", "sanction", "report", "other"
]
# How a publication date was found.
# "declared": stated beside the text by its sender (a feed entry's publication time).
PublishedSource = Literal["header", "declared", "dateline", "in-text year", "inference", "analyst", "none"]

CONTACT_KINDS: tuple[str, ...] = ("meeting", "call", "visit", "talks", "signing", "other")
CLAIM_KINDS: tuple[str, ...] = (
    "contact", "statement", "allegation", "denial", "admission", "agreement", "sanction", "report", "other",
)
PRECISIONS: tuple[str, ...] = ("day", "month", "year", "unknown")


@dataclass(frozen=True)
class DateValue:
    """A date at a stated precision, with the one-line reason it was derived.

    ``value`` is "YYYY-MM-DD", "YYYY-MM", "YYYY" or None; None always goes with "unknown".
    """

    value: str | None = None
    precision: Precision = "unknown"
    reason: str = "no date in the text"

    @classmethod
    def unknown(cls, reason: str = "no date in the text") -> DateValue:
        return cls(None, "unknown", reason)

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Span:
    """A quoted stretch of an article: ``text[start:end] == quote``."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class NoiseSpan:
    """Page furniture that is not article content (never read as content downstream).

    label: cookie-banner | social-follow | audio-notice | related-list | photo-caption (captions
    and photo credits) | newsletter | advertisement | navigation | other
    """

    start: int
    end: int
    label: str


@dataclass
class ArticleMeta:
    """What the text says about the article itself."""

    title: str | None = None
    outlet: str | None = None
    language: str = "fr"
    published: DateValue = field(default_factory=DateValue.unknown)
    published_source: PublishedSource = "none"


@dataclass
class Participant:
    """One side of a contact, resolved to a canonical actor where possible."""

    name: str
    country: str | None = None  # ISO-3166 alpha-2 ("RU", "IR") or None when unknown
    role: str | None = None
    actor_key: str | None = None  # gazetteer key; None for persons found only by NER
    kind: str = "person"  # person | institution | outlet | country | group


@dataclass
class Source:
    """Where an article reports a contact: the article key (file name or sha) and the span."""

    article: str
    start: int
    end: int
    quote: str


@dataclass
class Contact:
    """A real-world contact (meeting, call, visit, talks, signing) that the text says took place."""

    kind: str
    date: DateValue
    participants: list[Participant]
    sources: list[Source]
    location: str | None = None
    topics: list[str] = field(default_factory=list)
    # Details on which merged sources disagree, e.g. {"location": ["Tehran", "Moscow"]}.
    conflicts: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Claim:
    """An attributed statement worth an analyst's attention, anchored to its span."""

    article: str
    start: int
    end: int
    text: str
    kind: str
    attributed_to: str | None = None
    hedged: bool = False
    date: DateValue = field(default_factory=DateValue.unknown)
    actors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


@dataclass
class Suggestion:
    """A near miss: a contact candidate that a weak check dropped, offered to an analyst for
    review and never counted as a contact. ``check`` names the check, ``why`` its reason."""

    contact: Contact
    check: str
    why: str


@dataclass
class ArticleExtraction:
    """Everything extracted from one article; contacts here are not yet merged across articles.

    ``candidates`` is the contact step's trace (``app.extraction.candidates.Candidate``): every
    contact cue with each check's verdict; ``claim_trace`` the claim step's (one
    ``ClaimVerdict`` per unit of text); both for ``liaison extract --explain``.
    """

    article: str
    meta: ArticleMeta
    noise: list[NoiseSpan]
    contacts: list[Contact]
    claims: list[Claim]
    suggestions: list[Suggestion] = field(default_factory=list)
    candidates: list = field(default_factory=list, repr=False)
    claim_trace: list = field(default_factory=list, repr=False)


def to_dict(record: object) -> dict:
    """A JSON-ready dict of any record above."""
    return asdict(record)  # type: ignore[arg-type]
