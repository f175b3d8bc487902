"""Sources and their entries in the database: adding and removing sources, the claims that let
several workers share the work, and the bookkeeping of each poll.

Claims are compare-and-set updates (``UPDATE ... WHERE lease is free``) committed before any
work starts: on PostgreSQL a second worker's update waits for the first one's commit and then
finds the lease taken, on SQLite writes are serialised, so either way exactly one worker wins a
source or an entry. Picking candidates uses ``FOR UPDATE SKIP LOCKED`` where the database has it,
so workers pass each other by instead of queueing on one row.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, delete, func, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from app.sources.listing import KINDS, Item
from app.storage.models import Source, SourceEntry, utcnow

MAX_ATTEMPTS = 4  # tries of one entry before it waits for an editor
RETRY_BASE_SECONDS = 60
MAX_BACKOFF_SECONDS = 6 * 3600
WORKABLE = ("new", "forced", "failed")


class SourceError(ValueError):
    """A source that cannot be added as given; the message says why."""


# ---------------------------------------------------------------- managing sources


def add_source(session: Session, kind: str, location: str, name: str = "", interval_minutes: int = 30,
               terms: list[str] | None = None) -> Source:
    """A new source (flushed). Feeds and sitemaps are URLs; folders are absolute paths."""
    kind = kind.strip().lower()
    location = location.strip()
    if kind not in KINDS:
        raise SourceError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    if kind == "folder":
        path = Path(location).expanduser()
        if not path.is_dir():
            raise SourceError(f"no such folder: {location}")
        location = str(path.resolve())
    elif not location.startswith(("http://", "https://")):
        raise SourceError(f"a {kind} is an http(s) URL, not {location!r}")
    if not 1 <= interval_minutes <= 7 * 24 * 60:
        raise SourceError("the interval is between 1 minute and 7 days")
    if session.exec(select(Source.id).where(Source.location == location)).first() is not None:
        raise SourceError(f"already a source: {location}")
    source = Source(kind=kind, location=location, name=name.strip(), interval_minutes=interval_minutes,
                    terms=[t.strip() for t in terms or [] if t.strip()])
    session.add(source)
    session.flush()
    return source


def find_source(session: Session, ref: str) -> Source | None:
    """A source by id or by its exact location."""
    if ref.isdigit():
        return session.get(Source, int(ref))
    return session.exec(select(Source).where(Source.location == ref)).first()


def remove_source(session: Session, source: Source) -> None:
    """Forget a source and its entries (articles it brought in stay)."""
    session.exec(delete(SourceEntry).where(SourceEntry.source_id == source.id))  # type: ignore[call-overload]
    session.delete(source)
    session.flush()


def poll_soon(session: Session, source: Source) -> None:
    """Make the source due now (a worker takes it at its next look)."""
    source.next_poll_at = utcnow()
    session.add(source)


def set_enabled(session: Session, source: Source, enabled: bool) -> None:
    """Pause a source (workers leave it alone) or resume it (due at once)."""
    source.enabled = enabled
    if enabled:
        source.next_poll_at = utcnow()
    session.add(source)


def force_entry(session: Session, entry: SourceEntry) -> None:
    """An editor's decision: ingest this entry whatever its relevance (a worker does it)."""
    entry.status = "forced"
    entry.reason = "asked for by an editor; waiting for a worker"
    entry.next_attempt_at = None
    entry.updated_at = utcnow()
    session.add(entry)


# ---------------------------------------------------------------- health


@dataclass(frozen=True)
class Health:
    seen: int = 0
    kept: int = 0
    skipped: int = 0
    failed: int = 0
    waiting: int = 0  # new or forced, not yet worked on


def health_by_source(session: Session) -> dict[int, Health]:
    """Entry counts per source and status, in one query."""
    counts: dict[int, dict[str, int]] = {}
    for source_id, status, count in session.exec(
            select(SourceEntry.source_id, SourceEntry.status, func.count())
            .group_by(SourceEntry.source_id, SourceEntry.status)).all():
        counts.setdefault(source_id, {})[status] = count
    return {sid: Health(seen=sum(c.values()), kept=c.get("kept", 0), skipped=c.get("skipped", 0),
                        failed=c.get("failed", 0), waiting=c.get("new", 0) + c.get("forced", 0))
            for sid, c in counts.items()}


# ---------------------------------------------------------------- claims


def _lease_free(column_until, now: datetime):
    return or_(column_until.is_(None), column_until < now)


def claim_source(session: Session, owner: str, lease_seconds: int, *, source_id: int | None = None,
                 due_only: bool = True) -> int | None:
    """Take the lease of one source (the most overdue, or ``source_id``); commits. None: none free."""
    now = utcnow()
    query = select(Source.id).where(Source.enabled, _lease_free(Source.lease_until, now))
    if due_only:
        query = query.where(Source.next_poll_at <= now)
    if source_id is not None:
        query = query.where(Source.id == source_id)
    query = query.order_by(Source.next_poll_at, Source.id).limit(1).with_for_update(skip_locked=True)
    candidate = session.exec(query).first()
    if candidate is None:
        session.rollback()
        return None
    result = session.exec(update(Source).where(Source.id == candidate, _lease_free(Source.lease_until, now))
                          .values(lease_owner=owner, lease_until=now + timedelta(seconds=lease_seconds)))
    session.commit()
    return candidate if result.rowcount == 1 else None


