"""Matching findings to what is stored: one place for ingestion, re-extraction and review.

- A new article's contact joins the stored contact it is the same real-world contact as
  (``same_contact``), or becomes a new one.
- A re-extracted article's findings are matched to the contacts and claims already anchored in
  it by their evidence (offsets, quote, context), so ids stay the same; only what no finding
  supports any more changes, and an analyst's decision is never dropped: it is kept and flagged
  "needs re-review" when its evidence no longer matches.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from sqlmodel import Session, select

from app.extraction import records
from app.extraction.merge import merge_contacts, same_contact
from app.review.anchors import MATCH_THRESHOLD, Anchor, locate, overlap_score
from app.review.history import SYSTEM, record
from app.review.suggestions import suggestions_of
from app.storage import repository
from app.storage.models import Article, Claim, Contact, ContactSource

DECIDED = frozenset({"confirmed", "edited", "rejected"})
# A new report never joins a contact an analyst rejected, nor a near miss.
NOT_JOINABLE = frozenset({"rejected", "suggested"})
STORED_KEY = "#article:"


@dataclass
class Tally:
    """What a re-extraction did to analyst decisions (each counted once, by its worst outcome:
    flagged, then re-anchored, then kept) and to findings."""

    kept_ids: set[str] = field(default_factory=set)  # evidence found again, unchanged
    reanchored_ids: set[str] = field(default_factory=set)  # found again with a re-cut span
    flagged_ids: set[str] = field(default_factory=set)  # no finding matches its evidence any more
    new_contacts: int = 0
    retired: int = 0
    articles: int = 0
    failed: int = 0

    @property
    def flagged(self) -> int:
        return len(self.flagged_ids)

    @property
    def reanchored(self) -> int:
        return len(self.reanchored_ids - self.flagged_ids)

    @property
    def kept(self) -> int:
        return len(self.kept_ids - self.reanchored_ids - self.flagged_ids)

    def decided(self, outcome: str, target: str, row_id: int | None) -> None:
        getattr(self, f"{outcome}_ids").add(f"{target}:{row_id}")

    def add(self, other: Tally) -> None:
        for name in ("kept_ids", "reanchored_ids", "flagged_ids"):
            getattr(self, name).update(getattr(other, name))
        for name in ("new_contacts", "retired", "articles", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        return {name: sorted(value) if isinstance(value, set) else value
                for name, value in self.__dict__.items()}

    @classmethod
    def from_dict(cls, values: dict) -> Tally:
        return cls(**{name: set(value) if name.endswith("_ids") else value
                      for name, value in values.items() if name in cls.__dataclass_fields__})


def has_decision(row: Contact | Claim) -> bool:
    """An analyst confirmed, edited, rejected or added it: re-extraction must not undo it."""
    return row.review_status in DECIDED or bool(row.locked) or row.origin == "analyst"


# ---------------------------------------------------------------- ingestion


def store_article(session: Session, *, text: str, sha256: str, origin: str, origin_kind: str,
                  content_type: str, extraction: records.ArticleExtraction,
                  declared: dict | None = None) -> Article:
    """A new article with its noise spans, contacts, suggestions and claims (not committed)."""
    article = repository.save_article(session, text=text, sha256=sha256, origin=origin,
                                      origin_kind=origin_kind, content_type=content_type,
                                      meta=extraction.meta, declared=declared)
    assert article.id is not None
    repository.save_noise(session, article.id, extraction.noise)
    ids = {extraction.article: article.id}
    for contact in extraction.contacts:
        match_finding(session, contact, ids)
    for contact, check in suggestions_of(extraction):
        store_suggestion(session, contact, check, ids)
    repository.save_claims(session, extraction.claims, ids)
    return article


def with_locks(row: Contact, contact: records.Contact) -> records.Contact:
    """The finding with the fields an analyst set on ``row`` put back."""
    locked = row.locked or {}
    changes: dict = {}
    if "date" in locked:
        date = locked["date"]
        changes["date"] = records.DateValue(date.get("value"), date.get("precision", "unknown"),
                                            date.get("reason", ""))
    for name in ("kind", "location"):
        if name in locked:
            changes[name] = locked[name]
    return replace(contact, **changes) if changes else contact


def write_finding(session: Session, row: Contact, contact: records.Contact, *,
                  exact_topics: bool = False) -> None:
    """Write a finding onto a contact row; the analyst's locked fields win."""
    contact = with_locks(row, contact)
    locked = row.locked or {}
    pairs = repository.participant_actors(session, contact) if "participants" not in locked else []
    repository.write_contact(session, row, contact, pairs, participants="participants" not in locked,
                             topics="topics" not in locked, exact_topics=exact_topics)


