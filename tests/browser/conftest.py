"""A real uvicorn server on a free loopback port over the seeds (ingested through the real
pipeline), and a headless Chromium page that records every request and console error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from servers import free_port, wait_until_up

from app.settings import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser






@pytest.fixture(scope="session")
def live_server(_seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """``{"base": "http://127.0.0.1:PORT", "db": path}``: uvicorn in a subprocess on a seeded copy."""
    if not (PROJECT_ROOT / "static" / "vendor" / "htmx.min.js").is_file():
        pytest.fail("static/vendor/htmx.min.js is missing: run `make` (npm htmx.org@2.0.11) first")
    db = tmp_path_factory.mktemp("browser") / "liaison.db"
    shutil.copyfile(_seeded_template, db)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "LIAISON_SEED_ON_START": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.web.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=PROJECT_ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, limit_seconds=60)
        yield {"base": base, "db": db}
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


class Watch:
    """Requests the page made and errors it logged."""

    def __init__(self) -> None:
        self.hosts: set[str] = set()
        self.errors: list[str] = []


@pytest.fixture
def watched_page(browser, live_server):
    """A fresh page; after the test, asserts it only talked to the server and logged no error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watch()
    page.on("request", lambda request: watch.hosts.add(urlsplit(request.url).netloc))
    page.on("console", lambda message: message.type == "error" and watch.errors.append(
        f"{message.text} at {message.location}"))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.set_default_timeout(15_000)
    yield page, watch
    context.close()
    server_host = urlsplit(live_server["base"]).netloc
    assert watch.hosts <= {server_host}, f"requests to other hosts: {watch.hosts - {server_host}}"
    assert not watch.errors, f"console errors: {watch.errors}"
