"""The Sources page in a real browser: an editor adds a feed and follows it to its page."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_an_editor_adds_a_feed_and_opens_its_page(watched_page, live_server):
    page, watch = watched_page
    base = live_server["base"]
    page.goto(base + "/sources")
    page.select_option("#source-kind", "feed")
    page.fill("#source-location", "https://presse.example/monde/rss.xml")
    page.fill("#source-name", "La Presse d'essai")
    page.fill("#source-every", "20")
    page.click("text=Add source")
    page.wait_for_url(base + "/sources")
    row = page.locator("tr.source-row", has_text="La Presse d'essai")
    expect(row).to_contain_text("never polled")
    expect(row).to_contain_text("every 20 min")
    row.locator("a", has_text="La Presse d'essai").click()
    page.wait_for_url(re.compile(r"/sources/\d+$"))
    expect(page.locator("h1")).to_have_text("La Presse d'essai")
    expect(page.locator("table.entries")).to_contain_text("No entry yet.")
    # Removing asks first; declining keeps the source.
    page.goto(base + "/sources")
    remove = page.locator("tr.source-row", has_text="La Presse d'essai").locator("button", has_text="Remove")
    page.once("dialog", lambda dialog: dialog.dismiss())
    remove.click()
    expect(page.locator("tr.source-row", has_text="La Presse d'essai")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    expect(page.locator("tr.source-row", has_text="La Presse d'essai")).to_have_count(0)
    # A bad address is refused on the page itself, with the form kept.
    page.goto(base + "/sources")
    page.fill("#source-location", "presse.example/rss")
    page.click("text=Add source")
    expect(page.locator(".notice")).to_contain_text("a feed is an http(s) URL")
    expect(page.locator("#source-location")).to_have_value("presse.example/rss")
    # The browser logs the refusal's 400 status as a console error: the one expected here.
    assert all("status of 400" in error for error in watch.errors), watch.errors
    watch.errors.clear()
