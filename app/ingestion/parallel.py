"""Extraction on every core: worker processes parse and extract, the calling process stores.

Each worker loads the spaCy model once and extracts batches of articles; results come back in
the order the batches were sent, so storing them gives the same database as a serial run. At
most a few batches are in flight, so memory stays bounded however many articles there are.
Extraction is pure (no database in the workers): one writer, the caller, owns the store.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TypeVar

from app.extraction.records import ArticleExtraction

log = logging.getLogger(__name__)

T = TypeVar("T")
# What a worker returns per article: its extraction, or why it has none (the exception raised,
# ``ExtractionTimedOut`` when it ran past its time budget).
Result = ArticleExtraction | BaseException
Item = tuple[str, str, Mapping | None]  # (extraction key, text, what the sender declared)


@dataclass(frozen=True)
class Job:
    """A batch sent to a worker, with what every article of it is extracted under: the seconds
    each may take (None: no limit) and the aliases analysts recorded (``aliases.Lesson``)."""

    items: Sequence[Item]
    budget_seconds: float | None = None
    lessons: tuple = ()


def default_workers() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def extract_items(job: Job) -> list[Result]:
    """Extract a batch within its budget; if the batch fails or runs out of time, one article
    at a time, so one bad or slow article fails (or times out) alone."""
    from app.extraction.nlp import get_nlp
    from app.extraction.pipeline import extract_documents
    from app.ingestion.budget import Budget, ExtractionTimedOut
    from app.review.aliases import teach

    teach(job.lessons)
    get_nlp()  # loading the model once per process is not the articles' time

    def run(batch: Sequence[Item]) -> list[ArticleExtraction]:
        return Budget(job.budget_seconds).run(
            lambda: extract_documents([(key, text) for key, text, _ in batch],
                                      declared=[declared for _, _, declared in batch]),
            scale=len(batch))

    try:
        return list(run(job.items))
    except (Exception, ExtractionTimedOut) as error:  # one article must not stop the others
        if len(job.items) == 1:
            return [error]
    results: list[Result] = []
    for item in job.items:
        try:
            results.append(run([item])[0])
        except (Exception, ExtractionTimedOut) as error:
            results.append(error)
    return results


def _warm_up() -> None:
    """Worker start: load the model and the data files once, before the first batch."""
    from app.extraction.actors import get_actor_finder
    from app.extraction.gazetteer import get_gazetteer
    from app.extraction.nlp import get_nlp

    get_nlp()
    get_gazetteer()
    get_actor_finder()


class ExtractorPool:
    """Worker processes extracting batches in order; ``workers`` of 1 extracts in-process."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None
        if self.workers > 1:
            # "spawn": a clean interpreter per worker (no copied database connections or locks).
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm_up)

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def map(self, batches: Iterable[tuple[T, Job]]) -> Iterator[tuple[T, list[Result]]]:
        """(tag, results) for each (tag, job) batch, in the order given.

        Two batches per worker are in flight: the workers stay busy while the caller stores
        the oldest result, and unread input is never queued in memory.
        """
        if self._executor is None:
            for tag, job in batches:
                yield tag, extract_items(job)
            return
        pending: deque[tuple[T, Job, Future]] = deque()
        source = iter(batches)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * self.workers:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                tag, job = batch
                pending.append((tag, job, self._submit(job)))
            if not pending:
                return
            tag, job, future = pending.popleft()
            yield tag, self._result(job, future)

    def _submit(self, job: Job) -> Future:
        assert self._executor is not None
        try:
            return self._executor.submit(extract_items, job)
        except BrokenProcessPool:
            return _done(extract_items(job))

    @staticmethod
    def _result(job: Job, future: Future) -> list[Result]:
        try:
            return future.result()
        except BrokenProcessPool as error:
            # A worker died (out of memory, killed): extract this batch here instead.
            log.error("extraction worker lost; extracting in-process", exc_info=error)
            return extract_items(job)


def _done(value: list[Result]) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def run_batches(items: Iterable[tuple[T, Item]], workers: int, batch_size: int,
                on_result: Callable[[T, Result], None], *, budget_seconds: float | None = None,
                lessons: Callable[[], tuple] | None = None) -> None:
    """Extract every (tag, item) on ``workers`` processes, calling ``on_result`` in input order.

    Each article may take ``budget_seconds`` (None: no limit); ``lessons``, called as each
    batch is sent, gives the aliases analysts have recorded so far.
    """
    def batches() -> Iterator[tuple[list[T], Job]]:
        tags: list[T] = []
        chunk: list[Item] = []

        def job() -> Job:
            return Job(chunk, budget_seconds, lessons() if lessons else ())

        for tag, item in items:
            tags.append(tag)
            chunk.append(item)
            if len(chunk) >= batch_size:
                yield tags, job()
                tags, chunk = [], []
        if chunk:
            yield tags, job()

    with ExtractorPool(workers) as pool:
        for tags, results in pool.map(batches()):
            for tag, result in zip(tags, results):
                on_result(tag, result)
