"""Review in a real browser: add a missed contact from a selected passage of the source view,
see it on the timeline; clear the review queue with the keyboard. Its own server and database,
so the shared server's data stays as the seeds made it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from servers import free_port, wait_until_up

from app.settings import PROJECT_ROOT

pytestmark = pytest.mark.browser
PASSAGE = "L'Iran et la Russie ont approfondi leurs liens ces derniers mois"
SELECT_PASSAGE = """(passage) => {
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.textContent.indexOf(passage);
    if (at !== -1) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + passage.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      return true;
    }
  }
  return false;
}"""


@pytest.fixture
def review_server(_seeded_template: Path, tmp_path: Path) -> Iterator[dict]:
    db = tmp_path / "liaison.db"
    shutil.copyfile(_seeded_template, db)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "LIAISON_SEED_ON_START": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.web.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"], cwd=PROJECT_ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, limit_seconds=60)
        yield {"base": base, "db": db}
    finally:
        process.terminate()
        process.wait(timeout=10)


def _rows(db: Path, sql: str, *args) -> list[tuple]:  # noqa: ANN002
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, args).fetchall()


def test_select_a_passage_add_a_contact_and_see_it_on_the_timeline(browser, review_server) -> None:
    base, db = review_server["base"], review_server["db"]
    [(article_id, text)] = _rows(db, "SELECT id, text FROM article WHERE text LIKE ?", f"%{PASSAGE}%")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/articles/{article_id}")
    assert page.evaluate(SELECT_PASSAGE, PASSAGE)
    form = page.locator("#add-contact-form")
    expect(form).to_be_visible()
    start = int(form.locator("input[name=start]").input_value())
    end = int(form.locator("input[name=end]").input_value())
    assert text[start:end] == PASSAGE == form.locator("input[name=quote]").input_value()
    expect(page.locator("#selection-quote")).to_contain_text(PASSAGE)
    form.locator("select[name=kind]").select_option("talks")
    form.locator("input[name=date]").fill("2022-10")
    form.locator("select[name=date_precision]").select_option("month")
    form.locator("input[name=new_participant]").fill("Sergueï Lavrov")
    form.locator("input[name=note]").fill("a general rapprochement the extraction leaves out")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/contacts/*")
    expect(page.locator(".review-state")).to_contain_text("confirmed")
    expect(page.locator("#history")).to_contain_text("add by local")
    contact_id = int(page.url.rsplit("/", 1)[1])
    [(quote, origin)] = _rows(db, "SELECT quote, origin FROM contactsource WHERE contact_id = ?", contact_id)
    assert (quote, origin) == (PASSAGE, "analyst")
    page.goto(f"{base}/?date_from=2022-10&date_to=2022-10")
    row = page.locator(f'tr.contact-row[data-contact-id="{contact_id}"]')
    expect(row).to_contain_text("talks")
    expect(row).to_contain_text("Sergei Lavrov")
    assert not errors, errors
    page.close()


def test_the_queue_is_cleared_with_the_keyboard(browser, review_server) -> None:
    base, db = review_server["base"], review_server["db"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/review")
    items = page.locator(".queue-item")
    first, second, third = (int(items.nth(i).get_attribute("data-id")) for i in range(3))
    third_status = items.nth(2).get_attribute("data-status")  # unreviewed, or a possible contact
    expect(items.nth(0)).to_have_class("queue-item is-current")
    page.keyboard.press("c")
    expect(items.nth(0)).to_have_attribute("data-status", "confirmed")
    expect(items.nth(1)).to_have_class("queue-item is-current")
    page.keyboard.press("r")
    reason = items.nth(1).locator(".queue-reason input")
    expect(reason).to_be_focused()
    reason.type("the pair is not Russia–Iran")
    page.keyboard.press("Enter")
    expect(items.nth(1)).to_have_attribute("data-status", "rejected")
    expect(items.nth(2)).to_have_class("queue-item is-current")
    page.keyboard.press("k")
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(items.nth(3)).to_have_class("queue-item is-current")
    statuses = dict(_rows(db, "SELECT id, review_status FROM contact WHERE id IN (?, ?, ?)", first, second, third))
    assert statuses == {first: "confirmed", second: "rejected", third: third_status}
    assert _rows(db, "SELECT review_note, reviewed_by FROM contact WHERE id = ?", second) == [
        ("the pair is not Russia–Iran", "local")]
    page.goto(f"{base}/review")
    remaining = {int(i) for i in page.locator(".queue-item").evaluate_all("els => els.map(e => e.dataset.id)")}
    assert first not in remaining and second not in remaining and third in remaining
    assert not errors, errors
    page.close()
