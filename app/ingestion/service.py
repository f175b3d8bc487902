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

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.extraction.records import ArticleExtraction, ArticleMeta
from app.ingestion.budget import Budget, ExtractionCancelled, ExtractionTimedOut
from app.ingestion.parallel import Item, Result, default_workers, run_batches
from app.ingestion.readers import (
    IngestError,
    RawArticle,
    expand_inputs,
    fetch_url,
    read_bytes,
    read_input,
    read_text,
)
from app.review.reconcile import reextract_article, store_article
from app.settings import get_settings
from app.storage import repository
from app.storage.db import session_scope
from app.storage.models import Article

log = logging.getLogger(__name__)
# Articles extracted together (spaCy parses a batch faster than one text at a time).
BATCH_SIZE = 8


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: ingested, unchanged (already stored) or failed; ``reason``
    says why it failed, or what an analyst should know about an ingested one."""

    name: str
    status: str
    article_id: int | None = None
    reason: str = ""

    @property
    def message(self) -> str:
        if self.status == "failed":
            return f"failed: {self.name}: {self.reason}"
        return (f"{self.status}: {self.name}" + (f" (article {self.article_id})" if self.article_id else "")
                + (f": {self.reason}" if self.reason else ""))


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


TIMED_OUT = "timed out"


def default_budget() -> Budget:
    """The configured per-article extraction budget (``LIAISON_EXTRACTION_BUDGET``)."""
    seconds = get_settings().extraction_budget_seconds
    return Budget(seconds if seconds > 0 else None)


def extract(raws: Sequence[RawArticle], budget: Budget | None = None) -> list[ArticleExtraction]:
    """Run the extraction pipeline on several articles at once (one result per article),
    within ``budget`` per article when given."""
    from app.extraction.nlp import get_nlp
    from app.extraction.pipeline import extract_documents

    items = [(extraction_key(raw), raw.text) for raw in raws]
    declared = [raw.declared for raw in raws]
    if budget is None:
        return extract_documents(items, declared=declared)
    get_nlp()  # loading the model once per process is not the article's time
    return budget.run(lambda: extract_documents(items, declared=declared), scale=len(items))


def timed_out_extraction(raw: RawArticle) -> ArticleExtraction:
    """What is stored for an article whose extraction ran out of time: the text, no findings."""
    return ArticleExtraction(article=extraction_key(raw), meta=ArticleMeta(), noise=[],
                             contacts=[], claims=[])


def _timed_out_note(budget: Budget) -> str:
    return (f"extraction timed out after {budget.seconds:g} s: stored without contacts or claims; "
            "retry it from the article's page")


def extract_to_store(raws: Sequence[RawArticle], budget: Budget | None = None) -> list[ArticleExtraction]:
    """``extract`` for articles about to be stored: the aliases analysts added to actors are
    taught to the gazetteer first, so the spellings they recorded are found from now on."""
    from app.review.aliases import teach_aliases

    with session_scope() as session:
        teach_aliases(session)
    return extract(raws, budget)


def _store(raw: RawArticle, extraction: ArticleExtraction, session: Session | None,
           status: str = "done") -> Outcome:
    """Save one extracted article in its own transaction."""
    sha = sha256_of(raw.text)
    if session is None:
        with session_scope() as own:
            return _store_in(raw, sha, extraction, own, status)
    try:
        outcome = _store_in(raw, sha, extraction, session, status)
        session.commit()
        return outcome
    except BaseException:
        session.rollback()
        repository.forget_cache(session)
        raise


def _store_in(raw: RawArticle, sha: str, extraction: ArticleExtraction, session: Session,
              status: str = "done") -> Outcome:
    existing = repository.find_article_by_sha(session, sha)
    if existing is not None:
        return Outcome(raw.origin, "unchanged", existing.id)
    article = store_article(
        session, text=raw.text, sha256=sha, origin=raw.origin, origin_kind=raw.origin_kind,
        content_type=raw.content_type, extraction=extraction, declared=raw.declared,
    )
    article.extraction_status = status
    session.add(article)
    session.flush()
    return Outcome(raw.origin, "ingested", article.id, raw.warning)


def _stored_id(sha: str, session: Session | None) -> int | None:
    def find(s: Session) -> int | None:
        return s.exec(select(Article.id).where(Article.sha256 == sha)).first()

    if session is not None:
        return find(session)
    with session_scope() as own:
        return find(own)


CANCELLED = "cancelled: the request ended before extraction finished; nothing was stored"


def ingest_raw(raw: RawArticle, session: Session | None = None,
               budget: Budget | None = None) -> Outcome:
    """Ingest one already-read article (no-op when the same text is stored).

    Extraction runs within ``budget`` (the configured one by default); past it the article is
    stored with the "timed out" status and no findings.
    """
    stored = _stored_id(sha256_of(raw.text), session)
    if stored is not None:
        return Outcome(raw.origin, "unchanged", stored)
    budget = budget or default_budget()
    try:
        extraction = extract_to_store([raw], budget)[0]
    except ExtractionTimedOut:
        outcome = _store_or_fail(raw, timed_out_extraction(raw), session, TIMED_OUT)
        return outcome if outcome.status != "ingested" else Outcome(
            raw.origin, "ingested", outcome.article_id, _timed_out_note(budget))
    except ExtractionCancelled:
        return Outcome(raw.origin, "failed", reason=CANCELLED)
    except Exception as error:  # an extraction bug is reported like any failed input
        return _extraction_failed(raw, error)
    return _store_or_fail(raw, extraction, session)


def _guarded(name: str, read: Callable[[], RawArticle], session: Session | None,
             budget: Budget | None) -> Outcome:
    """Read and ingest one input; whatever goes wrong is this input's failure, never raised."""
    try:
        return ingest_raw(read(), session, budget)
    except IngestError as error:
        return Outcome(error.name, "failed", reason=error.reason)
    except Exception as error:  # a reader's missing module or bug: this file fails, not the batch
        log.exception("could not ingest %s", name)
        return Outcome(name, "failed", reason=f"internal error ({type(error).__name__}: {error})")


