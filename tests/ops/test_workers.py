"""``liaison serve --workers 2``: several processes share sessions and the database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from servers import free_port, wait_until_up

from app.auth.users import create_user
from app.settings import PROJECT_ROOT
from app.storage.db import session_scope

pytestmark = pytest.mark.both_backends






def test_two_workers_share_sessions(migrated_db: str, tmp_path: Path) -> None:
    with session_scope(migrated_db) as db:
        create_user(db, "karim", "workers-share-keys", "viewer")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": migrated_db, "LIAISON_SEED_ON_START": "false",
           "LIAISON_SECRET_KEY": "", "LIAISON_SECRET_KEY_FILE": str(tmp_path / "secret.key")}
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "2"], cwd=PROJECT_ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, limit_seconds=90)
        with httpx.Client(base_url=base) as client:
            page = client.get("/login").text
            token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
            signed_in = client.post("/login", data={"name": "karim", "csrf_token": token,
                                                    "password": "workers-share-keys"})
            assert signed_in.status_code == 303
            # Fresh connections are spread over both workers; every one must accept the cookie.
            cookie = client.cookies.get("liaison_session")
        for _ in range(12):
            with httpx.Client(base_url=base, cookies={"liaison_session": cookie}) as fresh:
                response = fresh.get("/")
                assert response.status_code == 200
                assert "karim · viewer" in response.text
    finally:
        process.terminate()
        process.wait(timeout=20)
