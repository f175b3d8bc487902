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
    origin_kind: str = "file"  # file | url | pasted | upload | feed
    content_type: str = "text/plain"  # what was received (text/plain, text/markdown, text/html)
    title: str | None = None
    outlet: str | None = Field(default=None, index=True)
    language: str = "fr"
    published: str | None = None
    published_precision: str = "unknown"
    published_source: str = "none"  # header | declared | dateline | in-text year | inference | analyst | none
    published_reason: str = ""
    published_sort: str | None = Field(default=None, index=True)
    ingested_at: datetime = Field(default_factory=utcnow)
    # What the sender declared about the article beside its text (a feed entry's URL, title,
    # outlet, publication time); re-extraction reads it again. None: only the text speaks.
    declared: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # "done", or "timed out": stored without findings when extraction ran past its time budget
    # (an analyst can retry it from the article page).
    extraction_status: str = Field(default="done", sa_column_kwargs={"server_default": "done"})


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
    # Analyst review: unreviewed | confirmed | edited | rejected | suggested (a near miss).
    review_status: str = Field(default="unreviewed", index=True)
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    review_note: str = ""
    # The analyst's decision no longer matches what the extraction finds (rules changed).
    needs_rereview: bool = Field(default=False, index=True)
    origin: str = "extracted"  # extracted | analyst | suggestion
    suggestion_check: str | None = None  # the check that dropped a near miss
    # Fields an analyst set, which re-extraction and new sources never overwrite.
    locked: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    merged_into: int | None = Field(default=None, index=True)  # the contact this one joined
    # No finding supports it any more and nobody decided on it: kept for its links, not shown.
    retired: bool = Field(default=False, index=True)


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


class ContactFacet(SQLModel, table=True):
    """One value of an any-of facet of a contact (actor key, participant country, topic, outlet),
    or its participant set (facet ``people``: "actor_id:country" sorted and comma-joined, by
    which the chart groups counterpart-pair lanes).

    Derived rows, kept exact by database triggers (migrations 0006_perf and 0008_people)
    whenever participants, topics, sources, an article's outlet or an actor's key or country
    change; never written by the application.
    """

    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    facet: str = Field(primary_key=True)
    value: str = Field(primary_key=True)


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
    # Context around the quote (as annotation anchors keep it), to find the evidence again.
    prefix: str = ""
    suffix: str = ""
    origin: str = "extracted"  # extracted | analyst
    # What the extraction found in this span (participants, topics...), to rebuild the contact.
    finding: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))


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
    prefix: str = ""
    suffix: str = ""
    review_status: str = Field(default="unreviewed", index=True)
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    review_note: str = ""
    needs_rereview: bool = Field(default=False, index=True)
    origin: str = "extracted"  # extracted | analyst
    locked: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ClaimActor(SQLModel, table=True):
    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    actor_id: int = Field(foreign_key="actor.id", primary_key=True, index=True)


class ClaimTopic(SQLModel, table=True):
    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    topic_slug: str = Field(foreign_key="topic.slug", primary_key=True, index=True)


class DataVersion(SQLModel, table=True):
    """One row whose version goes up with every write to the tables the views read (database
    triggers bump it), so caches of computed views are keyed by one cheap read."""

    id: int | None = Field(default=None, primary_key=True)
    version: int = 1


class User(SQLModel, table=True):
    """An account for a shared deployment (viewer, editor or admin)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    password_hash: str
    role: str = "viewer"  # viewer | editor | admin
    created_at: datetime = Field(default_factory=utcnow)


class Source(SQLModel, table=True):
    """Where articles arrive by themselves: an RSS/Atom feed, a sitemap or a watched folder.

    Health (last poll, last success, last error) lives on the row; the counts of seen, kept,
    skipped and failed items are counted from its entries. ``lease_*`` is the claim a worker
    holds while it polls, so two workers never poll one source at once.
    """

    id: int | None = Field(default=None, primary_key=True)
    kind: str = "feed"  # feed | sitemap | folder
    location: str = Field(unique=True)  # URL, or a folder path for "folder"
    name: str = ""  # the outlet its articles are credited to ("" until the feed names itself)
    interval_minutes: int = 30
    enabled: bool = True
    # Extra terms that make an entry relevant for this source alone (beside relevance.yaml).
    terms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    etag: str | None = None
    last_modified: str | None = None
    last_poll_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str = ""
    failures: int = 0  # consecutive failed polls (the back-off grows with them)
    next_poll_at: datetime = Field(default_factory=utcnow, index=True)
    lease_owner: str | None = None
    lease_until: datetime | None = None


class SourceEntry(SQLModel, table=True):
    """One item a source listed (feed entry, sitemap URL, file) and what became of it.

    status: new | kept | skipped | failed | forced (an editor asked for it in; waits for a worker)
    """

    __table_args__ = (UniqueConstraint("source_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    key: str  # the entry's id (feed guid), its URL, or the file's path in the folder
    url: str | None = None
    title: str | None = None
    published: str | None = None  # as the source declared it (ISO 8601)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False))
    content_sha: str | None = None  # a watched file's content, to notice when it changes
    status: str = Field(default="new", index=True)
    reason: str = ""  # the relevance decision or the failure, in one line
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True, ondelete="SET NULL")
    attempts: int = 0
    next_attempt_at: datetime | None = None
    seen_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    lease_owner: str | None = None
    lease_until: datetime | None = None


class TimelineVisit(SQLModel, table=True):
    """When a signed-in user last looked at the timeline, to mark what is new since."""

    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    seen_at: datetime = Field(default_factory=utcnow)
    previous_seen_at: datetime | None = None


class UserSession(SQLModel, table=True):
    """A signed-in session; deleting the row signs that browser out (logout, new password,
    removed account). ``id`` is the SHA-256 of the secret the cookie carries."""

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: int  # Unix time


class ReviewEvent(SQLModel, table=True):
    """One change to a contact, claim or actor: append-only, never edited or deleted."""

    id: int | None = Field(default=None, primary_key=True)
    target: str = Field(index=True)  # contact | claim | actor
    target_id: int = Field(index=True)
    action: str  # review | edit | add | merge | split | alias | flag | revert
    by: str
    at: datetime = Field(default_factory=utcnow)
    before: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    after: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    note: str = ""
    reverts: int | None = None  # the event this one undoes


class ApiToken(SQLModel, table=True):
    """A script's credential: only the SHA-256 of the token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(index=True, unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class ReextractRun(SQLModel, table=True):
    """Progress of ``liaison reextract``: articles are done in id order, so it can resume."""

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    last_article_id: int = 0
    counts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