def match_finding(session: Session, contact: records.Contact, article_ids: dict[str, int], *,
                  exclude: frozenset[int] | set[int] = frozenset()) -> Contact:
    """Merge an extracted contact into the stored one it is the same as, or store it as new."""
    pairs = repository.participant_actors(session, contact)
    # Reports of one contact share a person; countries and institutions only when no one is named.
    persons = [actor.id for participant, actor in pairs if participant.kind == "person"]
    actor_ids = [i for i in (persons or [actor.id for _, actor in pairs]) if i is not None]
    for row in repository.candidate_contacts(session, actor_ids, contact.date):
        if row.id in exclude or not repository.live_contact(row) or row.review_status in NOT_JOINABLE:
            continue
        stored = repository.stored_contact_record(session, row)
        if same_contact(stored, contact):
            write_finding(session, row, merge_contacts(stored, contact))
            repository.add_sources(session, row, contact, article_ids)
            return row
    row = Contact(kind=contact.kind)
    write_finding(session, row, contact)
    repository.add_sources(session, row, contact, article_ids)
    return row


def store_suggestion(session: Session, contact: records.Contact, check: str,
                     article_ids: dict[str, int]) -> Contact:
    """A near miss as its own "suggested" contact (never merged into another)."""
    row = Contact(kind=contact.kind, review_status="suggested", origin="suggestion",
                  suggestion_check=check)
    write_finding(session, row, contact)
    repository.add_sources(session, row, contact, article_ids)
    return row


def rebuild(session: Session, row: Contact) -> None:
    """Recompute a contact from what each of its sources said (analyst fields kept)."""
    sources = list(session.exec(select(ContactSource).where(ContactSource.contact_id == row.id)
                                .order_by(ContactSource.id)).all())
    if not sources:
        return
    fallback: records.Contact | None = None
    found: list[records.Contact] = []
    for source in sources:
        evidence = records.Source(f"{STORED_KEY}{source.article_id}", source.start, source.end,
                                  source.quote)
        if source.finding:
            found.append(repository.record_from_finding(source.finding, [evidence]))
            continue
        # Stored before sources kept their own finding: the contact as it stands speaks for it.
        fallback = fallback or repository.stored_contact_record(session, row)
        found.append(replace(fallback, sources=[evidence], conflicts={}))
    merged = found[0]
    for other in found[1:]:
        merged = merge_contacts(merged, other)
    write_finding(session, row, merged, exact_topics=True)
    repository.recount_sources(session, row)


# ---------------------------------------------------------------- re-extraction


def _anchor_span(text: str, source: ContactSource | Claim, quote: str) -> tuple[int, int]:
    found = locate(text, Anchor(source.start, source.end, quote, source.prefix, source.suffix))
    return found or (source.start, source.end)


def _greedy(scores: list[tuple[float, int, int]]) -> dict[int, int]:
    """One-to-one pairs (finding index -> stored id), best overlap first."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _score, index, stored_id in sorted(scores, key=lambda s: (-s[0], s[1], s[2])):
        if index not in pairs and stored_id not in taken:
            pairs[index] = stored_id
            taken.add(stored_id)
    return pairs


def flag(session: Session, row: Contact | Claim, target: str) -> None:
    """Keep an analyst's decision whose evidence no finding matches, marked for re-review."""
    if not row.needs_rereview:
        row.needs_rereview = True
        session.add(row)
        record(session, target, row.id, "flag", SYSTEM,  # type: ignore[arg-type]
               before={"needs_rereview": False}, after={"needs_rereview": True},
               note="no finding of the current extraction matches its evidence any more")


def reextract_article(session: Session, article: Article,
                      extraction: records.ArticleExtraction) -> Tally:
    """Reconcile a fresh extraction of one stored article with what is stored for it."""
    assert article.id is not None
    tally = Tally(articles=1)
    repository.apply_meta(article, extraction.meta)
    session.add(article)
    repository.replace_noise(session, article.id, extraction.noise)
    ids = {extraction.article: article.id}
    found: list[tuple[records.Contact, str | None]] = [(c, None) for c in extraction.contacts]
    found += [(c, check) for c, check in suggestions_of(extraction)]

    stored: dict[int, Contact] = {}
    evidence: dict[int, list[ContactSource]] = defaultdict(list)
    for source, row in session.exec(
            select(ContactSource, Contact).join(Contact, Contact.id == ContactSource.contact_id)
            .where(ContactSource.article_id == article.id).order_by(ContactSource.id)).all():
        stored[row.id] = row  # type: ignore[index]
        evidence[row.id].append(source)  # type: ignore[index]

    scores = []
    for index, (contact, _check) in enumerate(found):
        for contact_id, sources in evidence.items():
            score = max(overlap_score(_anchor_span(article.text, s, s.quote), (t.start, t.end))
                        for s in sources for t in contact.sources)
            if score >= MATCH_THRESHOLD:
                scores.append((score, index, contact_id))
    pairs = _greedy(scores)

    for index, contact_id in pairs.items():
        contact, check = found[index]
        row = stored[contact_id]
        same = any((s.start, s.end) == (t.start, t.end)
                   for s in evidence[contact_id] for t in contact.sources)
        _resync_sources(session, row, evidence[contact_id], contact, ids)
        _settle_status(row, check)
        row.retired = False
        rebuild(session, row)
        if has_decision(row):
            tally.decided("kept" if same else "reanchored", "contact", row.id)

    for contact_id in set(stored) - set(pairs.values()):
        _unsupported(session, stored[contact_id], evidence[contact_id], tally)

    touched = set(stored)
    for index, (contact, check) in enumerate(found):
        if index in pairs:
            continue
        if check is None:
            row = match_finding(session, contact, ids, exclude=touched)
            touched.add(row.id)  # type: ignore[arg-type]
            tally.new_contacts += 1
        else:
            store_suggestion(session, contact, check, ids)
    reconcile_claims(session, article, extraction.claims, ids, tally)
    return tally


