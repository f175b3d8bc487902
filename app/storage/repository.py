"""Write side of the store: articles, noise spans, actors, topics, contact rows and claims.

Callers own the transaction (``session_scope``); nothing here commits, so an error anywhere
leaves no half-written article. Nothing here decides which stored contact a finding is: that
is ``app.review.reconcile``, which ingestion, re-extraction and review all call; this module
only reads and writes the rows it is told to.
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
from app.extraction.textfold import fold_key, strip_bidi
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
    meta: records.ArticleMeta,
    declared: dict | None = None,
) -> Article:
    """Insert one article row (flushed, not committed); its findings are stored by the caller."""
    article = Article(sha256=sha256, text=text, origin=origin, origin_kind=origin_kind,
                      content_type=content_type, declared=declared)
    apply_meta(article, meta)
    session.add(article)
    session.flush()
    return article


def save_noise(session: Session, article_id: int, spans: Iterable[records.NoiseSpan]) -> None:
    for span in spans:
        session.add(NoiseSpan(article_id=article_id, start=span.start, end=span.end, label=span.label))


def replace_noise(session: Session, article_id: int, spans: Iterable[records.NoiseSpan]) -> None:
    """The article's noise spans as found now (the old ones of this article only are removed)."""
    session.exec(delete(NoiseSpan).where(NoiseSpan.article_id == article_id))  # type: ignore[call-overload]
    save_noise(session, article_id, spans)


CONTEXT = 32  # characters kept before and after a quote, to find the evidence again


def context_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix around ``text[start:end]``."""
    return text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]


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
    name = strip_bidi(name)
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


def participant_actors(session: Session, contact: records.Contact) -> list[tuple[records.Participant, Actor]]:
    """The stored actor of every participant of a finding (created on first sight)."""
    return _participant_actors(session, contact)


def live_contact(row: Contact) -> bool:
    """A contact shown to readers and open to matching (not merged away, not retired)."""
    return row.merged_into is None and not row.retired


def write_contact(
    session: Session, row: Contact, contact: records.Contact, pairs: list[tuple[records.Participant, Actor]],
    *, participants: bool = True, topics: bool = True, exact_topics: bool = False,
) -> None:
    """Copy a finding's fields onto a contact row; ``participants``/``topics`` False keep
    the stored ones (an analyst set them); ``exact_topics`` also removes topics not found."""
    row.kind = contact.kind
    row.date = contact.date.value
    row.date_precision = contact.date.precision
    row.date_reason = contact.date.reason
    row.date_sort = period_start(contact.date.value)
    row.location = contact.location
    row.conflicts = {k: list(v) for k, v in contact.conflicts.items()}
    session.add(row)
    session.flush()
    if participants:
        set_participants(session, row, [(actor, participant.role, participant.country)
                                        for participant, actor in pairs])
    if topics:
        set_topics(session, row, list(contact.topics), exact=exact_topics)
    session.flush()


def set_participants(session: Session, row: Contact, people: list[tuple[Actor, str | None, str | None]]) -> None:
    """Exactly these actors take part (role and country kept where not given)."""
    links = {link.actor_id: link for link in session.exec(
        select(ContactParticipant).where(ContactParticipant.contact_id == row.id)).all()}
    # The record holds every participant: a country that stood for a side until a person of that
    # side was named is dropped from it, and so from the stored links.
    kept = {actor.id for actor, _, _ in people}
    for actor_id, link in links.items():
        if actor_id not in kept:
            session.delete(link)
    for actor, role, country in people:
        link = links.get(actor.id) or ContactParticipant(contact_id=row.id, actor_id=actor.id)  # type: ignore[arg-type]
        link.role = role or link.role
        link.country = country or link.country
        session.add(link)
    session.flush()


def set_topics(session: Session, row: Contact, slugs: list[str], *, exact: bool = False) -> None:
    """Add these topics; with ``exact``, also remove the others."""
    stored = set(session.exec(select(ContactTopic.topic_slug).where(ContactTopic.contact_id == row.id)).all())
    wanted = list(dict.fromkeys(slugs))
    for slug in wanted:
        if slug not in stored:
            session.add(ContactTopic(contact_id=row.id, topic_slug=ensure_topic(session, slug)))  # type: ignore[arg-type]
    if exact:
        for slug in stored - set(wanted):
            session.exec(delete(ContactTopic).where(  # type: ignore[call-overload]
                ContactTopic.contact_id == row.id, ContactTopic.topic_slug == slug))
    session.flush()


def article_id_of(key: str, article_ids: dict[str, int]) -> int:
    """The stored id of a finding's article key (a file name, or a stored contact's marker)."""
    if key.startswith(_STORED_KEY):
        return int(key[len(_STORED_KEY):])
    return article_ids[key]


def finding_of(contact: records.Contact) -> dict:
    """What one report says about a contact, kept on its source to rebuild the contact later."""
    found = records.to_dict(contact)
    found.pop("sources", None)
    found.pop("conflicts", None)
    return found


def add_sources(session: Session, row: Contact, contact: records.Contact, article_ids: dict[str, int],
                *, origin: str = "extracted") -> list[ContactSource]:
    """This article's evidence for the contact, with what this source alone said."""
    existing = {(s.article_id, s.start, s.end): s for s in session.exec(
        select(ContactSource).where(ContactSource.contact_id == row.id)).all()}
    added = []
    for source in contact.sources:
        article_id = article_id_of(source.article, article_ids)
        if (article_id, source.start, source.end) in existing:
            continue
        article = session.get(Article, article_id)
        prefix, suffix = context_of(article.text, source.start, source.end) if article else ("", "")
        link = ContactSource(
            contact_id=row.id, article_id=article_id, start=source.start, end=source.end,  # type: ignore[arg-type]
            quote=source.quote, date=contact.date.value, date_precision=contact.date.precision,
            date_reason=contact.date.reason, location=contact.location, kind=contact.kind,
            prefix=prefix, suffix=suffix, origin=origin, finding=finding_of(contact),
        )
        existing[(article_id, source.start, source.end)] = link
        session.add(link)
        added.append(link)
    session.flush()
    recount_sources(session, row)
    return added


