"""The ingest service: one entry point for the CLI, uploads and pasted text.

Each article is read, validated, deduplicated by the SHA-256 of its text, extracted, and saved
in its own transaction: a failure leaves no half-written article and the other inputs still go in.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from app.extraction.records import ArticleExtraction
from app.ingestion.readers import (
    IngestError,
    RawArticle,
    expand_inputs,
    read_bytes,
    read_input,
    read_text,
)
from app.review.reconcile import store_article
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


def extract_to_store(raws: Sequence[RawArticle]) -> list[ArticleExtraction]:
    """``extract`` for articles about to be stored: the aliases analysts added to actors are
    taught to the gazetteer first, so the spellings they recorded are found from now on."""
    from app.review.aliases import teach_aliases

    with session_scope() as session:
        teach_aliases(session)
    return extract(raws)


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
    article = store_article(
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
        extraction = extract_to_store([raw])[0]
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
                 batch_size: int = BATCH_SIZE) -> Report:
    """Ingest files, folders (recursively) and URLs; each article in its own transaction."""
    report = Report()
    pending: list[RawArticle] = []
    seen: set[str] = set()

    def record(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    def flush() -> None:
        if not pending:
            return
        for raw, extraction in zip(pending, _extract_or_fail(pending, record)):
            if extraction is not None:
                record(_store_or_fail(raw, extraction))
        pending.clear()

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
        pending.append(raw)
        if len(pending) >= batch_size:
            flush()
    flush()
    return report


def _extract_or_fail(raws: list[RawArticle], record: ProgressHook) -> list[ArticleExtraction | None]:
    """Extract a batch; if the batch fails, retry one by one so one bad article fails alone."""
    try:
        return list(extract_to_store(raws))
    except Exception as error:  # an extraction bug must not stop the other articles
        if len(raws) == 1:
            record(_extraction_failed(raws[0], error))
            return [None]
    results: list[ArticleExtraction | None] = []
    for raw in raws:
        try:
            results.append(extract([raw])[0])
        except Exception as error:
            record(_extraction_failed(raw, error))
            results.append(None)
    return results


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
