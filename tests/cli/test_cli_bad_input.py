"""`liaison ingest` on bad input: one line naming each file, non-zero exit, database unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app

runner = CliRunner()


def _snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (search shadow tables included)."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: connection.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}


def _bad_inputs(folder: Path) -> dict[str, str]:
    """File name -> the reason the CLI must give."""
    (folder / "vide.txt").write_bytes(b"")
    (folder / "blanc.md").write_bytes(b" \r\n\t\n")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "illisible.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    (folder / "enorme.txt").write_bytes(("Le Kremlin a confirmé la visite. " * 40).encode("utf-8"))
    return {
        "vide.txt": "empty",
        "blanc.md": "only whitespace",
        "photo.txt": "not a text file (PNG image)",
        "illisible.txt": "cannot be decoded",
        "enorme.txt": "too large",
    }


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.settings import get_settings

    monkeypatch.setenv("LIAISON_MAX_ARTICLE_BYTES", "1000")
    get_settings.cache_clear()


@pytest.mark.slow
def test_each_bad_input_is_named_with_its_reason(seeded_db: str, tmp_path: Path, small_limit: None) -> None:
    folder = tmp_path / "entrants"
    folder.mkdir()
    expected = _bad_inputs(folder)
    before = _snapshot(seeded_db)
    assert before["article"], "the database holds the seeds"
    result = runner.invoke(app, ["ingest", "--quiet", str(folder), str(tmp_path / "absent.txt")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for name, reason in expected.items():
        assert any(line.startswith(f"failed: {name}: ") and reason in line for line in lines), (name, lines)
    assert f"failed: {tmp_path / 'absent.txt'}: no such file or folder" in lines
    assert "0 ingested, 0 unchanged, 6 failed" in result.stdout
    assert _snapshot(seeded_db) == before


def test_unreachable_url_fails_cleanly(migrated_db: str, monkeypatch) -> None:
    import socket

    from app.settings import get_settings

    monkeypatch.setenv("LIAISON_FETCH_ALLOW_PRIVATE", "1")  # the closed port is on loopback
    get_settings.cache_clear()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = _snapshot(migrated_db)
    url = f"http://127.0.0.1:{port}/article"
    result = runner.invoke(app, ["ingest", "--quiet", url])
    assert result.exit_code == 1
    assert f"failed: {url}: unreachable" in result.stderr
    assert _snapshot(migrated_db) == before


def test_db_upgrade_reports_the_revision(db_url: str) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "database at revision" in result.stdout
    assert Path(db_url.removeprefix("sqlite:///")).exists()


def test_a_folder_without_articles_is_reported(migrated_db: str, tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    (tmp_path / "vide" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = runner.invoke(app, ["ingest", str(tmp_path / "vide")])
    assert result.exit_code == 1
    assert "nothing to ingest" in result.stderr
