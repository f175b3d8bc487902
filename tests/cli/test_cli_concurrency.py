"""Ingest under concurrency and partial breakage: two ``liaison ingest`` runs of one folder at
once report a racing duplicate as "unchanged"; a reader that breaks fails its file alone."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.ingestion.service import ingest_paths
from app.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow

PLACES = ["Moscou", "Téhéran", "Kazan", "Astana", "Bakou", "Erevan", "Achgabat", "Douchanbé",
          "Tachkent", "Bichkek", "Minsk", "Sotchi"]


MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin"]
ARTICLES = [(place, month) for month in MONTHS for place in PLACES[:8]]  # long enough to overlap


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "lot"
    folder.mkdir()
    for index, (place, month) in enumerate(ARTICLES, start=1):
        day = index % 27 + 1
        (folder / f"{index:02d}.txt").write_text(
            f"{place}, le {day} {month} 2024. Le vice-ministre russe des Affaires étrangères a "
            f"rencontré le {day} {month} 2024 à {place} l'ambassadeur d'Iran pour évoquer le "
            f"commerce bilatéral et les transports.\n", encoding="utf-8")
    return folder


def test_two_concurrent_ingests_of_one_folder_both_succeed(migrated_db: str, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    environment = {**os.environ, "DATABASE_URL": migrated_db}
    command = [sys.executable, "-m", "app.cli", "ingest", "--quiet", str(folder)]
    runs = [subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [run.communicate(timeout=600) for run in runs]
    for run, (stdout, stderr) in zip(runs, results):
        assert run.returncode == 0, stderr[-2000:]
        assert "IntegrityError" not in stderr and "Traceback" not in stderr
        assert ", 0 failed" in stdout
    with sqlite3.connect(migrated_db.removeprefix("sqlite:///")) as connection:
        assert connection.execute("SELECT count(*) FROM article").fetchone()[0] == len(ARTICLES)


def test_a_broken_reader_fails_its_file_and_the_folder_goes_on(
        migrated_db: str, tmp_path: Path, html_page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    (folder / "page.html").write_text(html_page, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # its import now fails
    report = ingest_paths([str(folder)])
    assert report.summary == f"{len(ARTICLES)} ingested, 0 unchanged, 1 failed"
    (failed,) = report.failed
    assert failed.name.endswith("page.html")
    assert failed.reason.startswith("internal error (ModuleNotFoundError")