def recount_sources(session: Session, row: Contact) -> None:
    """How many distinct articles report the contact."""
    row.source_count = session.exec(
        select(func.count(func.distinct(ContactSource.article_id))).where(ContactSource.contact_id == row.id)
    ).one()
    session.add(row)


def record_from_finding(found: dict, sources: list[records.Source] | None = None) -> records.Contact:
    """A contact record from what a source said (``finding_of`` in reverse)."""
    date = found.get("date") or {}
    return records.Contact(
        kind=found.get("kind") or "other",
        date=records.DateValue(date.get("value"), date.get("precision") or "unknown",  # type: ignore[arg-type]
                               date.get("reason") or ""),
        participants=[records.Participant(**p) for p in found.get("participants", [])],
        sources=list(sources or []), location=found.get("location"),
        topics=list(found.get("topics", [])),
    )


# ---------------------------------------------------------------- claims


def save_claims(session: Session, claims: Iterable[records.Claim], article_ids: dict[str, int]) -> list[Claim]:
    """Claims with their actors and topics (flushed together: one round trip per table)."""
    resolved = [(claim, _claim_actor_ids(session, claim), [ensure_topic(session, t) for t in dict.fromkeys(claim.topics)])
                for claim in claims]
    rows = [_claim_row(session, claim, article_ids) for claim, _, _ in resolved]
    for row in rows:
        article = session.get(Article, row.article_id)
        if article is not None:
            row.prefix, row.suffix = context_of(article.text, row.start, row.end)
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
        article_id=article_id_of(claim.article, article_ids), start=claim.start, end=claim.end,
        text=claim.text, kind=claim.kind, attributed_to=claim.attributed_to,
        attributed_actor_id=upsert_actor(session, speaker.name, key=speaker.key).id if speaker else None,
        hedged=claim.hedged, date=claim.date.value, date_precision=claim.date.precision,
        date_reason=claim.date.reason, date_sort=period_start(claim.date.value),
    )


def update_claim(session: Session, row: Claim, claim: records.Claim, *, keep: Iterable[str] = ()) -> None:
    """Copy a fresh finding onto a stored claim, except the fields in ``keep`` (an analyst's)."""
    keep = set(keep)
    fresh = _claim_row(session, claim, {claim.article: row.article_id})
    fields = ["start", "end", "text", "date", "date_precision", "date_reason", "date_sort"]
    fields += [name for name in ("kind", "hedged") if name not in keep]
    if "speaker" not in keep:
        fields += ["attributed_to", "attributed_actor_id"]
    for name in fields:
        setattr(row, name, getattr(fresh, name))
    article = session.get(Article, row.article_id)
    if article is not None:
        row.prefix, row.suffix = context_of(article.text, row.start, row.end)
    session.add(row)
    session.exec(delete(ClaimActor).where(ClaimActor.claim_id == row.id))  # type: ignore[call-overload]
    session.exec(delete(ClaimTopic).where(ClaimTopic.claim_id == row.id))  # type: ignore[call-overload]
    session.flush()
    session.add_all([ClaimActor(claim_id=row.id, actor_id=a) for a in _claim_actor_ids(session, claim)])  # type: ignore[arg-type]
    session.add_all([ClaimTopic(claim_id=row.id, topic_slug=ensure_topic(session, t))  # type: ignore[arg-type]
                     for t in dict.fromkeys(claim.topics)])
    session.flush()