def ingest_text(text: str, origin: str = "pasted", origin_kind: str = "pasted",
                session: Session | None = None, budget: Budget | None = None) -> Outcome:
    """Ingest pasted text. Raises nothing for bad input: the outcome says why it failed.

    With ``session``, the article is written and committed in it (rolled back on error).
    """
    return _guarded(origin, lambda: read_text(text, origin, origin_kind), session, budget)


def ingest_bytes(data: bytes, name: str, origin_kind: str = "upload", content_type: str | None = None,
                 session: Session | None = None, budget: Budget | None = None) -> Outcome:
    """Ingest an uploaded file's bytes (.txt, .md, .html); the origin recorded is its name."""
    base = Path(name).name
    return _guarded(base, lambda: read_bytes(data, base, origin_kind, content_type), session, budget)


def ingest_url(url: str, session: Session | None = None, budget: Budget | None = None) -> Outcome:
    """Fetch a web page (public addresses only unless configured) and ingest its text."""
    return _guarded(url, lambda: fetch_url(url), session, budget)


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
                sha = sha256_of(raw.text)
                stored = _stored_id(sha, None)
            except IngestError as error:
                record(Outcome(error.name, "failed", reason=error.reason))
                continue
            except Exception as error:  # one unreadable input fails alone; the others still go in
                log.exception("could not read %s", item)
                record(Outcome(str(item), "failed",
                               reason=f"internal error ({type(error).__name__}: {error})"))
                continue
            if stored is not None or sha in seen:
                record(Outcome(raw.origin, "unchanged", stored))
                continue
            seen.add(sha)
            yield raw, extraction_item(raw)

    budget = default_budget()

    def store(raw: RawArticle, result: Result) -> None:
        if isinstance(result, ArticleExtraction):
            record(_store_or_fail(raw, result))
        else:
            record(_one_failed(raw, result, budget))

    run_batches(to_extract(), extraction_workers(values, workers), batch_size, store,
                budget_seconds=budget.seconds, lessons=recorded_aliases)
    return report


