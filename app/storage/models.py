"""Database tables (SQLModel). The schema is owned by Alembic migrations in ``migrations/``.

Offsets in every span table index ``Article.text`` exactly as stored; the text is never
rewritten. Dates are stored as ISO strings at their precision ("2022-11-09", "2022-11", "2022")
plus ``*_sort`` (the first day the date could be, "YYYY-MM-DD") so that SQL can order and
filter by range without parsing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Article(SQLModel, table=True):
    """One ingested article: the raw text exactly as received, and what was found about it."""

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(index=True, unique=True, max_length=64)
    text: str = Field(sa_column=Column(Text, nullable=False))
    origin: str  # file name, URL or "pasted"
    origin_kind: str = "file"  # file | url | pasted | upload
    content_type: str = "text/plain"  # what was received (text/plain, text/markdown, text/html)
    title: str | None = None
    outlet: str | None = Field(default=None, index=True)
    language: str = "fr"
    published: str | None = None
    published_precision: str = "unknown"
    published_source: str = "none"  # header | dateline | in-text year | inference | analyst | none
    published_reason: str = ""
    published_sort: str | None = Field(default=None, index=True)
    ingested_at: datetime = Field(default_factory=utcnow)


class NoiseSpan(SQLModel, table=True):
    """Page furniture inside an article (cookie banner, caption...): shown greyed, never content."""

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    start: int
    end: int
    label: str


class Actor(SQLModel, table=True):
    """A person, institution, outlet or country that takes part in contacts or makes claims."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True)  # gazetteer key, or "ner:<folded name>"
    name: str = Field(index=True)  # canonical display name
    country: str | None = Field(default=None, index=True)
    kind: str = "person"  # person | institution | outlet | country | group
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # [{"title": "President of Iran", "start": "2021-08-03", "end": "2024-05-19"}]
    roles: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    in_gazetteer: bool = True


class Topic(SQLModel, table=True):
    """A topic of the taxonomy (slug from the data file)."""

    slug: str = Field(primary_key=True)
    label: str
    description: str = ""


class Contact(SQLModel, table=True):
    """A real-world contact, merged across every article that reports it."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    date: str | None = None
    date_precision: str = "unknown"
    date_reason: str = ""
    date_sort: str | None = Field(default=None, index=True)  # None: undated
    location: str | None = None
    # {"location": ["Tehran", "Moscow"], "date": [...]} when sources disagree.
    conflicts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source_count: int = Field(default=0, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class ContactParticipant(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("contact_id", "actor_id"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    actor_id: int = Field(foreign_key="actor.id", index=True)
    role: str | None = None
    country: str | None = None


class ContactTopic(SQLModel, table=True):
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    topic_slug: str = Field(foreign_key="topic.slug", primary_key=True, index=True)


class ContactSource(SQLModel, table=True):
    """One article's report of a contact: its evidence span."""

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    start: int
    end: int
    quote: str = Field(sa_column=Column(Text, nullable=False))
    # What this source alone said, kept so disagreements are never silently dropped.
    date: str | None = None
    date_precision: str = "unknown"
    date_reason: str = ""
    location: str | None = None
    kind: str | None = None


class Claim(SQLModel, table=True):
    """An attributed statement (allegation, denial, admission...) anchored to its span."""

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(index=True)
    attributed_to: str | None = None
    attributed_actor_id: int | None = Field(default=None, foreign_key="actor.id", index=True)
    hedged: bool = False
    date: str | None = None
    date_precision: str = "unknown"
    date_reason: str = ""
    date_sort: str | None = Field(default=None, index=True)


class ClaimActor(SQLModel, table=True):
    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    actor_id: int = Field(foreign_key="actor.id", primary_key=True, index=True)


class ClaimTopic(SQLModel, table=True):
    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    topic_slug: str = Field(foreign_key="topic.slug", primary_key=True, index=True)


class User(SQLModel, table=True):
    """An account for a shared deployment (viewer, editor or admin)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    password_hash: str
    role: str = "viewer"  # viewer | editor | admin
    created_at: datetime = Field(default_factory=utcnow)
