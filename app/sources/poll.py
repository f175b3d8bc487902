"""Polling: list a source, record its new items, and work each one through fetch, relevance
and ingestion. Used by ``liaison worker`` (due sources, over and over) and by
``liaison sources poll`` (every source once, now).

Each entry is claimed before it is worked on and ingested in its own transaction by the ingest
service, so two workers never ingest one entry twice and one bad entry never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlmodel import Session, select

from app.ingestion.readers import IngestError, RawArticle, read_bytes, read_file
from app.ingestion.service import ingest_raw
from app.settings import get_settings
from app.sources import store
from app.sources.fetch import Fetcher
from app.sources.listing import Listing, ListingError, list_folder, parse_feed, parse_sitemap
from app.sources.relevance import get_relevance
from app.storage.db import get_engine
from app.storage.models import Source, SourceEntry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EntryOutcome:
    """What one worker did with one entry: ingested, unchanged (text already stored), skipped
    (not relevant) or failed."""

    source_id: int
    entry_id: int
    name: str  # URL or file
    status: str
    reason: str
    article_id: int | None = None

    @property
    def line(self) -> str:
        article = f" (article {self.article_id})" if self.article_id else ""
        return f"{self.status}: {self.name}{article}: {self.reason}"


@dataclass
class PollReport:
    outcomes: list[EntryOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # sources that could not be polled
    busy: list[str] = field(default_factory=list)  # sources another worker was polling

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def summary(self) -> str:
        return (f"{self.count('ingested')} ingested, {self.count('unchanged')} unchanged, "
                f"{self.count('skipped')} skipped, {self.count('failed')} failed"
                + (f"; {len(self.errors)} source(s) failed" if self.errors else ""))


Hook = Callable[[EntryOutcome], None]


def _session() -> Session:
    return Session(get_engine(), expire_on_commit=False)


def _lease() -> int:
    return get_settings().worker_lease_seconds


# ---------------------------------------------------------------- listing


def read_listing(source: Source, fetcher: Fetcher) -> tuple[Listing | None, str | None, str | None]:
    """The source's listing and its new validators; None when a feed answered 304."""
    if source.kind == "folder":
        return list_folder(Path(source.location)), None, None
    fetched = fetcher.get(source.location, source.etag, source.last_modified)
    if fetched.not_modified:
        return None, source.etag, source.last_modified
    if source.kind == "feed":
        return parse_feed(fetched.body, fetched.url), fetched.etag, fetched.last_modified
    listing = parse_sitemap(fetched.body)
    if listing.sitemaps:  # an index: the URLs of its sitemaps (not themselves conditional)
        items = []
        for child in listing.sitemaps:
            items.extend(parse_sitemap(fetcher.get(child).body).items)
        listing = Listing(items)
    return listing, fetched.etag, fetched.last_modified


def poll_source(source_id: int, owner: str, fetcher: Fetcher, report: PollReport,
                on_outcome: Hook | None = None) -> None:
    """Poll one source whose lease ``owner`` holds: record new items, work every waiting entry,
    then record the source's health and release it."""
    with _session() as session:
        source = session.get(Source, source_id)
        if source is None:
            return
        try:
            listing, etag, last_modified = read_listing(source, fetcher)
            if listing is not None:
                if not source.name and listing.title:
                    source.name = listing.title[:200]  # the outlet its entries are credited to
                    session.add(source)
                store.record_items(session, source, listing.items)
        except Exception as error:  # any failure of one source is its health, never the worker's end
            if isinstance(error, IngestError):
                reason = error.reason
            elif isinstance(error, ListingError | OSError):
                reason = str(error)
            else:
                log.exception("polling %s failed", source.location)
                reason = f"internal error ({type(error).__name__}: {error})"
            session.rollback()
            report.errors.append(f"{source.location}: {reason}")
            store.finish_poll(session, source, owner, reason)
            return
        work_entries(owner, fetcher, report, source_id=source_id, on_outcome=on_outcome)
        session.refresh(source)
        store.finish_poll(session, source, owner, None, etag, last_modified)