def _resync_sources(session: Session, row: Contact, old: list[ContactSource],
                    contact: records.Contact, ids: dict[str, int]) -> None:
    """This article's evidence of ``row`` becomes the finding's (an analyst's spans stay)."""
    fresh = {(s.start, s.end): s for s in contact.sources}
    for source in old:
        if source.origin == "analyst":
            fresh.pop((source.start, source.end), None)
            continue
        if (source.start, source.end) in fresh:
            fresh.pop((source.start, source.end))
            source.date, source.date_precision = contact.date.value, contact.date.precision
            source.date_reason, source.location = contact.date.reason, contact.location
            source.kind, source.finding = contact.kind, repository.finding_of(contact)
            session.add(source)
        else:
            session.delete(source)
    session.flush()
    repository.add_sources(session, row, replace(contact, sources=list(fresh.values())), ids)


def _settle_status(row: Contact, check: str | None) -> None:
    """A near miss found as a contact now becomes one; a contact only a near miss now
    becomes a suggestion, unless an analyst decided on it."""
    if check is None and row.review_status == "suggested":
        row.review_status, row.origin, row.suggestion_check = "unreviewed", "extracted", None
    elif check is not None and not has_decision(row):
        row.review_status, row.origin, row.suggestion_check = "suggested", "suggestion", check


def _unsupported(session: Session, row: Contact, sources: list[ContactSource], tally: Tally) -> None:
    """No finding of this article supports ``row`` any more."""
    if has_decision(row):
        if row.origin == "analyst" and all(s.origin == "analyst" for s in sources):
            tally.decided("kept", "contact", row.id)  # the analyst's own evidence needs no finding
        else:
            flag(session, row, "contact")
            tally.decided("flagged", "contact", row.id)
        return
    others = session.exec(select(ContactSource.id).where(
        ContactSource.contact_id == row.id, ContactSource.article_id != sources[0].article_id)
    ).first()
    if others is None:
        # Kept with its evidence so a link to it still explains itself, and so a later
        # extraction that finds it again brings it back under the same id.
        row.retired = True
        session.add(row)
        tally.retired += 1
        return
    for source in sources:
        session.delete(source)
    session.flush()
    rebuild(session, row)


def reconcile_claims(session: Session, article: Article, claims: list[records.Claim],
                     ids: dict[str, int], tally: Tally) -> None:
    """Claims of a re-extracted article matched to the stored ones by their evidence."""
    stored = {c.id: c for c in session.exec(select(Claim).where(Claim.article_id == article.id)).all()}
    scores = []
    for index, claim in enumerate(claims):
        for claim_id, row in stored.items():
            score = overlap_score(_anchor_span(article.text, row, row.text), (claim.start, claim.end))
            if score >= MATCH_THRESHOLD:
                scores.append((score + (0.01 if claim.kind == row.kind else 0.0), index, claim_id))
    pairs = _greedy(scores)  # type: ignore[arg-type]
    for index, claim_id in pairs.items():
        row, claim = stored[claim_id], claims[index]
        same = (row.start, row.end) == (claim.start, claim.end)
        if row.origin == "analyst":
            tally.decided("kept", "claim", row.id)  # the analyst's own claim keeps its own span
            continue
        repository.update_claim(session, row, claim, keep=(row.locked or {}).keys())
        if has_decision(row):
            tally.decided("kept" if same else "reanchored", "claim", row.id)
    for claim_id in set(stored) - set(pairs.values()):
        row = stored[claim_id]
        if row.origin == "analyst":
            tally.decided("kept", "claim", row.id)
        elif has_decision(row):
            flag(session, row, "claim")
            tally.decided("flagged", "claim", row.id)
        else:
            session.delete(row)
    session.flush()
    repository.save_claims(session, [c for i, c in enumerate(claims) if i not in pairs], ids)
