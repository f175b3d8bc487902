"""The extraction pipeline: article texts in, ``ArticleExtraction`` records out.

Pure: no database, no web. Used by ingestion and by ``liaison extract --json``. Texts are parsed
in batches with ``nlp.pipe``; every offset is into the text exactly as given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.extraction import dates, metadata, noise
from app.extraction.actors import get_actor_finder
from app.extraction.claims import trace_claims
from app.extraction.contacts import trace_contacts
from app.extraction.context import ArticleContext
from app.extraction.gazetteer import get_gazetteer
from app.extraction.merge import merge_all
from app.extraction.nlp import parse_many
from app.extraction.records import ArticleExtraction, Contact, NoiseSpan, Suggestion
from app.extraction.topics import assign_passage_topics


def build_context(key: str, text: str, doc, declared: Mapping | None = None) -> ArticleContext:  # noqa: ANN001 - spaCy Doc
    """Everything the contact and claim steps read about one parsed article.

    ``declared`` is what the article's sender stated beside the text (``Article.declared``).
    """
    spans = noise.find_noise(text)
    meta = metadata.with_declared(metadata.read_metadata(text, spans, origin=key), declared)
    anchor = dates.build_anchor(text, spans, meta)
    sentences = [s for s in doc.sents if s.text.strip() and not _mostly_noise(spans, s.start_char, s.end_char)]
    gaz = get_gazetteer()
    bounds = [(s.start_char, s.end_char) for s in sentences]
    mentions = [m for m in gaz.find_mentions(text)
                if not _overlaps_noise(spans, m.start, m.end) and any(a <= m.start and m.end <= b for a, b in bounds)]
    return ArticleContext(key=key, text=text, noise=spans, meta=meta, anchor=anchor, doc=doc,
                          sentences=sentences, mentions=mentions)


def _overlaps_noise(spans: list[NoiseSpan], start: int, end: int) -> bool:
    return any(n.start < end and start < n.end for n in spans)


def _mostly_noise(spans: list[NoiseSpan], start: int, end: int) -> bool:
    covered = sum(max(0, min(end, n.end) - max(start, n.start)) for n in spans)
    return covered * 2 >= (end - start)


def extract_context(ctx: ArticleContext) -> ArticleExtraction:
    """Contacts and claims of one article whose context is built."""
    trace = trace_contacts(ctx, get_actor_finder())
    claims, claim_trace = trace_claims(ctx)
    assign_passage_topics(ctx, trace.contacts, claims)
    suggestions = [Suggestion(c.contact, c.dropped_by.check, c.dropped_by.why)
                   for c in trace.suggestions if c.contact is not None and c.dropped_by is not None]
    return ArticleExtraction(article=ctx.key, meta=ctx.meta, noise=ctx.noise, contacts=trace.contacts,
                             claims=claims, suggestions=suggestions, candidates=trace.candidates,
                             claim_trace=claim_trace)


def extract_documents(items: list[tuple[str, str]], batch_size: int = 16,
                      declared: Sequence[Mapping | None] | None = None) -> list[ArticleExtraction]:
    """One ``ArticleExtraction`` per ``(key, text)``, in order; contacts not yet merged across.

    ``declared`` (one per item, or None) is what each sender stated beside its text."""
    texts = [text for _, text in items]
    stated = list(declared) if declared is not None else [None] * len(items)
    out = []
    for (key, text), doc, given in zip(items, parse_many(texts, batch_size=batch_size), stated):
        out.append(extract_context(build_context(key, text, doc, given)))
    return out


def extract_and_merge(items: list[tuple[str, str]]) -> tuple[list[ArticleExtraction], list[Contact]]:
    """Extractions per article, and their contacts merged across articles."""
    extractions = extract_documents(items)
    return extractions, merge_all(extractions)