def renew_source(session: Session, source_id: int, owner: str, lease_seconds: int) -> None:
    session.exec(update(Source).where(Source.id == source_id, Source.lease_owner == owner)
                 .values(lease_until=utcnow() + timedelta(seconds=lease_seconds)))
    session.commit()


def _entry_workable(now: datetime):
    return and_(
        SourceEntry.status.in_(WORKABLE),  # type: ignore[attr-defined]
        _lease_free(SourceEntry.lease_until, now),
        or_(SourceEntry.status != "failed",
            and_(SourceEntry.next_attempt_at.is_not(None), SourceEntry.next_attempt_at <= now)),  # type: ignore[union-attr]
    )


def workable_entries(session: Session, source_id: int | None = None, limit: int = 1000) -> list[int]:
    """Ids of entries waiting for work (new, forced, or failed and due for a retry)."""
    query = select(SourceEntry.id).where(_entry_workable(utcnow()))
    if source_id is not None:
        query = query.where(SourceEntry.source_id == source_id)
    return list(session.exec(query.order_by(SourceEntry.id).limit(limit)).all())


def claim_entry(session: Session, entry_id: int, owner: str, lease_seconds: int) -> bool:
    """Take one entry for work; commits. False: another worker has it, or it needs no work."""
    now = utcnow()
    result = session.exec(
        update(SourceEntry).where(SourceEntry.id == entry_id, _entry_workable(now))
        .values(lease_owner=owner, lease_until=now + timedelta(seconds=lease_seconds),
                attempts=SourceEntry.attempts + 1))
    session.commit()
    return result.rowcount == 1


# ---------------------------------------------------------------- recording a poll


def record_items(session: Session, source: Source, items: list[Item]) -> int:
    """Store the items not seen before (a changed watched file counts as new again);
    returns how many are new. Racing workers insert each item once (ON CONFLICT DO NOTHING)."""
    assert source.id is not None
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    now = utcnow()
    new = 0
    for item in items:
        values = dict(source_id=source.id, key=item.key, url=item.url, title=item.title,
                      published=item.published, summary=item.summary, content_sha=item.content_sha,
                      status="new", reason="", attempts=0, seen_at=now, updated_at=now)
        inserted = session.execute(insert(SourceEntry).values(**values)
                                   .on_conflict_do_nothing(index_elements=["source_id", "key"])
                                   .returning(SourceEntry.id)).first()  # type: ignore[attr-defined]
        if inserted is not None:
            new += 1
        elif item.content_sha:
            changed = session.exec(
                update(SourceEntry).where(SourceEntry.source_id == source.id, SourceEntry.key == item.key,
                                          SourceEntry.content_sha != item.content_sha,
                                          _lease_free(SourceEntry.lease_until, now))
                .values(content_sha=item.content_sha, status="new", reason="the file changed",
                        attempts=0, next_attempt_at=None, updated_at=now))
            new += changed.rowcount
    session.commit()
    return new


def finish_entry(session: Session, entry: SourceEntry, status: str, reason: str,
                 article_id: int | None = None) -> None:
    """Record what became of an entry and release it; a failure is retried with back-off
    until ``MAX_ATTEMPTS``, then waits for an editor."""
    now = utcnow()
    entry.status = status
    entry.reason = reason[:500]
    entry.article_id = article_id if article_id is not None else entry.article_id
    entry.updated_at = now
    entry.lease_owner = entry.lease_until = None
    if status == "failed" and entry.attempts < MAX_ATTEMPTS:
        entry.next_attempt_at = now + timedelta(seconds=backoff_seconds(entry.attempts))
    else:
        entry.next_attempt_at = None
    session.add(entry)
    session.commit()


def backoff_seconds(failures: int, base: float = RETRY_BASE_SECONDS, cap: float = MAX_BACKOFF_SECONDS,
                    rng: random.Random | None = None) -> float:
    """Exponential back-off with jitter: between half and all of ``base * 2**(failures-1)``
    (capped), so sources that failed together do not retry together."""
    ceiling = min(cap, base * 2 ** max(0, failures - 1))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


def finish_poll(session: Session, source: Source, owner: str, error: str | None,
                etag: str | None = None, last_modified: str | None = None) -> None:
    """Health after a poll, the next poll time, and the lease released."""
    now = utcnow()
    source.last_poll_at = now
    if error is None:
        source.last_success_at = now
        source.last_error = ""
        source.failures = 0
        source.next_poll_at = now + timedelta(minutes=source.interval_minutes)
        source.etag, source.last_modified = etag, last_modified
    else:
        source.failures += 1
        source.last_error = " ".join(error.split())[:300]
        delay = backoff_seconds(source.failures, cap=max(MAX_BACKOFF_SECONDS, source.interval_minutes * 60))
        source.next_poll_at = now + timedelta(seconds=delay)
    if source.lease_owner == owner:
        source.lease_owner = source.lease_until = None
    session.add(source)
    session.commit()