def extraction_item(raw: RawArticle) -> Item:
    """What an extraction worker gets for one article."""
    return extraction_key(raw), raw.text, raw.declared


def recorded_aliases() -> tuple:
    """The aliases analysts recorded, for the next extraction to learn (see ``review.aliases``)."""
    from app.review.aliases import recorded_aliases as recorded

    with session_scope() as session:
        return recorded(session)


# Fewer inputs than this are extracted in-process (starting workers costs a model load each).
PARALLEL_FROM = 48


def extraction_workers(values: list[str], workers: int | None = None, *,
                       count: int | None = None) -> int:
    """How many processes extract: ``workers`` when given; else the setting (or every core),
    but one for fewer than ``PARALLEL_FROM`` inputs."""
    if workers is not None:
        return max(1, workers)
    wanted = get_settings().ingest_workers or default_workers()
    if wanted <= 1:
        return 1
    total = count if count is not None else count_inputs(values)
    return wanted if total >= PARALLEL_FROM else 1


def _one_failed(raw: RawArticle, error: BaseException, budget: Budget) -> Outcome:
    """The outcome of an article whose extraction failed; one that ran out of time is stored
    as such (its text, no findings) so an editor can retry it."""
    if isinstance(error, ExtractionTimedOut):
        outcome = _store_or_fail(raw, timed_out_extraction(raw), None, TIMED_OUT)
        return outcome if outcome.status != "ingested" else Outcome(
            raw.origin, "ingested", outcome.article_id, _timed_out_note(budget))
    return _extraction_failed(raw, error)  # type: ignore[arg-type]


def _extraction_failed(raw: RawArticle, error: Exception) -> Outcome:
    log.error("extraction failed for %s", raw.origin, exc_info=error)
    return Outcome(raw.origin, "failed", reason=f"extraction error ({type(error).__name__}: {error})")


def _store_or_fail(raw: RawArticle, extraction: ArticleExtraction, session: Session | None = None,
                   status: str = "done") -> Outcome:
    try:
        return _store(raw, extraction, session, status)
    except IntegrityError as error:
        # Another ingest stored the same text between our check and our commit: that is the
        # "already stored" case, not a failure.
        stored = _stored_id(sha256_of(raw.text), session)
        if stored is not None:
            return Outcome(raw.origin, "unchanged", stored)
        log.exception("could not save %s", raw.origin)
        return Outcome(raw.origin, "failed", reason=f"could not be saved ({type(error).__name__}: {error})")
    except Exception as error:  # the transaction was rolled back; report it and go on
        log.exception("could not save %s", raw.origin)
        return Outcome(raw.origin, "failed", reason=f"could not be saved ({type(error).__name__}: {error})")


def count_inputs(values: Iterable[str]) -> int:
    """How many inputs ``ingest_paths`` will go through (for a progress total)."""
    return sum(1 for _ in expand_inputs(values))


def retry_extraction(session: Session, article: Article, budget: Budget | None = None) -> bool:
    """Extract an article stored as "timed out" again, within the budget, and store its
    findings (in the caller's transaction). True when it finished; False when it timed out
    again. Such an article has no findings yet, so nothing needs replacing."""
    if article.extraction_status != TIMED_OUT:
        raise ValueError(f"article {article.id} was extracted already")
    raw = RawArticle(article.text, article.origin, article.origin_kind, article.content_type,
                     article.declared)
    try:
        extraction = extract([raw], budget or default_budget())[0]
    except ExtractionTimedOut:
        return False
    reextract_article(session, article, extraction)
    article.extraction_status = "done"
    session.add(article)
    return True
