"""Reading what a source lists: RSS, Atom, sitemaps (with the news extension and indexes), folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sources.listing import ListingError, list_folder, parse_feed, parse_sitemap

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>La Gazette de l'Est</title><link>https://gazette.example/</link>
<item><guid isPermaLink="false">gz-101</guid><title>Lavrov à Téhéran</title>
<link>https://gazette.example/monde/lavrov-teheran</link>
<pubDate>Mon, 03 Feb 2025 23:30:00 +0330</pubDate>
<description>&lt;p&gt;Le ministre russe est arrivé &lt;b&gt;lundi&lt;/b&gt; soir.&lt;/p&gt;</description></item>
<item><title>Sans identifiant</title><link>https://gazette.example/monde/sans-id</link></item>
<item><title>Ni lien ni identifiant</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Dépêches</title><id>urn:example:depeches</id>
<updated>2025-02-04T08:00:00Z</updated>
<entry><id>urn:example:depeche:7</id><title>Appel entre deux présidents</title>
<link href="https://depeches.example/7"/><updated>2025-02-04T08:00:00+01:00</updated>
<summary>Un entretien téléphonique a eu lieu.</summary></entry>
</feed>"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://journal.example/a/1</loc>
<news:news><news:publication><news:name>Le Journal</news:name><news:language>fr</news:language></news:publication>
<news:publication_date>2025-01-15T10:00:00+01:00</news:publication_date><news:title>Un accord signé</news:title></news:news></url>
<url><loc>https://journal.example/a/2</loc><lastmod>2025-01-14</lastmod></url>
</urlset>"""

INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://journal.example/sitemap-1.xml</loc></sitemap>
<sitemap><loc>https://journal.example/sitemap-2.xml</loc></sitemap>
</sitemapindex>"""


def test_rss_items_keep_link_title_summary_and_their_own_time_zone() -> None:
    listing = parse_feed(RSS.encode(), "https://gazette.example/rss")
    assert listing.title == "La Gazette de l'Est"
    first, second = listing.items
    assert (first.key, first.url, first.title) == ("gz-101", "https://gazette.example/monde/lavrov-teheran", "Lavrov à Téhéran")
    # 23:30 in Tehran is still Monday there (Sunday 20:00 UTC would give the wrong day).
    assert first.published == "2025-02-03T23:30:00+03:30"
    assert first.summary == "Le ministre russe est arrivé lundi soir."
    assert second.key == "https://gazette.example/monde/sans-id"  # no guid: the link is the key


def test_atom_entries_are_read() -> None:
    listing = parse_feed(ATOM.encode(), "https://depeches.example/atom")
    [entry] = listing.items
    assert (entry.key, entry.url, entry.published) == ("urn:example:depeche:7", "https://depeches.example/7",
                                                       "2025-02-04T08:00:00+01:00")


@pytest.mark.parametrize("body", [b"<html><body>Pas un flux</body></html>", b"", b"\x89PNG\r\n\x1a\n"])
def test_a_page_that_is_no_feed_is_an_error(body: bytes) -> None:
    with pytest.raises(ListingError, match="not an RSS or Atom feed"):
        parse_feed(body, "https://example.org/feed")


def test_sitemap_urls_with_news_titles_and_dates() -> None:
    listing = parse_sitemap(SITEMAP.encode())
    first, second = listing.items
    assert (first.url, first.title, first.published) == ("https://journal.example/a/1", "Un accord signé",
                                                          "2025-01-15T10:00:00+01:00")
    assert (second.url, second.title, second.published) == ("https://journal.example/a/2", None, "2025-01-14T00:00:00")


def test_sitemap_index_lists_its_sitemaps() -> None:
    listing = parse_sitemap(INDEX.encode())
    assert listing.items == []
    assert listing.sitemaps == ("https://journal.example/sitemap-1.xml", "https://journal.example/sitemap-2.xml")


@pytest.mark.parametrize(("body", "message"), [
    (b"<urlset><url>", "malformed XML"),
    (b"<html><body/></html>", "root element"),
])
def test_a_broken_sitemap_is_an_error(body: bytes, message: str) -> None:
    with pytest.raises(ListingError, match=message):
        parse_sitemap(body)


def test_a_folder_lists_supported_files_with_their_content_digest(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("deux", encoding="utf-8")
    (tmp_path / "sub" / "a.html").write_text("<p>un</p>", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".cache.txt").write_text("caché", encoding="utf-8")
    listing = list_folder(tmp_path)
    assert [item.key for item in listing.items] == ["b.txt", "sub/a.html"]
    before = listing.items[0].content_sha
    (tmp_path / "b.txt").write_text("deux, corrigé", encoding="utf-8")
    assert list_folder(tmp_path).items[0].content_sha != before


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ListingError, match="no such folder"):
        list_folder(tmp_path / "absent")


def test_a_large_sitemap_keeps_its_most_recent_pages() -> None:
    from app.sources.listing import MAX_ITEMS

    urls = "".join(f"<url><loc>https://journal.example/a/{n}</loc><lastmod>{2000 + n // 12:04d}-{n % 12 + 1:02d}-01</lastmod></url>"
                   for n in range(MAX_ITEMS + 40))
    listing = parse_sitemap(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode())
    assert len(listing.items) == MAX_ITEMS
    assert listing.items[0].url == f"https://journal.example/a/{MAX_ITEMS + 39}"
    assert "https://journal.example/a/0" not in {item.url for item in listing.items}
