"""Read side of sources: each source with its health, and the entries of one source with the
decision taken on each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from app.sources.store import Health, health_by_source
from app.storage.models import Source, SourceEntry

ENTRY_STATUSES = ("new", "kept", "skipped", "failed", "forced")
ENTRIES_PER_PAGE = 100


@dataclass(frozen=True)
class SourceRow:
    source: Source
    health: Health

    @property
    def state(self) -> str:
        """ok | failing | never polled | paused, for the page's one-word status."""
        if not self.source.enabled:
            return "paused"
        if self.source.failures:
            return "failing"
        if self.source.last_poll_at is None:
            return "never polled"
        return "ok"


def source_rows(session: Session) -> list[SourceRow]:
    """Every source, oldest first, with its entry counts."""
    health = health_by_source(session)
    return [SourceRow(s, health.get(s.id, Health()))  # type: ignore[arg-type]
            for s in session.exec(select(Source).order_by(Source.id)).all()]


@dataclass(frozen=True)
class EntryPage:
    rows: list[SourceEntry]
    total: int
    page: int
    status: str | None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // ENTRIES_PER_PAGE))


def source_entries(session: Session, source_id: int, status: str | None = None, page: int = 1) -> EntryPage:
    """One page of a source's entries, most recently seen first (optionally one status only)."""
    status = status if status in ENTRY_STATUSES else None
    conditions = [SourceEntry.source_id == source_id]
    if status:
        conditions.append(SourceEntry.status == status)
    total = session.exec(select(func.count()).select_from(SourceEntry).where(*conditions)).one()
    page = max(1, min(page, max(1, -(-total // ENTRIES_PER_PAGE))))
    rows = session.exec(select(SourceEntry).where(*conditions)
                        .order_by(SourceEntry.seen_at.desc(), SourceEntry.id.desc())  # type: ignore[attr-defined]
                        .limit(ENTRIES_PER_PAGE).offset((page - 1) * ENTRIES_PER_PAGE)).all()
    return EntryPage(list(rows), total, page, status)
