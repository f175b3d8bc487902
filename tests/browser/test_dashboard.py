"""The dashboard in a real browser over the seed articles ingested through the real pipeline."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from app.queries.charts import AGGREGATE_NOTE

pytestmark = pytest.mark.browser


def rows_text(page) -> list[str]:
    return page.locator("tr.contact-row").all_inner_texts()


def count(db, sql: str) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchone()[0]


# What the timeline lists: contacts awaiting review or accepted (not rejected, not possible ones).
SHOWN = "review_status IN ('unreviewed', 'confirmed', 'edited')"


def putin_contact_count(db) -> int:
    """Contacts of Putin the timeline shows (possible contacts await review and are hidden)."""
    return count(db, "SELECT count(DISTINCT p.contact_id) FROM contactparticipant p JOIN actor a "
                     "ON a.id = p.actor_id JOIN contact c ON c.id = p.contact_id WHERE a.key = 'putin' "
                     "AND c." + SHOWN)

# Waits use locators and expect(), never string predicates: evaluating a string in the page
# would be refused by the Content-Security-Policy and logged as a console error.


def test_timeline_shows_the_seed_contacts(watched_page, live_server):
    page, _watch = watched_page
    page.goto(live_server["base"] + "/")
    page.wait_for_selector("#timeline-chart .main-svg")
    merged = [r for r in rows_text(page)
              if all(n in r for n in ("Patrushev", "Raisi", "Shamkhani")) and "2022-11-09" in r]
    assert len(merged) == 1, rows_text(page)
    assert merged[0].rstrip().endswith("2"), merged[0]  # one contact, two sources
    undated = page.locator("#undated").inner_text()
    assert "Shoigu" in undated and "Bagheri" in undated
    assert page.locator("#timeline-chart .scatterlayer .point").count() >= 4


def test_filter_by_alias_updates_in_place_and_the_url_reloads_the_same_view(watched_page, live_server):
    page, _watch = watched_page
    base = live_server["base"]
    page.goto(base + "/")
    page.wait_for_selector("#timeline-chart .main-svg")
    page.evaluate("window.__samePage = true")
    page.fill("#who", "Poutine")
    page.press("#who", "Enter")
    page.wait_for_url(re.compile(r"/\?actor=putin$"))
    expect(page.locator("tr.contact-row")).to_have_count(putin_contact_count(live_server["db"]))
    assert page.evaluate("window.__samePage === true"), "the filter reloaded the whole page"
    filtered = rows_text(page)
    assert all("Vladimir Putin" in row for row in filtered)
    assert page.locator('input[name="actor"][value="putin"]').is_checked()
    assert page.input_value("#who") == ""

    page.reload()
    page.wait_for_selector("#timeline-chart .main-svg")
    assert rows_text(page) == filtered
    assert page.locator('input[name="actor"][value="putin"]').is_checked()

    page.go_back()
    page.wait_for_url(base + "/")
    expect(page.locator("tr.contact-row")).to_have_count(count(live_server["db"], "SELECT count(*) FROM contact WHERE " + SHOWN))
    # The restored page redraws its chart (fetched again) once, with every dated contact.
    expect(page.locator("#timeline-chart .svg-container")).to_have_count(1)
    expect(page.locator("#timeline-chart .scatterlayer .point")).to_have_count(
        count(live_server["db"], "SELECT count(*) FROM contact WHERE date IS NOT NULL "
                                 "AND date_precision != 'unknown' AND " + SHOWN))


def test_contact_to_source_highlights_the_quote_in_view(watched_page, live_server):
    page, _watch = watched_page
    page.goto(live_server["base"] + "/")
    row = page.locator("tr.contact-row", has_text="Shamkhani").first
    row.locator("td.date a").click()
    page.wait_for_url(re.compile(r"/contacts/\d+$"))
    assert page.locator("ol.sources > li").count() == 2
    quote = page.locator("a.quote-link").first
    quote_text = quote.inner_text().strip("“” ")
    quote.click()
    page.wait_for_url(re.compile(r"/articles/\d+#src-\d+$"))
    target = page.locator("mark.is-target").first
    target.wait_for()
    highlighted = "".join(page.locator("mark.is-target").all_inner_texts())
    assert highlighted == quote_text
    box = target.bounding_box()
    assert box and 0 <= box["y"] <= page.viewport_size["height"] - box["height"]


def test_clicking_a_chart_marker_opens_its_contact(watched_page, live_server):
    page, _watch = watched_page
    page.goto(live_server["base"] + "/")
    point = page.locator("#timeline-chart .scatterlayer .point").first
    point.wait_for()
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"/contacts/\d+$"))
    assert page.locator("h2#sources-title").is_visible()


def test_the_note_under_the_chart_says_how_to_read_the_figure_drawn(watched_page, live_server):
    page, _watch = watched_page
    page.goto(live_server["base"] + "/")
    page.wait_for_selector("#timeline-chart .main-svg")
    note = page.locator(".chart-legend-note")
    assert note.inner_text().startswith("Marker size: number of sources")

    def as_aggregated(route):  # the figure a corpus past the aggregation threshold gets
        response = route.fetch()
        figure = response.json()
        figure["layout"]["meta"] = {"aggregated": True, "note": AGGREGATE_NOTE}
        route.fulfill(response=response, json=figure)

    page.route(re.compile(r"/timeline\.json"), as_aggregated)
    page.goto(live_server["base"] + "/?kind=meeting")
    page.wait_for_selector("#timeline-chart .main-svg")
    page.wait_for_function("document.querySelector('.chart-legend-note').textContent.startsWith('Each marker')")
    assert note.inner_text() == AGGREGATE_NOTE


def test_actor_page_draws_its_charts(watched_page, live_server):
    page, _watch = watched_page
    page.goto(live_server["base"] + "/?who=Poutine")
    page.locator("tr.contact-row a", has_text="Vladimir Putin").first.click()
    page.wait_for_url(re.compile(r"/actors/\d+$"))
    page.wait_for_selector("#actor-chart .main-svg")
    page.wait_for_selector("#counterparts-chart .main-svg")
    assert "Vladimir Putin" in page.locator("h1").inner_text()


def test_filters_work_as_a_plain_form_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server["base"] + "/")
        page.fill("#who", "Poutine")
        page.click(".filter-actions button[type=submit]")
        page.wait_for_url(re.compile(r"/\?actor=putin$"))
        texts = rows_text(page)
        assert texts and all("Vladimir Putin" in t for t in texts)
    finally:
        context.close()


def test_ticking_a_facet_applies_it_and_keeps_focus(watched_page, live_server):
    page, _watch = watched_page
    page.goto(live_server["base"] + "/")
    page.wait_for_selector("#timeline-chart .main-svg")
    box = page.locator('input[name="corroborated"]')
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"/\?corroborated=1$"))
    expect(page.locator("tr.contact-row")).to_have_count(
        count(live_server["db"], "SELECT count(*) FROM contact WHERE source_count >= 2 AND " + SHOWN))
    assert all(int(n) >= 2 for n in page.locator("tr.contact-row td.num").all_inner_texts())
    assert page.locator('input[name="corroborated"]').is_checked()
    assert page.evaluate("document.activeElement && document.activeElement.name") == "corroborated"
