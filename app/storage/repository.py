"""Write side of the store: an article and what was extracted from it, saved together.

Callers own the transaction (``session_scope``); nothing here commits, so an error anywhere
leaves no half-written article. Contacts are merged with the ones already stored when the
extraction's ``same_contact`` says they are the same real-world contact.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml
from sqlalchemy import delete, func, or_
from sqlmodel import Session, select

from app.extraction import records
from app.extraction.datafiles import data_file
from app.extraction.dates import date_sort_key
from app.extraction.gazetteer import ActorEntry, get_gazetteer
from app.extraction.metadata import url_outlet
from app.extraction.textfold import fold_key
from app.storage.models import (
    Actor,
    Article,
    Claim,
    ClaimActor,
    ClaimTopic,
    Contact,
    ContactParticipant,
    ContactSource,
    ContactTopic,
    NoiseSpan,
    Topic,
)

# Source.article keys of contacts read back from the database.
_STORED_KEY = "#article:"
# Enough to find the same contact among those sharing its actors, without loading them all.
_MAX_CANDIDATES = 200


# The first day of a date's period ("2022-11" -> "2022-11-01"): what SQL sorts and filters on.
period_start = date_sort_key


# ---------------------------------------------------------------- articles


def find_article_by_sha(session: Session, sha256: str) -> Article | None:
    return session.exec(select(Article).where(Article.sha256 == sha256)).first()


def apply_meta(article: Article, meta: records.ArticleMeta) -> None:
    """Copy what the text says about the article onto its row (an analyst's date is kept)."""
    article.title = meta.title
    article.outlet = meta.outlet or url_outlet(article.origin)  # else the site it came from
    article.language = meta.language or "fr"
    if article.published_source == "analyst":
        return
    article.published = meta.published.value
    article.published_precision = meta.published.precision
    article.published_reason = meta.published.reason
    article.published_source = meta.published_source if meta.published.known else "none"
    article.published_sort = period_start(meta.published.value)


def save_article(
    session: Session,
    *,
    text: str,
    sha256: str,
    origin: str,
    origin_kind: str,
    content_type: str,
    extraction: records.ArticleExtraction,
    declared: dict | None = None,
) -> Article:
    """Insert one article with its noise spans, contacts and claims (flushed, not committed)."""
    article = Article(sha256=sha256, text=text, origin=origin, origin_kind=origin_kind,
                      content_type=content_type, declared=declared)
    apply_meta(article, extraction.meta)
    session.add(article)
    session.flush()
    assert article.id is not None
    save_noise(session, article.id, extraction.noise)
    save_findings(session, {extraction.article: article.id}, extraction)
    return article


def save_noise(session: Session, article_id: int, spans: Iterable[records.NoiseSpan]) -> None:
    for span in spans:
        session.add(NoiseSpan(article_id=article_id, start=span.start, end=span.end, label=span.label))


def save_findings(session: Session, article_ids: dict[str, int], extraction: records.ArticleExtraction) -> None:
    """Contacts (merged into stored ones where the same) and claims of one article."""
    for contact in extraction.contacts:
        save_contact(session, contact, article_ids)
    save_claims(session, extraction.claims, article_ids)


def clear_findings(session: Session) -> None:
    """Remove every contact, claim and noise span (articles and actors stay)."""
    for table in (ContactTopic, ContactParticipant, ContactSource, ClaimTopic, ClaimActor):
        session.exec(delete(table))  # type: ignore[call-overload]
    for table in (Contact, Claim, NoiseSpan):
        session.exec(delete(table))  # type: ignore[call-overload]


def replace_extraction(session: Session, article: Article, extraction: records.ArticleExtraction) -> None:
    """Store a fresh extraction of an already stored article (after ``clear_findings``)."""
    assert article.id is not None
    apply_meta(article, extraction.meta)
    session.add(article)
    save_noise(session, article.id, extraction.noise)
    save_findings(session, {extraction.article: article.id}, extraction)


def forget_cache(session: Session) -> None:
    """Drop the actors and topics remembered in ``session`` (call after a rollback)."""
    session.info.pop("liaison_actors", None)
    session.info.pop("liaison_topics", None)


# ---------------------------------------------------------------- actors


def _gazetteer_entry(name: str, actor_key: str | None) -> ActorEntry | None:
    gazetteer = get_gazetteer()
    if actor_key and actor_key in gazetteer.actors:
        return gazetteer.actors[actor_key]
    return gazetteer.by_alias(name) if name else None


def actor_key(name: str, key: str | None = None) -> str:
    """The stable key of an actor: its gazetteer key, or "ner:<folded name>"."""
    entry = _gazetteer_entry(name, key)
    return entry.key if entry else f"ner:{fold_key(name)}"


def upsert_actor(
    session: Session, name: str, *, key: str | None = None, kind: str = "person", country: str | None = None,
) -> Actor:
    """The stored actor a name (or gazetteer key) designates, created on first sight."""
    entry = _gazetteer_entry(name, key)
    stable_key = entry.key if entry else f"ner:{fold_key(name)}"
    known: dict[str, Actor] = session.info.setdefault("liaison_actors", {})
    actor = known.get(stable_key)
    if actor is None:
        with session.no_autoflush:
            actor = session.exec(select(Actor).where(Actor.key == stable_key)).first()
        if actor is None:
            actor = _new_actor(entry, stable_key, name, kind, country)
            session.add(actor)
            session.flush()
        known[stable_key] = actor
    if entry is None and name not in actor.aliases:
        actor.aliases = [*actor.aliases, name]  # reassign: JSON columns track assignment only
        session.add(actor)
    return actor


def _new_actor(entry: ActorEntry | None, key: str, name: str, kind: str, country: str | None) -> Actor:
    if entry is None:
        return Actor(key=key, name=name, country=country, kind=kind, aliases=[name], roles=[],
                     in_gazetteer=False)
    roles = [{"title": r.title, "start": r.start, "end": r.end, "fr": list(r.fr)} for r in entry.roles]
    return Actor(key=entry.key, name=entry.name, country=entry.country, kind=entry.kind,
                 aliases=list(entry.aliases), roles=roles, in_gazetteer=True)


# ---------------------------------------------------------------- topics


def load_topic_file(path: Path | None = None) -> list[dict]:
    """Topic entries (slug, label, description, cues) from ``topics.yaml``, if the file exists."""
    path = path or data_file("topics.yaml")
    if not path.exists():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(raw, dict):
        raw = raw.get("topics", [])
    return [item for item in raw if isinstance(item, dict) and item.get("slug")]


def seed_topics(session: Session) -> None:
    """Create the taxonomy's topics that are not stored yet; update labels of the others."""
    stored = {t.slug: t for t in session.exec(select(Topic)).all()}
    for item in load_topic_file():
        topic = stored.get(item["slug"]) or Topic(slug=item["slug"], label=item["slug"])
        topic.label = str(item.get("label") or item["slug"])
        topic.description = str(item.get("description") or "")
        session.add(topic)
    session.flush()


def ensure_topic(session: Session, slug: str) -> str:
    """Make sure a topic row exists for ``slug`` (the taxonomy file seeds them first)."""
    known: set[str] = session.info.setdefault("liaison_topics", set())
    if slug in known:
        return slug
    with session.no_autoflush:
        if session.get(Topic, slug) is None:
            seed_topics(session)
            if session.get(Topic, slug) is None:
                session.add(Topic(slug=slug, label=slug.replace("-", " ")))
                session.flush()
    known.add(slug)
    return slug


# ---------------------------------------------------------------- contacts


def _participant_actors(session: Session, contact: records.Contact) -> list[tuple[records.Participant, Actor]]:
    pairs = []
    seen: set[int] = set()
    for participant in contact.participants:
        actor = upsert_actor(session, participant.name, key=participant.actor_key,
                             kind=participant.kind, country=participant.country)
        if actor.id not in seen:
            seen.add(actor.id)  # type: ignore[arg-type]
            pairs.append((participant, actor))
    return pairs


def candidate_contacts(session: Session, actor_ids: list[int], date: records.DateValue) -> list[Contact]:
    """Stored contacts sharing an actor with a compatible date, most shared actors first.

    ``same_contact`` decides; this only narrows the rows it looks at, so it never loads all.
    """
    if not actor_ids:
        return []
    shared_count = func.count(func.distinct(ContactParticipant.actor_id)).label("shared")
    shared = (
        select(ContactParticipant.contact_id, shared_count)
        .where(ContactParticipant.actor_id.in_(actor_ids))  # type: ignore[attr-defined]
        .group_by(ContactParticipant.contact_id)
        .subquery()
    )
    query = select(Contact).join(shared, shared.c.contact_id == Contact.id)
    if date.known and date.value:
        value = date.value
        # Compatible: undated, or one date is a prefix of the other ("2022-11" vs "2022-11-09").
        query = query.where(or_(
            Contact.date.is_(None),  # type: ignore[union-attr]
            Contact.date.in_({value[:4], value[:7], value[:10]}),  # type: ignore[union-attr]
            Contact.date.startswith(value),  # type: ignore[union-attr]
        ))
    query = query.order_by(shared.c.shared.desc(), Contact.id)
    return list(session.exec(query.limit(_MAX_CANDIDATES)).all())


def stored_contact_record(session: Session, row: Contact) -> records.Contact:
    """A stored contact as the extraction's record, so ``same_contact`` can compare it."""
    participants = [
        records.Participant(name=actor.name, country=link.country or actor.country, role=link.role,
                            actor_key=actor.key if actor.in_gazetteer else None, kind=actor.kind)
        for link, actor in session.exec(
            select(ContactParticipant, Actor).join(Actor).where(ContactParticipant.contact_id == row.id)
            .order_by(ContactParticipant.id)
        ).all()
    ]
    sources = [
        records.Source(article=f"{_STORED_KEY}{s.article_id}", start=s.start, end=s.end, quote=s.quote)
        for s in session.exec(select(ContactSource).where(ContactSource.contact_id == row.id)
                              .order_by(ContactSource.id)).all()
    ]
    topics = list(session.exec(select(ContactTopic.topic_slug).where(ContactTopic.contact_id == row.id)).all())
    return records.Contact(
        kind=row.kind,
        date=records.DateValue(row.date, row.date_precision, row.date_reason),  # type: ignore[arg-type]
        participants=participants, sources=sources, location=row.location, topics=topics,
        conflicts={k: list(v) for k, v in (row.conflicts or {}).items()},
    )


def save_contact(session: Session, contact: records.Contact, article_ids: dict[str, int]) -> Contact:
    """Merge an extracted contact into the stored one it is the same as, or store it as new."""
    from app.extraction.merge import merge_contacts, same_contact

    pairs = _participant_actors(session, contact)
    # Reports of one contact share a person; countries and institutions only when no one is named.
    persons = [actor.id for participant, actor in pairs if participant.kind == "person"]
    actor_ids = persons or [actor.id for _, actor in pairs]
    for row in candidate_contacts(session, [i for i in actor_ids if i is not None], contact.date):
        stored = stored_contact_record(session, row)
        if same_contact(stored, contact):
            merged = merge_contacts(stored, contact)
            _write_contact(session, row, merged, _participant_actors(session, merged))
            _add_sources(session, row, contact, article_ids)
            return row
    row = Contact(kind=contact.kind)
    _write_contact(session, row, contact, pairs)
    _add_sources(session, row, contact, article_ids)
    return row


def _write_contact(
    session: Session, row: Contact, contact: records.Contact, pairs: list[tuple[records.Participant, Actor]],
) -> None:
    row.kind = contact.kind
    row.date = contact.date.value
    row.date_precision = contact.date.precision
    row.date_reason = contact.date.reason
    row.date_sort = period_start(contact.date.value)
    row.location = contact.location
    row.conflicts = {k: list(v) for k, v in contact.conflicts.items()}
    session.add(row)
    session.flush()
    links = {link.actor_id: link for link in session.exec(
        select(ContactParticipant).where(ContactParticipant.contact_id == row.id)).all()}
    # The record holds every participant: a country that stood for a side until a person of that
    # side was named is dropped from it, and so from the stored links.
    kept = {actor.id for _, actor in pairs}
    for actor_id, link in links.items():
        if actor_id not in kept:
            session.delete(link)
    for participant, actor in pairs:
        link = links.get(actor.id) or ContactParticipant(contact_id=row.id, actor_id=actor.id)  # type: ignore[arg-type]
        link.role = participant.role or link.role
        link.country = participant.country or link.country
        session.add(link)
    stored_topics = set(session.exec(select(ContactTopic.topic_slug).where(ContactTopic.contact_id == row.id)).all())
    for slug in dict.fromkeys(contact.topics):
        if slug not in stored_topics:
            session.add(ContactTopic(contact_id=row.id, topic_slug=ensure_topic(session, slug)))  # type: ignore[arg-type]
    session.flush()


def _article_id(key: str, article_ids: dict[str, int]) -> int:
    if key.startswith(_STORED_KEY):
        return int(key[len(_STORED_KEY):])
    return article_ids[key]


def _add_sources(session: Session, row: Contact, contact: records.Contact, article_ids: dict[str, int]) -> None:
    """This article's evidence for the contact, with what this source alone said."""
    existing = set(session.exec(
        select(ContactSource.article_id, ContactSource.start, ContactSource.end)
        .where(ContactSource.contact_id == row.id)).all())
    for source in contact.sources:
        article_id = _article_id(source.article, article_ids)
        if (article_id, source.start, source.end) in existing:
            continue
        existing.add((article_id, source.start, source.end))
        session.add(ContactSource(
            contact_id=row.id, article_id=article_id, start=source.start, end=source.end,  # type: ignore[arg-type]
            quote=source.quote, date=contact.date.value, date_precision=contact.date.precision,
            date_reason=contact.date.reason, location=contact.location, kind=contact.kind,
        ))
    session.flush()
    row.source_count = session.exec(
        select(func.count(func.distinct(ContactSource.article_id))).where(ContactSource.contact_id == row.id)
    ).one()
    session.add(row)


# ---------------------------------------------------------------- claims


def save_claims(session: Session, claims: Iterable[records.Claim], article_ids: dict[str, int]) -> list[Claim]:
    """Claims with their actors and topics (flushed together: one round trip per table)."""
    resolved = [(claim, _claim_actor_ids(session, claim), [ensure_topic(session, t) for t in dict.fromkeys(claim.topics)])
                for claim in claims]
    rows = [_claim_row(session, claim, article_ids) for claim, _, _ in resolved]
    session.add_all(rows)
    session.flush()
    with session.no_autoflush:
        for row, (_, actor_ids, slugs) in zip(rows, resolved):
            session.add_all([ClaimActor(claim_id=row.id, actor_id=a) for a in actor_ids])  # type: ignore[arg-type]
            session.add_all([ClaimTopic(claim_id=row.id, topic_slug=slug) for slug in slugs])  # type: ignore[arg-type]
    session.flush()
    return rows


def save_claim(session: Session, claim: records.Claim, article_ids: dict[str, int]) -> Claim:
    """One claim with its actors and topics."""
    return save_claims(session, [claim], article_ids)[0]


def _claim_actor_ids(session: Session, claim: records.Claim) -> list[int]:
    return [i for i in dict.fromkeys(upsert_actor(session, name).id for name in claim.actors if name.strip())
            if i is not None]


def _claim_row(session: Session, claim: records.Claim, article_ids: dict[str, int]) -> Claim:
    # The speaker is linked only when the gazetteer knows them ("selon des sources" is no actor).
    speaker = _gazetteer_entry(claim.attributed_to, None) if claim.attributed_to else None
    return Claim(
        article_id=_article_id(claim.article, article_ids), start=claim.start, end=claim.end,
        text=claim.text, kind=claim.kind, attributed_to=claim.attributed_to,
        attributed_actor_id=upsert_actor(session, speaker.name, key=speaker.key).id if speaker else None,
        hedged=claim.hedged, date=claim.date.value, date_precision=claim.date.precision,
        date_reason=claim.date.reason, date_sort=period_start(claim.date.value),
    )