def work_entries(owner: str, fetcher: Fetcher, report: PollReport, *, source_id: int | None = None,
                 on_outcome: Hook | None = None) -> None:
    """Work every entry waiting (of one source, or of all): each claimed first."""
    with _session() as session:
        for entry_id in store.workable_entries(session, source_id):
            if not store.claim_entry(session, entry_id, owner, _lease()):
                continue
            if source_id is not None:
                store.renew_source(session, source_id, owner, _lease())
            outcome = work_entry(session, entry_id, fetcher)
            report.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)


def work_entry(session: Session, entry_id: int, fetcher: Fetcher) -> EntryOutcome:
    """Fetch, decide and ingest one claimed entry; its row records the result."""
    entry = session.get(SourceEntry, entry_id)
    assert entry is not None
    session.refresh(entry)
    source = session.get(Source, entry.source_id)
    assert source is not None
    name = entry.url or entry.key
    forced = entry.status == "forced"
    try:
        raw = read_entry(source, entry, fetcher)
    except IngestError as error:
        return _finish(session, entry, name, "failed", error.reason)
    except Exception as error:  # an unexpected bug in one entry must not stop the worker
        log.exception("reading %s failed", name)
        return _finish(session, entry, name, "failed", f"internal error ({type(error).__name__}: {error})")
    if forced:
        reason = "asked for by an editor"
    else:
        decision = get_relevance().decide("\n".join([entry.title or "", entry.summary, raw.text]), source.terms)
        if not decision.relevant:
            return _finish(session, entry, name, "skipped", decision.reason)
        reason = decision.reason
    outcome = ingest_raw(raw)
    if outcome.status == "failed":
        return _finish(session, entry, name, "failed", outcome.reason)
    note = reason if outcome.status == "ingested" else f"{reason}; the same text was already stored"
    return _finish(session, entry, name, outcome.status, note, outcome.article_id)


def _finish(session: Session, entry: SourceEntry, name: str, status: str, reason: str,
            article_id: int | None = None) -> EntryOutcome:
    stored = "kept" if status in ("ingested", "unchanged") else status
    store.finish_entry(session, entry, stored, reason, article_id)
    assert entry.id is not None
    return EntryOutcome(entry.source_id, entry.id, name, status, reason, article_id)


def declared_for(source: Source, entry: SourceEntry) -> dict:
    """What the source states about an entry beside its text (kept as article metadata)."""
    values = {"via": source.kind, "source": source.location, "url": entry.url, "title": entry.title,
              "outlet": source.name or None, "published": entry.published}
    return {key: value for key, value in values.items() if value}


def read_entry(source: Source, entry: SourceEntry, fetcher: Fetcher) -> RawArticle:
    """The entry's article text: its page fetched and reduced to main text as HTML ingestion
    does, or its watched file read; with the source's declared metadata beside it."""
    declared = declared_for(source, entry)
    if source.kind == "folder":
        raw = read_file(Path(source.location) / entry.key)
        return replace(raw, origin=entry.key, declared=declared)
    if not entry.url:
        raise IngestError(entry.key, "the entry has no link to fetch")
    fetched = fetcher.get(entry.url)
    raw = read_bytes(fetched.body, entry.url, origin_kind="feed", content_type=fetched.content_type)
    return replace(raw, declared=declared)


# ---------------------------------------------------------------- runs


def poll_due(owner: str, fetcher: Fetcher, report: PollReport, on_outcome: Hook | None = None) -> int:
    """Poll every source that is due and free, one claim at a time; returns how many."""
    polled = 0
    while True:
        with _session() as session:
            source_id = store.claim_source(session, owner, _lease())
        if source_id is None:
            return polled
        poll_source(source_id, owner, fetcher, report, on_outcome)
        polled += 1


def poll_all(owner: str, fetcher: Fetcher, report: PollReport, on_outcome: Hook | None = None) -> None:
    """Poll every enabled source now (due or not), then any other entry waiting for work."""
    with _session() as session:
        sources = session.exec(select(Source.id, Source.location).where(Source.enabled).order_by(Source.id)).all()
    for source_id, location in sources:
        with _session() as session:
            claimed = store.claim_source(session, owner, _lease(), source_id=source_id, due_only=False)
        if claimed is None:
            report.busy.append(location)
            continue
        poll_source(source_id, owner, fetcher, report, on_outcome)
    work_entries(owner, fetcher, report, on_outcome=on_outcome)
