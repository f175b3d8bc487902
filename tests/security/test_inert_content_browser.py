"""An article carrying markup, script and template syntax is shown as text everywhere, in a
real Chromium under the real CSP: no dialog, no script run, no injected element, no CSP error."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from servers import free_port, wait_until_up

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






@pytest.fixture(scope="module")
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn on loopback over an empty database (single-user local mode)."""
    db: Path = tmp_path_factory.mktemp("inert") / "liaison.db"
    upgrade(f"sqlite:///{db}")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "LIAISON_SEED_ON_START": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.web.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=PROJECT_ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, limit_seconds=180)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _browse(base: str) -> dict:
    """Everything the tests check, gathered in one Chromium session.

    Runs in its own thread: the sync Playwright API cannot start inside a thread where another
    Playwright session (the dashboard browser tests') already runs its event loop.
    """
    from playwright.sync_api import sync_playwright

    seen: dict = {"dialogs": [], "errors": [], "pages": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(120_000)

            def on_dialog(dialog) -> None:
                seen["dialogs"].append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.on("console", lambda message: message.type == "error"
                    and seen["errors"].append(message.text))
            page.on("pageerror", lambda error: seen["errors"].append(str(error)))
            _paste_through_the_form(page, base)
            _visit_everything(page, base, seen["pages"])
        finally:
            browser.close()
    return seen


def _observe(page) -> dict:
    return {"pwned": page.evaluate("window.__pwned === undefined ? null : window.__pwned"),
            "injected": page.locator(INJECTED).count(), "text": page.inner_text("main")}


def _visit_everything(page, base: str, pages: dict) -> None:
    page.goto(base + "/articles")
    pages["articles"] = _observe(page)
    page.click("a[href^='/articles/']:has-text('Visite')")
    page.wait_for_load_state("load")
    pages["source"] = _observe(page)
    page.goto(base + "/")
    page.wait_for_selector("#timeline-chart .main-svg")
    page.locator("#timeline-chart .scatterlayer .point").first.hover(force=True)
    page.wait_for_selector("#timeline-chart .hoverlayer .hovertext")
    pages["timeline"] = _observe(page)
    pages["timeline"]["hover_links"] = page.locator("#timeline-chart .hoverlayer a").count()
    pages["timeline"]["hover_text"] = page.locator("#timeline-chart .hoverlayer").text_content()
    page.goto(base + page.locator("a[href^='/contacts/']").first.get_attribute("href"))
    page.wait_for_load_state("load")
    pages["contact"] = _observe(page)
    for query in ["ministre", "script", "onerror", "javascript", "7*7"]:
        page.goto(f"{base}/?q={query}")
        page.wait_for_load_state("load")
        pages[f"search:{query}"] = _observe(page)


@pytest.fixture(scope="module")
def seen(local_server: str) -> dict:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_browse, local_server).result()


def _paste_through_the_form(page, base: str) -> None:
    page.goto(base + "/articles")
    page.fill("textarea[name=text]", ARTICLE)
    page.fill("input[name=title]", TITLE)
    page.click("form[action='/articles/paste'] [type=submit]")
    page.wait_for_selector("#ingest-results")
    # The first ingestion loads the spaCy model in the server: allow for a loaded machine.
    page.wait_for_function("document.querySelector('#ingest-results').innerText.length > 0",
                           timeout=300_000)


def test_no_script_ran_and_nothing_was_injected_anywhere(seen: dict) -> None:
    assert seen["dialogs"] == []
    assert seen["errors"] == []  # a blocked inline script would log a CSP error here
    for name, observed in seen["pages"].items():
        assert observed["pwned"] is None, name
        assert observed["injected"] == 0, name


def test_article_source_view_shows_the_markup_as_text(seen: dict) -> None:
    body = seen["pages"]["source"]["text"]
    assert "<script>window.__pwned='script';alert('script')</script>" in body
    assert "<img src=x onerror=" in body
    assert "{{ 7*7 }}" in body
    # An evaluated template would print a bare 49; clock times such as "05:49" are not that.
    assert re.search(r"(?<![\d:])49(?![\d:])", body) is None


def test_titles_quotes_and_hover_text_stay_text(seen: dict) -> None:
    assert "{{ 7*7 }}" in seen["pages"]["articles"]["text"]
    assert "{{ 7*7 }}" in seen["pages"]["contact"]["text"]
    assert seen["pages"]["timeline"]["hover_links"] == 0
    assert "Lavrov" in seen["pages"]["timeline"]["hover_text"]


def test_search_finds_the_article_and_shows_it_inertly(seen: dict) -> None:
    for query in ("ministre", "script", "onerror"):
        assert "Lavrov" in seen["pages"][f"search:{query}"]["text"], query
