"""CLI commands that run the extraction pipeline: ingest, extract --json, reextract, first start."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app, seed_if_empty
from app.settings import get_settings

pytestmark = pytest.mark.slow
runner = CliRunner()


def _count(url: str, table: str) -> int:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def test_good_inputs_go_in_beside_bad_ones(migrated_db: str, tmp_path: Path, seeds_dir: Path, html_page: str) -> None:
    folder = tmp_path / "lot"
    (folder / "sous-dossier").mkdir(parents=True)
    shutil.copy(seeds_dir / "000_e7bee212926ab7a3.txt", folder / "sous-dossier")
    (folder / "page.html").write_text(html_page, encoding="utf-8")
    (folder / "vide.txt").write_bytes(b"")
    result = runner.invoke(app, ["ingest", "--quiet", str(folder)])
    assert result.exit_code == 1
    assert "failed: vide.txt: empty" in result.stderr
    assert "2 ingested, 0 unchanged, 1 failed" in result.stdout
    assert _count(migrated_db, "article") == 2
    with sqlite3.connect(migrated_db.removeprefix("sqlite:///")) as connection:
        html_text, kind = connection.execute(
            "SELECT text, content_type FROM article WHERE origin = 'page.html'").fetchone()
    assert kind == "text/html" and html_text.startswith("Poutine reçoit le président iranien au Kremlin")


def test_extract_json_prints_the_schema_and_stores_nothing(db_url: str, seeds_dir: Path) -> None:
    result = runner.invoke(app, ["extract", str(seeds_dir), "--json"])
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    assert {"articles", "contacts", "claims"} <= set(output)
    assert sorted(a["file"] for a in output["articles"]) == sorted(p.name for p in seeds_dir.glob("*.txt"))
    texts = {p.name: open(p, encoding="utf-8", newline="").read() for p in seeds_dir.glob("*.txt")}
    for contact in output["contacts"]:
        for source in contact["sources"]:
            assert texts[source["file"]][source["start"]:source["end"]] == source["quote"]
    assert "é" in result.stdout  # ensure_ascii=False
    assert not Path(db_url.removeprefix("sqlite:///")).exists()


def test_extract_reads_html_like_ingest(db_url: str, tmp_path: Path, html_page: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(html_page, encoding="utf-8")
    output = json.loads(runner.invoke(app, ["extract", str(page), "--json"]).stdout)
    assert output["articles"][0]["file"] == "page.html"
    assert output["articles"][0]["title"] == "Poutine reçoit le président iranien au Kremlin"


def test_reextract_rebuilds_the_same_findings(seeded_db: str) -> None:
    before = {t: _count(seeded_db, t) for t in ("article", "contact", "contactsource", "claim", "noisespan")}
    result = runner.invoke(app, ["reextract"])
    assert result.exit_code == 0, result.output
    assert "re-extracted 5 articles" in result.stdout
    assert {t: _count(seeded_db, t) for t in before} == before


def test_first_start_ingests_the_seeds_once(migrated_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_SEED_ON_START", "true")
    get_settings.cache_clear()
    seed_if_empty()
    assert _count(migrated_db, "article") == 5
    seed_if_empty()
    assert _count(migrated_db, "article") == 5


def test_seeding_can_be_switched_off(migrated_db: str) -> None:
    assert get_settings().seed_on_start is False  # the db_url fixture switches it off
    seed_if_empty()
    assert _count(migrated_db, "article") == 0


def test_a_page_declared_publication_day_dates_the_article(db_url: str, tmp_path: Path, html_page: str) -> None:
    page = tmp_path / "datee.html"
    page.write_text(html_page.replace(
        "<title>", '<meta property="article:published_time" content="2023-09-19T08:30:00+02:00"><title>'),
        encoding="utf-8")
    article = json.loads(runner.invoke(app, ["extract", str(page), "--json"]).stdout)["articles"][0]
    assert (article["published"], article["published_precision"]) == ("2023-09-19", "day")
    assert article["title"] == "Poutine reçoit le président iranien au Kremlin"


def test_extract_explain_traces_every_candidate(tmp_path: Path) -> None:
    article = tmp_path / "brief.txt"
    article.write_text(
        "Moscou, 14 mars 2024 (AFP) - Sergueï Lavrov a rencontré mardi Hossein Amir-Abdollahian à Moscou. "
        "Vladimir Poutine s'est rendu mercredi en Iran. Sergueï Lavrov rencontrera Ali Bagheri Kani.\n",
        encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--explain"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "== brief.txt: 3 contact candidates" in out
    assert "[KEPT] 'rencontré' (verb:rencontrer, meeting)" in out
    assert "[SUGGESTION] 'rendu'" in out and "FAIL person_on_each_side" in out
    assert "[DROPPED] 'rencontrera'" in out and "FAIL not_planned_or_conditional" in out
    assert "candidates by outcome: " in out and "kept 1" in out


def test_extract_json_keeps_near_misses_apart(tmp_path: Path) -> None:
    article = tmp_path / "visite.txt"
    article.write_text("Moscou, 14 mars 2024 (AFP) - Vladimir Poutine s'est rendu mardi à Téhéran.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--json"])
    output = json.loads(result.stdout)
    assert output["contacts"] == []
    [suggestion] = output["suggestions"]
    assert suggestion["dropped_by"] == "person_on_each_side" and suggestion["why"]
    assert suggestion["sources"][0]["quote"] == "Vladimir Poutine s'est rendu mardi à Téhéran."


def test_extract_explain_traces_every_claim_unit(tmp_path: Path) -> None:
    article = tmp_path / "claims.txt"
    article.write_text(
        "Moscou, 14 mars 2024 (AFP) - Kiev accuse Moscou d'avoir reçu des drones iraniens. "
        "Le Kremlin a démenti toute livraison. Le temps était doux.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--explain"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "-- claims: 2 of 3 units kept" in out
    assert "kept    @" in out and "allegation by Kiev" in out and "denial by Kremlin" in out
    assert "dropped @" in out and "Le temps était doux" in out
    assert "claim units: 2 kept, 1 dropped" in out
