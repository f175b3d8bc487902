"""`liaison serve` as an analyst runs it: migrates the database, then serves the dashboard."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from servers import free_port

from app.storage.migrate import current_revision, head_revision


def _wait_until_up(url: str, server: subprocess.Popen) -> httpx.Response:
    deadline = time.monotonic() + 120  # a readiness wait, not a speed check
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read() if server.stdout else "server exited"
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            time.sleep(0.3)
    raise AssertionError(f"{url} never answered")


def test_serve_migrates_a_new_database_and_answers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'neuve.db'}"
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "LIAISON_SEED_ON_START": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        response = _wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
        assert response.status_code == 200
        assert current_revision(url) == head_revision(url)
    finally:
        server.terminate()
        server.wait(timeout=30)
