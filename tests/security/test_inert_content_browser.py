"""An article carrying markup, script and template syntax is shown as text everywhere, in a
real Chromium under the real CSP: no dialog, no script run, no injected element, no CSP error."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.settings import PROJECT_ROOT
from app.storage.migrate import upgrade

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

TITLE = "Visite <b onmouseover=\"window.__pwned='title'\">{{ 7*7 }}</b>"
ARTICLE = (
    "Moscou, le 12 mars 2024. Le ministre russe des Affaires étrangères Sergueï Lavrov a "
    "rencontré le 12 mars 2024 à Moscou son homologue iranien Hossein Amir-Abdollahian "
    "<script>window.__pwned='script';alert('script')</script> pour évoquer la coopération "
    "nucléaire <img src=x onerror=\"window.__pwned='img';alert('img')\"> {{ 7*7 }}. "
    "Selon l'agence Tasnim, qui renvoie à javascript:alert('link'), les deux ministres auraient "
    "aussi discuté des sanctions <a href=\"javascript:alert('anchor')\">ici</a>.\n"
)
INJECTED = ("script:not([src]), img[onerror], [onmouseover], a[href^='javascript'], "
            "iframe, object, embed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


@pytest.fixture(scope="module")
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn on loopback over an empty database (single-user local mode)."""
    db: Path = tmp_path_factory.mktemp("inert") / "liaison.db"
    upgrade(f"sqlite:///{db}")
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "LIAISON_SEED_ON_START": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.web.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=PROJECT_ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def page_and_log(local_server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        log: dict[str, list[str]] = {"dialogs": [], "errors": []}

        def on_dialog(dialog) -> None:
            log["dialogs"].append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("console", lambda message: message.type == "error"
                and log["errors"].append(message.text))
        page.on("pageerror", lambda error: log["errors"].append(str(error)))
        page.set_default_timeout(60_000)
        _paste_through_the_form(page, local_server)
        yield page, log
        browser.close()


def _paste_through_the_form(page, base: str) -> None:
    page.goto(base + "/articles")
    page.fill("textarea[name=text]", ARTICLE)
    page.fill("input[name=title]", TITLE)
    page.click("form[action='/articles/paste'] [type=submit]")
    page.wait_for_selector("#ingest-results")
    page.wait_for_function("document.querySelector('#ingest-results').innerText.length > 0")


def _assert_inert(page, log) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.locator(INJECTED).count() == 0
    assert log["dialogs"] == []
    assert log["errors"] == []


def _first_href(page, selector: str) -> str:
    return page.locator(selector).first.get_attribute("href")


def test_article_source_view_shows_the_markup_as_text(page_and_log, local_server) -> None:
    page, log = page_and_log
    page.goto(local_server + "/articles")
    page.click(f"a[href^='/articles/']:has-text('Visite')")
    page.wait_for_load_state("load")
    body = page.inner_text("main")
    assert "<script>window.__pwned='script';alert('script')</script>" in body
    assert "<img src=x onerror=" in body
    assert "{{ 7*7 }}" in body and "49" not in body
    _assert_inert(page, log)


def test_timeline_chart_hover_and_quotes_are_inert(page_and_log, local_server) -> None:
    page, log = page_and_log
    page.goto(local_server + "/")
    page.wait_for_selector("#timeline-chart .main-svg")
    point = page.locator("#timeline-chart .scatterlayer .point").first
    point.hover(force=True)
    page.wait_for_selector("#timeline-chart .hoverlayer .hovertext")
    assert page.locator("#timeline-chart .hoverlayer a").count() == 0
    _assert_inert(page, log)
    page.goto(local_server + _first_href(page, "a[href^='/contacts/']"))
    page.wait_for_load_state("load")
    assert "{{ 7*7 }}" in page.inner_text("main")
    _assert_inert(page, log)


def test_search_results_are_inert(page_and_log, local_server) -> None:
    page, log = page_and_log
    for query in ["ministre", "script", "onerror", "javascript", "7*7"]:
        page.goto(f"{local_server}/?q={query}")
        page.wait_for_load_state("load")
        _assert_inert(page, log)
    page.goto(local_server + "/articles")
    assert "{{ 7*7 }}" in page.inner_text("main")
    _assert_inert(page, log)
