"""The read side in a real browser: search by an English spelling, an invalid filter's error,
the claims view filtered and exported, ingest feedback, and phone width on every page."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_search_by_an_english_spelling_finds_the_french_one(watched_page, live_server):
    page, _watch = watched_page
    page.goto(live_server["base"] + "/")
    page.wait_for_selector("#timeline-chart .main-svg")
    page.fill("#q", "Shoigu")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/\?q=Shoigu$"))
    expect(page.locator("#undated")).to_contain_text("Sergei Shoigu")
    expect(page.locator("#total")).not_to_have_text("0")
    rows = page.locator("tr.contact-row").all_inner_texts()
    undated = page.locator("#undated li").all_inner_texts()
    assert all("Shoigu" in text for text in rows + undated), rows + undated


def test_an_invalid_filter_shows_its_error_beside_the_field_and_nothing_else(watched_page, live_server):
    page, _watch = watched_page
    page.goto(live_server["base"] + "/?date_from=2022-13-45")
    error = page.locator('#facet-dates .field-error[data-field="date_from"]')
    expect(error).to_have_text("“2022-13-45” is not a real date")
    expect(page.locator("#total")).to_have_text("0")
    expect(page.locator("tr.contact-row")).to_have_count(0)
    expect(page.locator(".error-summary")).to_be_visible()
    # Correcting the field applies the filter and the error goes.
    page.fill("#date_from", "2022")
    page.press("#date_from", "Enter")
    page.wait_for_url(re.compile(r"/\?date_from=2022$"))
    expect(page.locator(".field-error")).to_have_count(0)
    expect(page.locator("tr.contact-row").first).to_be_visible()


def test_claims_view_filters_and_exports_what_it_shows(watched_page, live_server):
    page, _watch = watched_page
    page.goto(live_server["base"] + "/claims")
    all_claims = page.locator("li.claim-card").count()
    assert all_claims > 1
    page.locator('#facet-kind input[value="denial"]').check()
    page.wait_for_url(re.compile(r"/claims\?kind=denial$"))
    cards = page.locator("li.claim-card")
    expect(cards.first).to_be_visible()
    shown = cards.count()
    assert 0 < shown < all_claims
    assert all(t.startswith("denial") for t in cards.locator(".claim-head").all_inner_texts())
    with page.expect_download() as info:
        page.locator(".results-head a", has_text="CSV").click()
    download = info.value
    assert download.suggested_filename == "liaison-claims_kind-denial.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert len(rows) == shown and {r["kind"] for r in rows} == {"denial"}
    # One click from the claim to its highlighted sentence.
    first_text = cards.first.locator("a.quote-link").inner_text().strip("“” ")
    cards.first.locator("a.quote-link").click()
    page.wait_for_url(re.compile(r"/articles/\d+#claim-\d+$"))
    page.locator("mark.is-target").first.wait_for()
    assert "".join(page.locator("mark.is-target").all_inner_texts()) == first_text


PASTED = ("date 2024-10-11 Sergueï Lavrov a reçu jeudi à Moscou le ministre iranien des Affaires "
          "étrangères Abbas Araghchi pour parler des livraisons de céréales.")


def test_paste_shows_a_busy_state_then_what_was_found_and_clears_the_form(watched_page, live_server):
    page, _watch = watched_page
    page.goto(live_server["base"] + "/articles")
    before = int(page.locator("#article-total").inner_text())
    page.fill("#paste-text", PASTED)
    page.fill("#paste-title", "Céréales")
    form = page.locator('form[hx-post="/articles/paste"]')
    form.locator("button[type=submit]").click()
    expect(form.locator(".busy")).to_be_visible()
    expect(form.locator("button[type=submit]")).to_be_disabled()
    result = page.locator("#ingest-results .outcome")
    expect(result).to_contain_text("ingested", timeout=60_000)
    expect(result.locator(".found")).to_contain_text("Found 1 contact")
    expect(result.locator(".found-contacts a")).to_contain_text("Sergei Lavrov")
    expect(page.locator("#paste-text")).to_have_value("")
    expect(form.locator(".busy")).to_be_hidden()
    expect(page.locator("#article-total")).to_have_text(str(before + 1))
    expect(page.locator("#site-counts")).to_contain_text(f"{before + 1} articles")


PHONE_PAGES = ["/", "/?actor=raisi", "/claims", "/actors", "/articles", "/topics",
               "/topics/security", "/contacts/1", "/articles/1", "/actors/1", "/docs"]

WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.position === "absolute" && box.width <= 1) continue;
    if (box.right > width + 1) {
      wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
                (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "") +
                " " + Math.round(box.left) + ".." + Math.round(box.right));
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_no_element_is_wider_than_a_phone(browser, live_server, path):
    context = browser.new_context(viewport={"width": 360, "height": 760}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server["base"] + path)
        page.wait_for_load_state("networkidle")
        found = page.evaluate(WIDER_THAN_VIEWPORT)
        assert found["scroll"] <= found["width"], found
        assert not found["wide"], found
    finally:
        context.close()


def test_phone_timeline_lists_contacts_as_cards(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 760}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server["base"] + "/")
        row = page.locator("tr.contact-row").first
        expect(page.locator("table.contacts thead")).to_be_hidden()
        assert row.evaluate("el => getComputedStyle(el).display") == "block"
        label = row.locator("td.participants").evaluate(
            "el => getComputedStyle(el, '::before').content")
        assert label == '"Participants: "'
    finally:
        context.close()
