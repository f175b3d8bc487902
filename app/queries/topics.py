"""Topics: the list with counts, and the claims of one topic."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from app.storage.models import Article, Claim, ClaimTopic, ContactTopic, Topic


def topics_with_counts(session: Session) -> list[tuple[Topic, int]]:
    count = func.count(ContactTopic.contact_id)
    return [tuple(r) for r in session.execute(
        select(Topic, count).outerjoin(ContactTopic, ContactTopic.topic_slug == Topic.slug)
        .group_by(Topic.slug).order_by(count.desc(), Topic.label)).all()]


def topic_claims(session: Session, slug: str, limit: int = 200) -> list[tuple[Claim, Article]]:
    return [tuple(r) for r in session.execute(
        select(Claim, Article).join(Article, Article.id == Claim.article_id)
        .where(Claim.id.in_(select(ClaimTopic.claim_id).where(ClaimTopic.topic_slug == slug)))
        .order_by(Claim.date_sort.desc().nulls_last(), Claim.id).limit(limit)).all()]
