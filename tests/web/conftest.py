"""Web fixtures: a migrated temporary database, a TestClient on the real app factory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.settings import get_settings
from app.storage.db import get_engine
from app.web.app import create_app

from . import factories


@pytest.fixture
def corpus(migrated_db: str) -> dict:
    """The factory corpus, as plain ids and values usable after the session closes."""
    with Session(get_engine(migrated_db), expire_on_commit=False) as session:
        return factories.sample_corpus(session)


@pytest.fixture
def client(corpus: dict) -> Iterator[TestClient]:
    with TestClient(create_app(get_settings()), follow_redirects=True) as test_client:
        yield test_client


@pytest.fixture
def seeded_client(seeded_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(get_settings()), follow_redirects=True) as test_client:
        yield test_client
