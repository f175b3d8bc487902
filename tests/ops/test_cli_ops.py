"""Operations from the command line: serving safely, accounts, backups, the signing key."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.auth.secret import load_secret_key, secret_key_path
from app.cli import app as cli
from app.settings import Settings, get_settings
from app.storage.backup import BackupError, backup_sqlite

runner = CliRunner()


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch):
    from app.auth.passwords import _hasher

    monkeypatch.setenv("LIAISON_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("LIAISON_ARGON2_MEMORY_KIB", "8192")
    _hasher.cache_clear()
    yield
    _hasher.cache_clear()


def test_serve_refuses_a_public_host_without_accounts(db_url: str) -> None:
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 2
    assert "no user account exists yet" in result.output
    assert "liaison user add" in result.output


def test_user_add_then_list(db_url: str) -> None:
    added = runner.invoke(cli, ["user", "add", "mina", "--role", "editor", "--password-stdin"],
                          input="a good long password\n")
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, ["user", "list"])
    assert "mina" in listed.output and "editor" in listed.output


def test_user_add_prompts_twice_and_refuses_a_mismatch(db_url: str) -> None:
    result = runner.invoke(cli, ["user", "add", "mina"], input="first-password\nsecond-password\n"
                           "first-password\nfirst-password\n")
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert "user mina created with role viewer" in result.output


def test_user_add_refuses_bad_input(db_url: str) -> None:
    short = runner.invoke(cli, ["user", "add", "mina", "--password-stdin"], input="short\n")
    assert short.exit_code == 1 and "at least 8" in short.output
    role = runner.invoke(cli, ["user", "add", "mina", "--role", "root", "--password-stdin"],
                         input="a good long password\n")
    assert role.exit_code == 1 and "unknown role" in role.output
    name = runner.invoke(cli, ["user", "add", "../etc", "--password-stdin"],
                         input="a good long password\n")
    assert name.exit_code == 1
    assert "no user yet" in runner.invoke(cli, ["user", "list"]).output


def _write_article(path: Path, text: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO article (sha256, text, origin, origin_kind, content_type, language, "
            "published_precision, published_source, published_reason, ingested_at) "
            "VALUES (?, ?, 'note.txt', 'file', 'text/plain', 'fr', 'unknown', 'none', '', "
            "'2024-01-01 00:00:00')", (str(hash(text)), text))


def test_backup_is_a_consistent_copy_while_the_database_is_open(migrated_db: str,
                                                                tmp_path: Path) -> None:
    source = Path(migrated_db.removeprefix("sqlite:///"))
    _write_article(source, "Le Kremlin a confirmé un entretien téléphonique.")
    reader = sqlite3.connect(source)  # an open connection, as a running server would hold
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM article").fetchone()
    try:
        result = runner.invoke(cli, ["db", "backup", str(tmp_path / "copy.db")])
    finally:
        reader.rollback()
        reader.close()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("SELECT text FROM article").fetchall() == [
            ("Le Kremlin a confirmé un entretien téléphonique.",)]
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()


def test_backup_refuses_to_overwrite(migrated_db: str, tmp_path: Path) -> None:
    target = tmp_path / "existing.db"
    target.write_bytes(b"keep me")
    result = runner.invoke(cli, ["db", "backup", str(target)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert target.read_bytes() == b"keep me"


def test_backup_points_postgresql_users_to_pg_dump() -> None:
    with pytest.raises(BackupError, match="pg_dump"):
        backup_sqlite("postgresql+psycopg://u:p@127.0.0.1/liaison", Path("x.db"))


def test_secret_key_is_created_once_next_to_the_database(tmp_path: Path) -> None:
    settings = Settings(DATABASE_URL=f"sqlite:///{tmp_path}/db/liaison.db", LIAISON_SECRET_KEY="")
    first = load_secret_key(settings)
    assert load_secret_key(settings) == first and len(first) >= 32
    path = secret_key_path(settings)
    assert path.parent == tmp_path / "db"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_secret_key_from_the_environment_wins(tmp_path: Path) -> None:
    settings = Settings(DATABASE_URL=f"sqlite:///{tmp_path}/liaison.db",
                        LIAISON_SECRET_KEY="from-the-environment-" * 2)
    assert load_secret_key(settings) == ("from-the-environment-" * 2).encode()
    assert not secret_key_path(settings).exists()


def test_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_PUBLIC_READ", "1")
    get_settings.cache_clear()
    try:
        assert get_settings().public_read is True
    finally:
        get_settings.cache_clear()
