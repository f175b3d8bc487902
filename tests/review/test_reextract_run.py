"""``liaison reextract`` over the seeds through the real pipeline: ids stable, decisions kept,
one transaction per article, resumable, and nothing lost by an article ingested meanwhile."""

from __future__ import annotations

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from app.cli import app
from app.ingestion.service import ingest_text
from app.review import decisions
from app.review.reextract import reextract_all
from app.storage.db import session_scope
from app.storage.models import Claim, Contact, ContactSource, NoiseSpan, ReextractRun

pytestmark = pytest.mark.slow
runner = CliRunner()

PASTED = ("Le ministre russe des Affaires étrangères Sergueï Lavrov a reçu jeudi 4 mai 2023 à Moscou "
          "son homologue iranien Hossein Amir-Abdollahian pour évoquer le corridor de transport.")


def _evidence() -> dict[int, set[tuple[int, int, str]]]:
    """Every live contact id with the spans of its evidence."""
    with session_scope() as session:
        found: dict[int, set] = {}
        for source, contact in session.exec(select(ContactSource, Contact).join(Contact)).all():
            if not contact.retired and contact.merged_into is None:
                found.setdefault(contact.id, set()).add((source.article_id, source.start, source.quote))
        return found


def test_reextract_keeps_ids_and_decisions_and_prints_counts(seeded_db: str) -> None:
    before = _evidence()
    ids = sorted(before)
    with session_scope() as session:
        decisions.review_contact(session, ids[0], "confirmed", "omid")
        decisions.review_contact(session, ids[1], "rejected", "omid", "not a contact")
        decisions.edit_contact(session, ids[2], {"date": "2022", "date_precision": "year"}, "omid")
        claim_ids = sorted(session.exec(select(Claim.id)).all())
    result = runner.invoke(app, ["reextract", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "re-extracted 5 articles (0 failed)" in result.stdout
    assert "analyst decisions: 3 kept, 0 re-anchored, 0 flagged for re-review" in result.stdout
    assert _evidence() == before
    with session_scope() as session:
        assert sorted(session.exec(select(Claim.id)).all()) == claim_ids
        statuses = [session.get(Contact, i).review_status for i in ids[:3]]
        assert statuses == ["confirmed", "rejected", "edited"]
        assert session.get(Contact, ids[2]).date == "2022"


def test_an_interrupted_run_resumes_after_the_last_article_done(seeded_db: str) -> None:
    before = _evidence()
    done: list[int] = []

    def stop_after_two(article_id: int) -> None:
        done.append(article_id)
        if len(done) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        reextract_all(on_article=stop_after_two)
    with session_scope() as session:
        run = session.exec(select(ReextractRun)).one()
        assert run.finished_at is None and run.last_article_id == done[1]
    result = runner.invoke(app, ["reextract", "--quiet"])
    assert result.exit_code == 0, result.output
    assert f"resumed after article {done[1]}" in result.stdout
    assert "re-extracted 5 articles" in result.stdout  # the counts carry over the interruption
    assert _evidence() == before


def test_an_article_pasted_during_reextract_keeps_its_findings(seeded_db: str) -> None:
    pasted: list = []

    def paste_once(_article_id: int) -> None:
        if not pasted:
            pasted.append(ingest_text(PASTED, "pasted", "pasted"))

    reextract_all(on_article=paste_once)
    outcome = pasted[0]
    assert outcome.status == "ingested"
    with session_scope() as session:
        sources = session.exec(select(ContactSource).where(ContactSource.article_id == outcome.article_id)).all()
        assert sources and all(PASTED[s.start:s.end] == s.quote for s in sources)
        assert session.exec(select(NoiseSpan)).all()  # the seeds' noise spans are still there
    assert ingest_text(PASTED, "pasted", "pasted").status == "unchanged"
