"""Small row factories for web tests: insert articles, actors, contacts and claims directly.

Used where a test needs a precise shape of data (overlapping spans, hostile text, many
contacts); tests of the real pipeline use the ``seeded_db`` fixture instead.
"""

from __future__ import annotations

import hashlib
from itertools import count

from sqlmodel import Session

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

_serial = count(1)


def sort_key(date: str | None) -> str | None:
    if not date:
        return None
    parts = date.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def article(session: Session, text: str, **fields) -> Article:
    row = Article(sha256=hashlib.sha256(f"{text}{next(_serial)}".encode()).hexdigest(), text=text,
                  origin=fields.pop("origin", "test.txt"), **fields)
    if row.published and not row.published_sort:
        row.published_sort = sort_key(row.published)
    session.add(row)
    session.flush()
    return row


def actor(session: Session, key: str, name: str, country: str | None, aliases=(), roles=(),
          kind: str = "person") -> Actor:
    row = Actor(key=key, name=name, country=country, aliases=list(aliases), roles=list(roles),
                kind=kind)
    session.add(row)
    session.flush()
    return row


def topic(session: Session, slug: str, label: str) -> Topic:
    row = Topic(slug=slug, label=label)
    session.add(row)
    session.flush()
    return row


def contact(session: Session, kind: str, participants: list[Actor], sources: list[tuple[Article, str]],
            *, date: str | None = None, precision: str = "unknown", reason: str = "",
            location: str | None = None, topics: list[Topic] = (), conflicts: dict | None = None,
            source_fields: list[dict] | None = None) -> Contact:
    """A contact whose evidence is the first occurrence of each quote in its article."""
    row = Contact(kind=kind, date=date, date_precision=precision if date else "unknown",
                  date_reason=reason, date_sort=sort_key(date), location=location,
                  conflicts=conflicts or {}, source_count=len({a.id for a, _q in sources}))
    session.add(row)
    session.flush()
    for person in participants:
        session.add(ContactParticipant(contact_id=row.id, actor_id=person.id, country=person.country))
    for t in topics:
        session.add(ContactTopic(contact_id=row.id, topic_slug=t.slug))
    for index, (art, quote) in enumerate(sources):
        start = art.text.index(quote)
        extra = (source_fields or [{}] * len(sources))[index]
        session.add(ContactSource(contact_id=row.id, article_id=art.id, start=start,
                                  end=start + len(quote), quote=quote, **extra))
    session.flush()
    return row


def claim(session: Session, art: Article, quote: str, kind: str, *, by: Actor | None = None,
          attributed_to: str | None = None, about: list[Actor] = (), topics: list[Topic] = (),
          hedged: bool = False) -> Claim:
    start = art.text.index(quote)
    row = Claim(article_id=art.id, start=start, end=start + len(quote), text=quote, kind=kind,
                attributed_to=attributed_to or (by.name if by else None),
                attributed_actor_id=by.id if by else None, hedged=hedged)
    session.add(row)
    session.flush()
    for person in about:
        session.add(ClaimActor(claim_id=row.id, actor_id=person.id))
    for t in topics:
        session.add(ClaimTopic(claim_id=row.id, topic_slug=t.slug))
    session.flush()
    return row


def noise(session: Session, art: Article, snippet: str, label: str) -> NoiseSpan:
    start = art.text.index(snippet)
    row = NoiseSpan(article_id=art.id, start=start, end=start + len(snippet), label=label)
    session.add(row)
    session.flush()
    return row


TEXT_TEHRAN = (
    "Téhéran, 9 novembre (Agence) - Le secrétaire du Conseil de sécurité russe Nikolaï Patrouchev "
    "s'est entretenu mercredi à Téhéran avec le président iranien Ebrahim Raïssi et avec Ali "
    "Shamkhani. Kiev accuse Moscou d'utiliser des drones iraniens, ce que Téhéran dément.\n"
    "Accepter les cookies"
)
TEXT_SECOND = (
    "Les échanges se multiplient. Téhéran a reçu mercredi le chef de la sécurité russe Nikolaï "
    "Patrouchev. Le même mois, Vladimir Poutine s'est entretenu par téléphone avec son "
    "homologue iranien Ebrahim Raïssi."
)
TEXT_SHOIGU = (
    "Le ministre russe de la Défense Sergueï Choïgou est arrivé à Téhéran. M. Choïgou a rencontré "
    "le chef d'état-major des forces armées iraniennes Mohammad Bagheri.\n"
    "<script>alert('pwned')</script> Les plus commentés"
)


