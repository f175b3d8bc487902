"""All runtime settings in one pydantic-settings object, read from the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Liaison settings; every field can be set by an environment variable."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(default="sqlite:///./data/liaison.db", alias="DATABASE_URL")
    seed_on_start: bool = Field(default=True, alias="LIAISON_SEED_ON_START")
    seeds_dir: Path = Field(default=PROJECT_ROOT / "seeds", alias="LIAISON_SEEDS_DIR")
    max_article_bytes: int = Field(default=5_000_000, alias="LIAISON_MAX_ARTICLE_BYTES")
    fetch_timeout_seconds: float = Field(default=15.0, alias="LIAISON_FETCH_TIMEOUT")
    public_read: bool = Field(default=False, alias="LIAISON_PUBLIC_READ")
    secret_key: str = Field(default="", alias="LIAISON_SECRET_KEY")
    secret_key_file: Path | None = Field(default=None, alias="LIAISON_SECRET_KEY_FILE")
    max_upload_files: int = Field(default=50, alias="LIAISON_MAX_UPLOAD_FILES")
    # Sources (feeds, sitemaps, watched folders) and the worker that polls them; URL ingestion
    # too: private, loopback and link-local addresses are refused unless this allows them.
    fetch_allow_private: bool = Field(default=False, alias="LIAISON_FETCH_ALLOW_PRIVATE")
    fetch_host_delay_seconds: float = Field(default=2.0, alias="LIAISON_FETCH_HOST_DELAY")
    worker_tick_seconds: float = Field(default=15.0, alias="LIAISON_WORKER_TICK")
    worker_lease_seconds: int = Field(default=900, alias="LIAISON_WORKER_LEASE")
    # Editors may add watched folders on the web only under this folder (None: CLI only).
    watch_root: Path | None = Field(default=None, alias="LIAISON_WATCH_ROOT")
    # Processes that parse and extract during bulk ingest and reextract (0: one per core).
    ingest_workers: int = Field(default=0, ge=0, alias="LIAISON_INGEST_WORKERS")
    # Host names this server answers besides the loopback ones (comma-separated; "*" for any).
    allowed_hosts: str = Field(default="", alias="LIAISON_ALLOWED_HOSTS")
    # Password checks (argon2, memory-hard) running at once; more sign-ins get 429.
    max_concurrent_logins: int = Field(default=4, alias="LIAISON_MAX_CONCURRENT_LOGINS")
    # Seconds of extraction one article may take before it is stored as "extraction timed out".
    extraction_budget_seconds: float = Field(default=120.0, alias="LIAISON_EXTRACTION_BUDGET")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (tests clear the cache after changing the environment)."""
    return Settings()
