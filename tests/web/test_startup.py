"""Startup: the app migrates its database and, when empty, ingests the seed articles."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from app.settings import get_settings
from app.storage.db import get_engine
from app.storage.migrate import current_revision, head_revision
from app.storage.models import Article
from app.web.app import create_app


def article_count(url: str) -> int:
    with Session(get_engine(url)) as session:
        return session.execute(select(func.count()).select_from(Article)).scalar_one()


@pytest.mark.slow
def test_first_start_migrates_and_ingests_the_seeds(db_url, seeds_dir, tmp_path, monkeypatch):
    one_seed = tmp_path / "seeds"
    one_seed.mkdir()
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], one_seed)
    monkeypatch.setenv("LIAISON_SEED_ON_START", "true")
    monkeypatch.setenv("LIAISON_SEEDS_DIR", str(one_seed))
    get_settings.cache_clear()
    with TestClient(create_app(get_settings())) as client:
        assert client.get("/").status_code == 200
    assert current_revision(db_url) == head_revision(db_url)
    assert article_count(db_url) == 1


def test_start_with_seeding_off_leaves_the_database_empty(db_url):
    with TestClient(create_app(get_settings())) as client:
        html = client.get("/").text
    assert "0 articles · 0 contacts" in html
    assert article_count(db_url) == 0
