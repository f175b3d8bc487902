"""The ingest service: one entry point for the CLI, uploads and pasted text.

Each article is read, validated, deduplicated by the SHA-256 of its text, extracted, and saved
in its own transaction: a failure leaves no half-written article and the other inputs still go in.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from app.extraction.records import ArticleExtraction
from app.ingestion.parallel import Item, default_workers, run_batches
from app.ingestion.readers import (
    IngestError,
    RawArticle,
    expand_inputs,
    read_bytes,
    read_input,
    read_text,
)
from app.storage import repository
from app.storage.db import session_scope
from app.storage.models import Article

log = logging.getLogger(__name__)
# Articles extracted together (spaCy parses a batch faster than one text at a time).
BATCH_SIZE = 8


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: ingested, unchanged (already stored) or failed."""

    name: str
    status: str
    article_id: int | None = None
    reason: str = ""

    @property
    def message(self) -> str:
        if self.status == "failed":
            return f"failed: {self.name}: {self.reason}"
        return f"{self.status}: {self.name}" + (f" (article {self.article_id})" if self.article_id else "")


@dataclass
class Report:
    """Every outcome of one ingest run."""

    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def summary(self) -> str:
        return (f"{self.count('ingested')} ingested, {self.count('unchanged')} unchanged, "
                f"{self.count('failed')} failed")


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extraction_key(raw: RawArticle) -> str:
    """The key the pipeline gets: a file's base name, or the URL / "pasted" as is."""
    return raw.origin if raw.origin_kind in ("url", "pasted") else Path(raw.origin).name


def extract(raws: Sequence[RawArticle]) -> list[ArticleExtraction]:
    """Run the extraction pipeline on several articles at once (one result per article)."""
    from app.extraction.pipeline import extract_documents

    return extract_documents([(extraction_key(raw), raw.text) for raw in raws],
                             declared=[raw.declared for raw in raws])


def _store(raw: RawArticle, extraction: ArticleExtraction, session: Session | None) -> Outcome:
    """Save one extracted article in its own transaction."""
    sha = sha256_of(raw.text)
    if session is None:
        with session_scope() as own:
            return _store_in(raw, sha, extraction, own)
    try:
        outcome = _store_in(raw, sha, extraction, session)
        session.commit()
        return outcome
    except BaseException:
        session.rollback()
        repository.forget_cache(session)
        raise


def _store_in(raw: RawArticle, sha: str, extraction: ArticleExtraction, session: Session) -> Outcome:
    existing = repository.find_article_by_sha(session, sha)
    if existing is not None:
        return Outcome(raw.origin, "unchanged", existing.id)
    article = repository.save_article(
        session, text=raw.text, sha256=sha, origin=raw.origin, origin_kind=raw.origin_kind,
        content_type=raw.content_type, extraction=extraction, declared=raw.declared,
    )
    return Outcome(raw.origin, "ingested", article.id)


def _stored_id(sha: str, session: Session | None) -> int | None:
    def find(s: Session) -> int | None:
        return s.exec(select(Article.id).where(Article.sha256 == sha)).first()

    if session is not None:
        return find(session)
    with session_scope() as own:
        return find(own)


def ingest_raw(raw: RawArticle, session: Session | None = None) -> Outcome:
    """Ingest one already-read article (no-op when the same text is stored)."""
    stored = _stored_id(sha256_of(raw.text), session)
    if stored is not None:
        return Outcome(raw.origin, "unchanged", stored)
    try:
        extraction = extract([raw])[0]
    except Exception as error:  # an extraction bug is reported like any failed input
        return _extraction_failed(raw, error)
    return _store_or_fail(raw, extraction, session)


def ingest_text(text: str, origin: str = "pasted", origin_kind: str = "pasted",
                session: Session | None = None) -> Outcome:
    """Ingest pasted text. Raises nothing for bad input: the outcome says why it failed.

    With ``session``, the article is written and committed in it (rolled back on error).
    """
    try:
        return ingest_raw(read_text(text, origin, origin_kind), session)
    except IngestError as error:
        return Outcome(error.name, "failed", reason=error.reason)


