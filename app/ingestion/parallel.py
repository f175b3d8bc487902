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
from typing import TypeVar

from app.extraction.records import ArticleExtraction

log = logging.getLogger(__name__)

T = TypeVar("T")
# What a worker returns per article: its extraction, or why it failed.
Result = ArticleExtraction | Exception
Item = tuple[str, str, Mapping | None]  # (extraction key, text, what the sender declared)


def default_workers() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def extract_items(items: Sequence[Item]) -> list[Result]:
    """Extract a batch; if the batch fails, one by one, so one bad article fails alone."""
    from app.extraction.pipeline import extract_documents

    def run(batch: Sequence[Item]) -> list[ArticleExtraction]:
        return extract_documents([(key, text) for key, text, _ in batch],
                                 declared=[declared for _, _, declared in batch])

    try:
        return list(run(items))
    except Exception as error:
        if len(items) == 1:
            return [error]
    results: list[Result] = []
    for item in items:
        try:
            results.append(run([item])[0])
        except Exception as error:
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

    def map(self, batches: Iterable[tuple[T, Sequence[Item]]]) -> Iterator[tuple[T, list[Result]]]:
        """(tag, results) for each (tag, items) batch, in the order given.

        Two batches per worker are in flight: the workers stay busy while the caller stores
        the oldest result, and unread input is never queued in memory.
        """
        if self._executor is None:
            for tag, items in batches:
                yield tag, extract_items(items)
            return
        pending: deque[tuple[T, Sequence[Item], Future]] = deque()
        source = iter(batches)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * self.workers:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                tag, items = batch
                pending.append((tag, items, self._submit(items)))
            if not pending:
                return
            tag, items, future = pending.popleft()
            yield tag, self._result(items, future)

    def _submit(self, items: Sequence[Item]) -> Future:
        assert self._executor is not None
        try:
            return self._executor.submit(extract_items, list(items))
        except BrokenProcessPool:
            return _done(extract_items(items))

    @staticmethod
    def _result(items: Sequence[Item], future: Future) -> list[Result]:
        try:
            return future.result()
        except BrokenProcessPool as error:
            # A worker died (out of memory, killed): extract this batch here instead.
            log.error("extraction worker lost; extracting in-process", exc_info=error)
            return extract_items(items)


def _done(value: list[Result]) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def run_batches(items: Iterable[tuple[T, Item]], workers: int, batch_size: int,
                on_result: Callable[[T, Result], None]) -> None:
    """Extract every (tag, item) on ``workers`` processes, calling ``on_result`` in input order."""
    def batches() -> Iterator[tuple[list[T], list[Item]]]:
        tags: list[T] = []
        chunk: list[Item] = []
        for tag, item in items:
            tags.append(tag)
            chunk.append(item)
            if len(chunk) >= batch_size:
                yield tags, chunk
                tags, chunk = [], []
        if chunk:
            yield tags, chunk

    with ExtractorPool(workers) as pool:
        for tags, results in pool.map(batches()):
            for tag, result in zip(tags, results):
                on_result(tag, result)
