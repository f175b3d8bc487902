"""Write side: an article and its extraction saved together, actors and topics upserted."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.extraction import records
from app.extraction.gazetteer import get_gazetteer
from app.review.reconcile import store_article
from app.storage import repository
from app.storage.db import session_scope
from app.storage.models import Actor, Article, Claim, ClaimActor, ClaimTopic, NoiseSpan, Topic

TEXT = (
    "Moscou et Téhéran resserrent les rangs\n\n"
    "Selon Kiev, la Russie aurait reçu de nouveaux drones iraniens, a affirmé mardi "
    "Volodymyr Zelensky, ce que Téhéran dément.\n"
    "Suivez notre chaîne sur Telegram\n"
)


def _claim(article: str, sentence: str, **fields) -> records.Claim:
    start = TEXT.index(sentence)
    return records.Claim(article=article, start=start, end=start + len(sentence), text=sentence, **fields)


def _extraction(key: str = "note.txt") -> records.ArticleExtraction:
    noise_start = TEXT.index("Suivez")
    return records.ArticleExtraction(
        article=key,
        meta=records.ArticleMeta(
            title="Moscou et Téhéran resserrent les rangs", outlet=None,
            published=records.DateValue("2022-11", "month", "header 'date 2022-11'"), published_source="header",
        ),
        noise=[records.NoiseSpan(noise_start, len(TEXT) - 1, "social-follow")],
        contacts=[],
        claims=[_claim(
            key, "Selon Kiev, la Russie aurait reçu de nouveaux drones iraniens",
            kind="allegation", attributed_to="Volodymyr Zelensky", hedged=True,
            date=records.DateValue("2022-11", "month", "publication month"),
            actors=["Russie", "Iran", "Oleksandr Exemplenko"], topics=["drones", "sujet-inconnu"],
        )],
    )


@pytest.mark.parametrize(("value", "first_day"), [
    ("2022", "2022-01-01"), ("2022-11", "2022-11-01"), ("2022-11-09", "2022-11-09"), (None, None),
])
def test_period_start(value: str | None, first_day: str | None) -> None:
    assert repository.period_start(value) == first_day


def test_article_is_saved_with_meta_noise_and_claims(migrated_db: str) -> None:
    with session_scope() as session:
        store_article(session, text=TEXT, sha256="f" * 64, origin="note.txt", origin_kind="file",
                                content_type="text/plain", extraction=_extraction())
    with session_scope() as session:
        article = session.exec(select(Article)).one()
        assert article.text == TEXT
        assert (article.published, article.published_precision, article.published_sort) == ("2022-11", "month", "2022-11-01")
        assert article.published_source == "header"
        noise = session.exec(select(NoiseSpan)).one()
        assert TEXT[noise.start:noise.end] == "Suivez notre chaîne sur Telegram"
        claim = session.exec(select(Claim)).one()
        assert TEXT[claim.start:claim.end] == claim.text
        assert (claim.kind, claim.hedged, claim.date_sort) == ("allegation", True, "2022-11-01")
        speaker = session.get(Actor, claim.attributed_actor_id)
        assert speaker is not None and speaker.in_gazetteer
        actor_keys = {session.get(Actor, link.actor_id).key for link in session.exec(select(ClaimActor)).all()}
        assert "ner:oleksandr exemplenko" in actor_keys
        assert any(not key.startswith("ner:") for key in actor_keys)  # "Russie" is in the gazetteer
        topics = set(session.exec(select(ClaimTopic.topic_slug)).all())
        assert topics == {"drones", "sujet-inconnu"}
        # The taxonomy file seeds its topics; an unknown slug still gets a row to point at.
        assert session.get(Topic, "drones").label == "Drones"
        assert session.get(Topic, "sujet-inconnu") is not None


def test_a_failing_save_leaves_nothing(migrated_db: str) -> None:
    broken = _extraction()
    broken.claims.append(records.Claim(article="another-key", start=0, end=1, text="M", kind="statement"))
    with pytest.raises(KeyError):
        with session_scope() as session:
            store_article(session, text=TEXT, sha256="e" * 64, origin="note.txt", origin_kind="file",
                          content_type="text/plain", extraction=broken)
    with session_scope() as session:
        for table in (Article, NoiseSpan, Claim, Actor):
            assert session.exec(select(table)).all() == []


def test_actors_are_upserted_by_key(migrated_db: str) -> None:
    with session_scope() as session:
        first = repository.upsert_actor(session, "Poutine")
        again = repository.upsert_actor(session, "Vladimir Poutine")
        assert first.id == again.id and first.in_gazetteer and first.roles
        unknown = repository.upsert_actor(session, "Ivan Exemplov", country="RU")
        same = repository.upsert_actor(session, "IVAN EXEMPLOV")
        assert unknown.id == same.id and unknown.key == "ner:ivan exemplov"
        assert unknown.aliases == ["Ivan Exemplov", "IVAN EXEMPLOV"]


def test_analyst_date_survives_a_new_extraction(migrated_db: str) -> None:
    article = Article(sha256="d" * 64, text=TEXT, origin="note.txt", published="2022-11-09",
                      published_precision="day", published_source="analyst", published_sort="2022-11-09")
    repository.apply_meta(article, _extraction().meta)
    assert (article.published, article.published_source) == ("2022-11-09", "analyst")
    assert article.title == "Moscou et Téhéran resserrent les rangs"


def _report(key: str, text: str, sentence: str, *, kind: str, date: records.DateValue, location: str | None,
            people: list[tuple[str, str]]) -> records.ArticleExtraction:
    start = text.index(sentence)
    contact = records.Contact(
        kind=kind, date=date, location=location,
        # As the pipeline does: gazetteer persons carry their key.
        participants=[records.Participant(name=n, country=c, kind="person", actor_key=get_gazetteer().by_alias(n).key)
                      for n, c in people],
        sources=[records.Source(article=key, start=start, end=start + len(sentence), quote=sentence)],
        topics=["energy"],
    )
    return records.ArticleExtraction(article=key, meta=records.ArticleMeta(), noise=[], contacts=[contact], claims=[])


DAY = records.DateValue("2023-03-14", "day", "dateline")
FIRST = "Vladimir Poutine a reçu mardi à Téhéran Ebrahim Raïssi pour parler d'énergie.\n"
SECOND = "Le président iranien Ebrahim Raïssi s'est entretenu mardi avec Vladimir Poutine à Moscou.\n"
THIRD = "Vladimir Poutine et Ebrahim Raïssi se sont parlé mardi au téléphone.\n"


def _save(session, key: str, text: str, extraction: records.ArticleExtraction):  # noqa: ANN001, ANN202
    return store_article(session, text=text, sha256=key.ljust(64, "0"), origin=key, origin_kind="file",
                                   content_type="text/plain", extraction=extraction)


def test_the_same_contact_from_two_articles_is_one_contact_with_two_sources(migrated_db: str) -> None:
    from app.storage.models import Contact, ContactParticipant, ContactSource

    with session_scope() as session:
        _save(session, "a1", FIRST, _report("a1", FIRST, FIRST.strip(), kind="meeting", date=DAY, location="Tehran",
                                            people=[("Vladimir Poutine", "RU"), ("Ebrahim Raïssi", "IR")]))
    with session_scope() as session:
        _save(session, "a2", SECOND, _report("a2", SECOND, SECOND.strip(), kind="meeting", date=DAY, location="Moscow",
                                             people=[("Ebrahim Raïssi", "IR"), ("Vladimir Poutine", "RU")]))
        _save(session, "a3", THIRD, _report("a3", THIRD, THIRD.strip(), kind="call", date=DAY, location=None,
                                            people=[("Vladimir Poutine", "RU"), ("Ebrahim Raïssi", "IR")]))
    with session_scope() as session:
        contacts = session.exec(select(Contact).order_by(Contact.id)).all()
        assert [(c.kind, c.source_count) for c in contacts] == [("meeting", 2), ("call", 1)]
        meeting = contacts[0]
        assert (meeting.date, meeting.date_sort) == ("2023-03-14", "2023-03-14")
        # The two reports place it differently: the disagreement is kept, not dropped.
        assert sorted(meeting.conflicts["location"]) == ["Moscow", "Tehran"]
        sources = session.exec(select(ContactSource).where(ContactSource.contact_id == meeting.id)).all()
        assert sorted(s.quote for s in sources) == sorted([FIRST.strip(), SECOND.strip()])
        assert len(session.exec(select(ContactParticipant).where(ContactParticipant.contact_id == meeting.id)).all()) == 2