def ingest_bytes(data: bytes, name: str, origin_kind: str = "upload", content_type: str | None = None,
                 session: Session | None = None) -> Outcome:
    """Ingest an uploaded file's bytes (.txt, .md, .html); the origin recorded is its name."""
    try:
        return ingest_raw(read_bytes(data, Path(name).name, origin_kind, content_type), session)
    except IngestError as error:
        return Outcome(error.name, "failed", reason=error.reason)


ProgressHook = Callable[[Outcome], None]


def ingest_paths(values: Iterable[str], on_outcome: ProgressHook | None = None,
                 batch_size: int = BATCH_SIZE, workers: int | None = None) -> Report:
    """Ingest files, folders (recursively) and URLs; each article in its own transaction.

    Past ``PARALLEL_FROM`` inputs, worker processes (``workers``, by default the setting, or
    every core) parse and extract while this process stores the results in input order, so the
    database is the same as with one process.
    """
    values = list(values)
    report = Report()
    seen: set[str] = set()

    def record(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    def to_extract() -> Iterator[tuple[RawArticle, Item]]:
        for item in expand_inputs(values):
            try:
                raw = read_input(item)
            except IngestError as error:
                record(Outcome(error.name, "failed", reason=error.reason))
                continue
            sha = sha256_of(raw.text)
            stored = _stored_id(sha, None)
            if stored is not None or sha in seen:
                record(Outcome(raw.origin, "unchanged", stored))
                continue
            seen.add(sha)
            yield raw, (extraction_key(raw), raw.text, raw.declared)

    def store(raw: RawArticle, result: ArticleExtraction | Exception) -> None:
        if isinstance(result, Exception):
            record(_extraction_failed(raw, result))
        else:
            record(_store_or_fail(raw, result))

    run_batches(to_extract(), extraction_workers(values, workers), batch_size, store)
    return report


# Fewer inputs than this are extracted in-process (starting workers costs a model load each).
PARALLEL_FROM = 48


def extraction_workers(values: list[str], workers: int | None = None, *,
                       count: int | None = None) -> int:
    """How many processes extract: ``workers`` when given; else the setting (or every core),
    but one for fewer than ``PARALLEL_FROM`` inputs."""
    from app.settings import get_settings

    if workers is not None:
        return max(1, workers)
    wanted = get_settings().ingest_workers or default_workers()
    if wanted <= 1:
        return 1
    total = count if count is not None else count_inputs(values)
    return wanted if total >= PARALLEL_FROM else 1


def _extraction_failed(raw: RawArticle, error: Exception) -> Outcome:
    log.error("extraction failed for %s", raw.origin, exc_info=error)
    return Outcome(raw.origin, "failed", reason=f"extraction error ({type(error).__name__}: {error})")


def _store_or_fail(raw: RawArticle, extraction: ArticleExtraction, session: Session | None = None) -> Outcome:
    try:
        return _store(raw, extraction, session)
    except Exception as error:  # the transaction was rolled back; report it and go on
        log.exception("could not save %s", raw.origin)
        return Outcome(raw.origin, "failed", reason=f"could not be saved ({type(error).__name__}: {error})")


def count_inputs(values: Iterable[str]) -> int:
    """How many inputs ``ingest_paths`` will go through (for a progress total)."""
    return sum(1 for _ in expand_inputs(values))


def reextract_all(session: Session, workers: int | None = None) -> int:
    """Re-run extraction over every stored article and rebuild contacts and claims.

    Extraction runs on the same worker processes as bulk ingest. Runs inside the caller's
    transaction: either every article is re-extracted or nothing changes.
    """
    articles = list(session.exec(select(Article).order_by(Article.id)).all())
    extractions: list[ArticleExtraction] = []

    def keep(article: Article, result: ArticleExtraction | Exception) -> None:
        if isinstance(result, Exception):
            raise result
        extractions.append(result)

    raws = ((a, (extraction_key(RawArticle(a.text, a.origin, a.origin_kind, a.content_type)),
                 a.text, a.declared)) for a in articles)
    run_batches(raws, extraction_workers([], workers, count=len(articles)), BATCH_SIZE, keep)
    repository.clear_findings(session)
    session.flush()
    for article, extraction in zip(articles, extractions):
        repository.replace_extraction(session, article, extraction)
    return len(articles)
