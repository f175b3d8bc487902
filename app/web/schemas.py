"""Response models of the JSON API (the ``*Public`` shapes of what the pages show)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import SQLModel


class ActorRef(SQLModel):
    key: str | None
    name: str


class ParticipantPublic(SQLModel):
    actor_id: int  # what the review API takes to change a contact's participants
    key: str
    name: str
    country: str | None
    role: str | None


class ReviewSummary(SQLModel):
    status: str  # unreviewed | confirmed | edited | rejected | suggested
    by: str | None
    at: datetime | None


class ReviewPublic(ReviewSummary):
    note: str
    needs_rereview: bool
    origin: str  # extracted | analyst | suggestion
    locked: list[str]  # fields an analyst set, kept over re-extraction


class ReviewEventPublic(SQLModel):
    id: int
    action: str
    by: str
    at: datetime | None
    before: dict
    after: dict
    note: str
    reverts: int | None


class ContactPublic(SQLModel):
    id: int
    kind: str
    date: str | None
    date_precision: str
    location: str | None
    source_count: int
    participants: list[ParticipantPublic]
    topics: list[str]
    review: ReviewSummary


class ContactList(SQLModel):
    filter: str
    total: int
    page: int
    pages: int
    contacts: list[ContactPublic]


class ArticleRef(SQLModel):
    id: int
    title: str
    title_derived: bool
    outlet: str | None
    published: str | None
    published_precision: str


class SourcePublic(SQLModel):
    id: int
    article: ArticleRef
    quote: str
    start: int
    end: int
    date: str | None
    date_precision: str
    date_reason: str
    location: str | None
    kind: str | None
    differs: list[str]
    origin: str  # extracted | analyst


class ContactDetail(ContactPublic):
    date_reason: str
    conflicts: dict[str, list]
    suggestion_check: str | None
    retired: bool
    sources: list[SourcePublic]
    review: ReviewPublic  # type: ignore[assignment]  # the summary, with note, origin and locks
    history: list[ReviewEventPublic]


class ClaimPublic(SQLModel):
    id: int
    kind: str
    hedged: bool
    text: str
    start: int
    end: int
    speaker: ActorRef | None
    actors: list[ActorRef]
    topics: list[str]
    date: str | None
    date_precision: str
    date_of: str  # "claim": its own date; "published": its article's
    article: ArticleRef


class ClaimList(SQLModel):
    filter: str
    total: int
    page: int
    pages: int
    claims: list[ClaimPublic]


class ActorPublic(SQLModel):
    id: int
    key: str
    name: str
    country: str | None
    country_name: str | None
    kind: str
    role: str | None
    contacts: int
    last_contact: str | None


class RolePublic(SQLModel):
    title: str
    start: str | None = None
    end: str | None = None


class CounterpartPublic(SQLModel):
    actor: ActorRef
    contacts: int


class ActorDetail(SQLModel):
    id: int
    key: str
    name: str
    country: str | None
    country_name: str | None
    kind: str
    aliases: list[str]
    roles: list[RolePublic]
    contacts_total: int
    page: int  # the page of ``contacts`` (newest first)
    pages: int
    contacts: list[ContactPublic]
    counterparts: list[CounterpartPublic]
    claims_by: list[ClaimPublic]  # the newest ones
    claims_about: list[ClaimPublic]
    claims_by_total: int
    claims_about_total: int


class TopicPublic(SQLModel):
    slug: str
    label: str
    description: str
    contacts: int


class TopicDetail(TopicPublic):
    page: int
    pages: int
    contact_list: list[ContactPublic]
    claims: list[ClaimPublic]


class ArticlePublic(ArticleRef):
    origin: str
    origin_kind: str
    published_reason: str
    ingested_at: datetime
    contacts: int
    claims: int


class ArticleList(SQLModel):
    total: int
    page: int
    pages: int
    articles: list[ArticlePublic]


class SpanPublic(SQLModel):
    anchor: str  # "src-7", "claim-12", "noise-3": the fragment of the article page
    group: str  # contact | claim | noise
    kind: str
    start: int
    end: int
    label: str
    contact_id: int | None = None
    claim_id: int | None = None


class ArticleDetail(ArticlePublic):
    text: str
    spans: list[SpanPublic]


class ErrorPublic(SQLModel):
    detail: str
