"""One contact with everything that supports it, and where its sources disagree."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from app.queries.timeline import ContactRow, load_rows
from app.storage.models import Article, Contact, ContactSource


@dataclass
class SourceView:
    source: ContactSource
    article: Article
    differs: list[str]  # fields on which this source disagrees with the merged contact


@dataclass
class ContactView:
    contact: Contact
    row: ContactRow
    sources: list[SourceView]
    conflicts: dict[str, list]


def _differences(source: ContactSource, contact: Contact) -> list[str]:
    differs = []
    if source.date and contact.date and source.date != contact.date:
        differs.append("date")
    if source.location and contact.location and source.location != contact.location:
        differs.append("location")
    if source.kind and source.kind != contact.kind:
        differs.append("kind")
    return differs


def contact_view(session: Session, contact_id: int) -> ContactView | None:
    """The contact, its participants and topics, and every source with its article."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        return None
    row = load_rows(session, [contact])[0]
    sources = session.execute(
        select(ContactSource, Article).join(Article, Article.id == ContactSource.article_id)
        .where(ContactSource.contact_id == contact_id)
        .order_by(Article.published_sort.nulls_last(), ContactSource.id)).all()
    return ContactView(
        contact=contact, row=row,
        sources=[SourceView(s, a, _differences(s, contact)) for s, a in sources],
        conflicts={k: v for k, v in (contact.conflicts or {}).items() if v},
    )