def sample_corpus(session: Session) -> dict:
    """A small corpus shaped like real coverage: a merged two-source meeting, a month-precision
    call, an undated visit, claims, page noise and hostile markup in the text."""
    putin = actor(session, "putin", "Vladimir Putin", "RU", ["Vladimir Poutine", "Poutine", "Putin"],
                  [{"title": "President of Russia", "start": "2012-05-07"}])
    patrushev = actor(session, "patrushev", "Nikolai Patrushev", "RU", ["Nikolaï Patrouchev", "Patrouchev"])
    shoigu = actor(session, "shoigu", "Sergei Shoigu", "RU", ["Sergueï Choïgou", "Choïgou"])
    raisi = actor(session, "raisi", "Ebrahim Raisi", "IR", ["Ebrahim Raïssi", "Raïssi"])
    shamkhani = actor(session, "shamkhani", "Ali Shamkhani", "IR", ["Shamkhani", "Chamkhani"])
    bagheri = actor(session, "bagheri", "Mohammad Bagheri", "IR", ["Bagheri"])
    tehran_gov = actor(session, "iran", "Iran", "IR", ["Téhéran", "Iran"], kind="country")
    security = topic(session, "security", "Security")
    drones = topic(session, "drones", "Drones")
    economy = topic(session, "economy", "Economy")
    first = article(session, TEXT_TEHRAN, title="Patrouchev à Téhéran", outlet="Agence",
                    published="2022-11-09", published_precision="day", published_reason="dateline")
    second = article(session, TEXT_SECOND, title="Moscou et Téhéran", outlet="Hebdo",
                     published="2022-11", published_precision="month", published_reason="header")
    third = article(session, TEXT_SHOIGU, title="Choïgou en Iran", outlet=None)
    meeting = contact(session, "meeting", [patrushev, raisi, shamkhani],
                      [(first, "s'est entretenu mercredi à Téhéran avec le président iranien Ebrahim Raïssi"),
                       (second, "Téhéran a reçu mercredi le chef de la sécurité russe Nikolaï")],
                      date="2022-11-09", precision="day", reason="mercredi before the 9 November dateline",
                      location="Tehran", topics=[security, drones],
                      conflicts={"kind": ["meeting", "visit"]},
                      source_fields=[{"date": "2022-11-09", "date_precision": "day", "kind": "meeting"},
                                     {"date": "2022-11-09", "date_precision": "day", "kind": "visit"}])
    call = contact(session, "call", [putin, raisi],
                   [(second, "Vladimir Poutine s'est entretenu par téléphone avec son homologue iranien Ebrahim Raïssi")],
                   date="2022-11", precision="month", reason="same month as the publication",
                   topics=[economy])
    visit = contact(session, "visit", [shoigu, bagheri],
                    [(third, "M. Choïgou a rencontré le chef d'état-major des forces armées iraniennes")],
                    location="Tehran", topics=[security])
    accusation = claim(session, first, "Kiev accuse Moscou d'utiliser des drones iraniens", "allegation",
                       attributed_to="Kiev", about=[tehran_gov], topics=[drones])
    denial = claim(session, first, "ce que Téhéran dément", "denial", by=tehran_gov, topics=[drones])
    cookie = noise(session, first, "Accepter les cookies", "cookie banner")
    session.commit()
    return {"putin": putin, "patrushev": patrushev, "shoigu": shoigu, "raisi": raisi,
            "shamkhani": shamkhani, "bagheri": bagheri, "iran": tehran_gov,
            "meeting": meeting, "call": call, "visit": visit, "first": first, "second": second,
            "third": third, "accusation": accusation, "denial": denial, "cookie": cookie,
            "security": security, "drones": drones, "economy": economy}


def add_source(session: Session, contact_id: int, art: Article, quote: str) -> ContactSource:
    """One more mention of an existing contact (the first occurrence of ``quote`` in ``art``)."""
    start = art.text.index(quote)
    row = ContactSource(contact_id=contact_id, article_id=art.id, start=start, end=start + len(quote),
                        quote=quote)
    session.add(row)
    session.flush()
    return row
