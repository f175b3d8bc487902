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

    @property
    def article_count(self) -> int:
        """Sources are counted in articles everywhere (one article may mention it twice)."""
        return len({sv.article.id for sv in self.sources})

    @property
    def disagreeing(self) -> list[tuple[str, list[tuple[str, SourceView]]]]:
        """(field, [(value, source)...]) for every field on which some source contradicts."""
        found = []
        for name in ("date", "location", "kind"):
            if any(name in sv.differs for sv in self.sources):
                values = [(getattr(sv.source, name) or "—", sv) for sv in self.sources]
                found.append((name, values))
        return found


def _differences(source: ContactSource, contact: Contact) -> list[str]:
    """Fields on which ``source`` contradicts the merged contact.

    A less precise date that contains the merged one ("2022-11" for "2022-11-09") agrees with it;
    it is reported as "date-less-precise" so the page can say so without calling it a conflict.
    """
    differs = []
    if source.date and contact.date and source.date != contact.date:
        compatible = contact.date.startswith(source.date) or source.date.startswith(contact.date)
        differs.append("date-less-precise" if compatible and len(source.date) < len(contact.date)
                       else "date")
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
