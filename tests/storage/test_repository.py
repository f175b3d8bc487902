"""Repository write side: an article and its extraction saved together, actors and topics upserted."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.extraction import records
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
        repository.save_article(session, text=TEXT, sha256="f" * 64, origin="note.txt", origin_kind="file",
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
            repository.save_article(session, text=TEXT, sha256="e" * 64, origin="note.txt", origin_kind="file",
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
