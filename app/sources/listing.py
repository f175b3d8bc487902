"""What a source lists: the items of an RSS/Atom feed, a sitemap, or a watched folder.

Parsing only: bytes (or a folder) in, ``Item`` records out. Feeds are read by feedparser;
sitemaps (urlset, sitemap index, Google News extension) by the standard XML parser.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from app.ingestion.readers import SUPPORTED_SUFFIXES

KINDS = ("feed", "sitemap", "folder")
MAX_ITEMS = 500  # per feed or sitemap: a runaway listing cannot flood the worker
MAX_FILES = 5000  # per watched folder
MAX_SUMMARY = 2000
_TAGS = re.compile(r"<[^>]+>")


class ListingError(Exception):
    """A listing that cannot be read (not a feed, malformed XML...)."""


@dataclass(frozen=True)
class Item:
    """One listed item. ``key`` is stable across polls (guid, URL or relative path)."""

    key: str
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601, in the publisher's own time zone when stated
    summary: str = ""
    path: Path | None = None  # watched folders: the file
    content_sha: str | None = None


@dataclass(frozen=True)
class Listing:
    items: list[Item]
    title: str | None = None  # the feed's own name (used as the outlet when none is set)
    sitemaps: tuple[str, ...] = ()  # a sitemap index: the sitemaps it lists


def parse_feed(data: bytes, base_url: str) -> Listing:
    """The entries of an RSS or Atom document."""
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": base_url})
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        raise ListingError(f"not an RSS or Atom feed ({type(problem).__name__ if problem else 'no entries'})")
    items = []
    for entry in parsed.entries[:MAX_ITEMS]:
        link = entry.get("link")
        key = entry.get("id") or link
        if not key:
            continue
        items.append(Item(key=str(key)[:1000], url=link, title=_clean(entry.get("title")),
                          published=_entry_time(entry), summary=_clean(entry.get("summary"))[:MAX_SUMMARY]))
    return Listing(items, title=_clean(parsed.feed.get("title")) or None)


def _clean(value: object) -> str:
    return " ".join(_TAGS.sub(" ", str(value or "")).split())


def _entry_time(entry) -> str | None:  # noqa: ANN001 - feedparser's dict
    """The entry's publication (or update) time as written, keeping its offset when it has one."""
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        raw = entry.get(raw_key)
        if raw:
            stated = _parse_time(raw)
            if stated:
                return stated
        parsed = entry.get(parsed_key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    return None


def _parse_time(raw: str) -> str | None:
    raw = raw.strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(raw).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse_sitemap(data: bytes) -> Listing:
    """The URLs of a sitemap (with Google News titles and dates when present), or the child
    sitemaps of a sitemap index."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ListingError(f"not a sitemap (malformed XML: {error})") from None
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        locs = [(node.findtext(f"{SITEMAP_NS}loc") or "").strip() for node in root.findall(f"{SITEMAP_NS}sitemap")]
        return Listing([], sitemaps=tuple(loc for loc in locs if loc)[:50])
    if root.tag != f"{SITEMAP_NS}urlset":
        raise ListingError(f"not a sitemap (root element {root.tag!r})")
    items = []
    for node in root.findall(f"{SITEMAP_NS}url"):
        loc = (node.findtext(f"{SITEMAP_NS}loc") or "").strip()
        if not loc:
            continue
        news = node.find(f"{NEWS_NS}news")
        title = _clean(news.findtext(f"{NEWS_NS}title")) if news is not None else ""
        when = (news.findtext(f"{NEWS_NS}publication_date") if news is not None else None) \
            or node.findtext(f"{SITEMAP_NS}lastmod")
        items.append(Item(key=loc, url=loc, title=title or None, published=_parse_time(when) if when else None))
    if len(items) > MAX_ITEMS:  # a site-wide sitemap: its most recent pages, not its oldest
        items.sort(key=lambda item: _instant(item.published), reverse=True)
        items = items[:MAX_ITEMS]
    return Listing(items)


def _instant(stamp: str | None) -> float:
    """A sortable moment for an ISO time (naive ones read as UTC; none sorts last)."""
    if not stamp:
        return float("-inf")
    moment = datetime.fromisoformat(stamp)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def list_folder(folder: Path) -> Listing:
    """The supported files under a watched folder (recursive, sorted), keyed by relative path."""
    if not folder.is_dir():
        raise ListingError(f"no such folder: {folder}")
    items = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue  # vanished or unreadable between listing and reading: next poll sees it
        items.append(Item(key=path.relative_to(folder).as_posix(), path=path, content_sha=digest))
        if len(items) >= MAX_FILES:
            break
    return Listing(items, title=folder.name)
