"""Reconciliation: a re-extraction keeps contact and claim ids by their evidence, and never
drops an analyst's decision (kept, re-anchored, or flagged for re-review)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.review import decisions
from app.review.reconcile import reextract_article, store_article
from app.storage.db import session_scope
from app.storage.models import Article, Claim, Contact, ContactSource, ReviewEvent

from .findings import (
    CALL,
    DENIAL,
    MEETING,
    MEETING_CLAUSE,
    TEXT,
    claim,
    contact,
    extraction,
    full,
    near_miss,
)


def _ingest(text: str = TEXT, found=None, key: str = "a.txt") -> int:  # noqa: ANN001
    with session_scope() as session:
        article = store_article(session, text=text, sha256=key.ljust(64, "0"), origin=key,
                                origin_kind="file", content_type="text/plain",
                                extraction=found or full(key))
        return article.id


def _reextract(article_id: int, found):  # noqa: ANN001, ANN202
    with session_scope() as session:
        return reextract_article(session, session.get(Article, article_id), found)


def _contacts() -> dict[str, Contact]:
    """Live contacts by kind."""
    with session_scope() as session:
        rows = session.exec(select(Contact).where(Contact.retired.is_(False))).all()
        session.expunge_all()
        return {row.kind: row for row in rows}


def test_the_same_findings_keep_every_id_and_change_nothing(migrated_db: str) -> None:
    article_id = _ingest()
    before = _contacts()
    with session_scope() as session:
        claims_before = session.exec(select(Claim.id)).all()
    tally = _reextract(article_id, full())
    assert {k: c.id for k, c in _contacts().items()} == {k: c.id for k, c in before.items()}
    with session_scope() as session:
        assert session.exec(select(Claim.id)).all() == claims_before
        assert len(session.exec(select(ContactSource)).all()) == 2
    assert (tally.kept, tally.reanchored, tally.flagged, tally.new_contacts) == (0, 0, 0, 0)


def test_a_recut_span_re_anchors_a_confirmed_contact_under_the_same_id(migrated_db: str) -> None:
    article_id = _ingest()
    meeting = _contacts()["meeting"]
    with session_scope() as session:
        decisions.review_contact(session, meeting.id, "confirmed", "omid")
    recut = full()
    recut.contacts[0] = contact("a.txt", TEXT, MEETING_CLAUSE)
    tally = _reextract(article_id, recut)
    assert (tally.kept, tally.reanchored, tally.flagged) == (0, 1, 0)
    with session_scope() as session:
        row = session.get(Contact, meeting.id)
        assert row.review_status == "confirmed" and not row.needs_rereview
        source = session.exec(select(ContactSource).where(ContactSource.contact_id == meeting.id)).one()
        assert source.quote == MEETING_CLAUSE == TEXT[source.start:source.end]
        assert TEXT[source.start - len(source.prefix):source.start] == source.prefix


def test_a_decision_whose_evidence_is_gone_is_kept_and_flagged(migrated_db: str) -> None:
    article_id = _ingest()
    found = _contacts()
    with session_scope() as session:
        decisions.review_contact(session, found["meeting"].id, "rejected", "omid", "not a meeting")
    without = full()
    without.contacts = without.contacts[1:]  # the rules no longer find the meeting
    tally = _reextract(article_id, without)
    assert (tally.kept, tally.flagged) == (0, 1)
    with session_scope() as session:
        row = session.get(Contact, found["meeting"].id)
        assert (row.review_status, row.needs_rereview, row.retired) == ("rejected", True, False)
        assert session.exec(select(ContactSource).where(ContactSource.contact_id == row.id)).all()
        flag = session.exec(select(ReviewEvent).where(ReviewEvent.action == "flag")).one()
        assert flag.target_id == row.id


def test_an_unreviewed_contact_no_longer_found_is_retired_and_comes_back_with_its_id(migrated_db: str) -> None:
    article_id = _ingest()
    call_id = _contacts()["call"].id
    without = full()
    without.contacts = without.contacts[:1]
    assert _reextract(article_id, without).retired == 1
    assert "call" not in _contacts()
    with session_scope() as session:
        assert session.get(Contact, call_id).retired  # the link still resolves
    _reextract(article_id, full())
    assert _contacts()["call"].id == call_id


def test_edits_and_rejections_outrank_the_extractor(migrated_db: str) -> None:
    article_id = _ingest()
    found = _contacts()
    with session_scope() as session:
        decisions.edit_contact(session, found["meeting"].id,
                               {"date": "2023-03-13", "date_precision": "day", "location": "Sochi"},
                               "omid", "the dateline is the day after")
        decisions.review_contact(session, found["call"].id, "rejected", "omid", "not Russia–Iran")
    tally = _reextract(article_id, full())
    assert (tally.kept, tally.reanchored, tally.flagged) == (2, 0, 0)
    with session_scope() as session:
        meeting = session.get(Contact, found["meeting"].id)
        assert (meeting.date, meeting.location, meeting.review_status) == ("2023-03-13", "Sochi", "edited")
        assert meeting.date_reason.startswith("set by omid")
        assert session.get(Contact, found["call"].id).review_status == "rejected"


def test_an_added_contact_stays_whatever_the_extraction_finds(migrated_db: str) -> None:
    article_id = _ingest(found=extraction("a.txt"))
    start = TEXT.index(CALL)
    with session_scope() as session:
        added = decisions.add_contact(session, article_id, start, start + len(CALL),
                                      {"kind": "call", "new_participants": ["Sergueï Lavrov"]},
                                      "omid", quote=CALL)
        added_id = added.id
    assert _reextract(article_id, extraction("a.txt")).kept == 1
    # When the rules learn to find it, the finding joins the analyst's contact.
    tally = _reextract(article_id, full())
    with session_scope() as session:
        row = session.get(Contact, added_id)
        assert (row.kind, row.origin, row.review_status) == ("call", "analyst", "confirmed")
        assert len(session.exec(select(Contact).where(Contact.kind == "call")).all()) == 1
    assert tally.reanchored + tally.kept == 1


def test_a_new_article_joins_the_stored_contact_but_never_a_rejected_one(migrated_db: str) -> None:
    _ingest()
    meeting = _contacts()["meeting"]
    other = "Vladimir Poutine et Ebrahim Raïssi se sont rencontrés mardi à Moscou."
    _ingest(other, extraction("b.txt", [contact("b.txt", other, other)]), key="b.txt")
    assert _contacts()["meeting"].id == meeting.id
    assert _contacts()["meeting"].source_count == 2
    with session_scope() as session:
        decisions.review_contact(session, meeting.id, "rejected", "omid")
    third = "Vladimir Poutine a accueilli mardi Ebrahim Raïssi à Moscou."
    _ingest(third, extraction("c.txt", [contact("c.txt", third, third)]), key="c.txt")
    with session_scope() as session:
        rows = session.exec(select(Contact).where(Contact.kind == "meeting").order_by(Contact.id)).all()
        assert [(r.id == meeting.id, r.review_status) for r in rows] == [(True, "rejected"), (False, "unreviewed")]


def test_claims_keep_their_ids_and_their_decisions(migrated_db: str) -> None:
    article_id = _ingest()
    with session_scope() as session:
        denial = session.exec(select(Claim)).one()
        decisions.edit_claim(session, denial.id, {"hedged": True}, "omid")
        denial_id = denial.id
    recut = full()
    recut.claims = [claim("a.txt", TEXT, DENIAL + ", selon un porte-parole")]  # a longer span
    tally = _reextract(article_id, recut)
    with session_scope() as session:
        row = session.get(Claim, denial_id)
        assert row.hedged and row.review_status == "edited"
        assert row.text == TEXT[row.start:row.end] and row.text.endswith("porte-parole")
    assert tally.reanchored == 1
    gone = full()
    gone.claims = []
    assert _reextract(article_id, gone).flagged == 1
    with session_scope() as session:
        assert session.get(Claim, denial_id).needs_rereview


@pytest.mark.parametrize("accepted", [False, True])
def test_near_misses_are_stored_as_suggestions_and_keep_their_id(migrated_db: str, accepted: bool) -> None:
    miss = near_miss("a.txt", TEXT, CALL, "message-only", "a call reported as a message", kind="call", location=None,
                     people=(("Sergueï Lavrov", "RU"), ("Hossein Amir-Abdollahian", "IR")))
    found = extraction("a.txt", [contact("a.txt", TEXT, MEETING)], suggestions=[miss])
    article_id = _ingest(found=found)
    with session_scope() as session:
        suggestion = session.exec(select(Contact).where(Contact.review_status == "suggested")).one()
        assert (suggestion.kind, suggestion.suggestion_check) == ("call", "message-only: a call reported as a message")
        suggestion_id = suggestion.id
        if accepted:
            decisions.review_contact(session, suggestion_id, "confirmed", "omid")
    _reextract(article_id, found)
    with session_scope() as session:
        row = session.get(Contact, suggestion_id)
        assert row.review_status == ("confirmed" if accepted else "suggested")
        assert len(session.exec(select(Contact).where(Contact.kind == "call")).all()) == 1


def test_an_alias_an_analyst_adds_is_found_by_the_next_extraction(migrated_db: str) -> None:
    from app.extraction.gazetteer import get_gazetteer
    from app.review.aliases import teach_aliases
    from app.storage import repository

    garbled = "Vladmir Poutyne"
    try:
        assert get_gazetteer().by_alias(garbled) is None
        with session_scope() as session:
            putin = repository.upsert_actor(session, "Vladimir Poutine")
            stranger = repository.upsert_actor(session, "Ivan Exemplov")
            session.flush()
            decisions.add_alias(session, putin.id, garbled, "omid")
            decisions.add_alias(session, stranger.id, "Ivan Exemplof", "omid")
        with session_scope() as session:
            assert teach_aliases(session) >= 2
            assert teach_aliases(session) == 0  # taught once
        gazetteer = get_gazetteer()
        assert gazetteer.by_alias(garbled).key == "putin"
        text = f"{garbled} a reçu Ivan Exemplof mardi."
        assert [m.key for m in gazetteer.find_mentions(text)] == ["putin", "ner:ivan exemplov"]
    finally:  # the next test gets the gazetteer of the data files again
        from app.extraction.actors import get_actor_finder

        get_gazetteer.cache_clear()
        get_actor_finder.cache_clear()


def test_a_near_miss_on_the_span_of_a_contact_is_not_offered_again(migrated_db: str) -> None:
    same_span = near_miss("a.txt", TEXT, MEETING, "person_on_each_side", "Iran named only as a country")
    _ingest(found=extraction("a.txt", [contact("a.txt", TEXT, MEETING)], suggestions=[same_span]))
    with session_scope() as session:
        assert session.exec(select(Contact).where(Contact.review_status == "suggested")).all() == []
