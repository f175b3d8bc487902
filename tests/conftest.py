"""Shared fixtures: a temporary database per test, empty, migrated, or holding the seeds.

Every fixture points ``DATABASE_URL`` at a file under the test's temporary directory and clears
the cached settings and engines, so the code under test reads and writes only that file.

Store, web and security tests (folders in ``BOTH_BACKEND_DIRS``, or marked ``both_backends``)
run twice: on SQLite and on PostgreSQL, a fresh database per test on the server named by
``LIAISON_TEST_PG_URL`` (``make test`` starts one; without it the PostgreSQL runs are skipped).
``--backend sqlite`` or ``--backend postgresql`` keeps only one of the two.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.settings import PROJECT_ROOT, get_settings
from app.storage.db import get_engine

SEEDS_DIR = PROJECT_ROOT / "seeds"
TESTS_DIR = Path(__file__).resolve().parent
PG_URL_ENV = "LIAISON_TEST_PG_URL"
BOTH_BACKEND_DIRS = {"web", "storage", "store", "queries", "security", "review"}
BACKENDS = ("sqlite", "postgresql")
# Starlette's TestClient sends "Host: testserver"; the app answers only the names it is told.
os.environ.setdefault("LIAISON_ALLOWED_HOSTS", "testserver")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--backend", choices=("both", *BACKENDS), default="both",
                     help="database backend(s) for store and web tests")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_backends: run on SQLite and on PostgreSQL")


def _runs_on_both(definition: pytest.Item) -> bool:
    if definition.get_closest_marker("both_backends"):
        return True
    try:
        folders = Path(definition.path).resolve().relative_to(TESTS_DIR).parts[:-1]
    except ValueError:
        return False
    return bool(BOTH_BACKEND_DIRS.intersection(folders))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Store and web tests get one run per backend (``[sqlite]``, ``[postgresql]``)."""
    if "db_backend" not in metafunc.fixturenames or not _runs_on_both(metafunc.definition):
        return
    choice = metafunc.config.getoption("--backend")
    metafunc.parametrize("db_backend", BACKENDS if choice == "both" else (choice,))


def _pg_server_url() -> str:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(f"{PG_URL_ENV} is not set (make test starts a PostgreSQL server)")
    return url


def _pg_admin(server_url: str, statement: str) -> None:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def pg_create_database(server_url: str, template: str | None = None) -> str:
    """A new, empty (or copied from ``template``) database on the server; returns its URL."""
    name = f"liaison_t_{uuid.uuid4().hex[:16]}"
    suffix = f" TEMPLATE {template}" if template else ""
    _pg_admin(server_url, f"CREATE DATABASE {name}{suffix}")
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def pg_drop_database(server_url: str, url: str) -> None:
    _pg_admin(server_url, f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")


def _reset_caches() -> None:
    """Forget cached settings and engines (closing their pools) so the next call reads the
    current environment."""
    get_engine.cache_clear()
    get_settings.cache_clear()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


ARTICLE_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Poutine reçoit le président iranien au Kremlin</title></head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Poutine reçoit le président iranien au Kremlin</h1>
<p>Le président russe Vladimir Poutine a reçu mercredi au Kremlin son homologue iranien pour des
entretiens consacrés à la coopération économique et aux corridors de transport entre les deux pays.</p>
<p>Selon le service de presse de la présidence russe, les deux dirigeants ont également évoqué la
situation au Proche-Orient et la préparation d'un accord de partenariat stratégique global.</p>
<p>Les délégations ont signé plusieurs mémorandums dans les domaines de l'énergie et des transports,
a précisé l'agence officielle iranienne, sans donner de détails sur leur contenu.</p>
</article><footer>Mentions légales · Cookies · Contact</footer></body></html>"""


@pytest.fixture(scope="session")
def html_page() -> str:
    """A news page with navigation and footer around a three-paragraph French article."""
    return ARTICLE_PAGE


@pytest.fixture
def seeds_dir() -> Path:
    """The seed articles shipped with the project."""
    return SEEDS_DIR


@pytest.fixture
def db_backend() -> str:
    """The backend of ``db_url``: SQLite unless the test is parametrized for both."""
    return "sqlite"


@pytest.fixture
def db_url(db_backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database (not yet migrated) set as ``DATABASE_URL``: a SQLite file, or a new
    PostgreSQL database dropped after the test."""
    server_url = _pg_server_url() if db_backend == "postgresql" else None
    url = pg_create_database(server_url) if server_url else sqlite_url(tmp_path / "liaison.db")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("LIAISON_SEED_ON_START", "false")
    _reset_caches()
    yield url
    if server_url:
        get_engine(url).dispose()
        pg_drop_database(server_url, url)
    _reset_caches()


@pytest.fixture
def migrated_db(db_url: str) -> str:
    """An empty database with every migration applied."""
    from app.storage.migrate import upgrade

    upgrade(db_url)
    return db_url


def _ingest_seeds_into(url: str) -> None:
    """Migrate the database at ``url`` and ingest the seeds into it, as ``liaison serve`` would."""
    from app.ingestion.service import ingest_paths
    from app.storage.migrate import upgrade

    saved = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    _reset_caches()
    try:
        upgrade(url)
        report = ingest_paths([str(SEEDS_DIR)])
        assert not report.failed, report.failed
        get_engine(url).dispose()
    finally:
        if saved is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved
        _reset_caches()


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds ingested once per test session into a template file (copied per test)."""
    path = tmp_path_factory.mktemp("seeded") / "template.db"
    url = sqlite_url(path)
    _ingest_seeds_into(url)
    with sqlite3.connect(path) as connection:  # fold the WAL into the file before copying it
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def _seeded_pg_template() -> Iterator[str]:
    """The seeds ingested once per test session into a PostgreSQL template database."""
    server_url = _pg_server_url()
    url = pg_create_database(server_url)
    _ingest_seeds_into(url)
    yield make_url(url).database
    pg_drop_database(server_url, url)


@pytest.fixture
def seeded_db(request: pytest.FixtureRequest, db_backend: str, db_url: str) -> str:
    """A database holding the five seed articles, ingested through the real pipeline."""
    if db_backend == "postgresql":
        template = request.getfixturevalue("_seeded_pg_template")
        server_url = _pg_server_url()
        get_engine(db_url).dispose()
        pg_drop_database(server_url, db_url)
        _pg_admin(server_url, f"CREATE DATABASE {make_url(db_url).database} TEMPLATE {template}")
        return db_url
    target = Path(db_url.removeprefix("sqlite:///"))
    shutil.copyfile(request.getfixturevalue("_seeded_template"), target)
    return db_url
