"""A small press site on 127.0.0.1 for source tests: feeds, pages, 304s, errors, slow answers.

Tests set ``site.routes[path] = Route(...)`` and read ``site.requests`` (path and headers of every
request, in order). Nothing here leaves the loopback interface.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.settings import get_settings


@dataclass
class Route:
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0  # seconds before answering (a slow server)
    location: str | None = None  # a redirect target


@dataclass
class Site:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str], float]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _, _ in self.requests if p == path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
            route = site.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag or (
                    route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified):
                self.send_response(304)
                self.end_headers()
                return
            body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
            self.send_response(route.status)
            if route.location:
                self.send_header("Location", route.location)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    """A fresh press site on a free loopback port."""
    state = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Loopback fetches allowed (the test site), no per-host delay, a short timeout."""
    monkeypatch.setenv("LIAISON_FETCH_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("LIAISON_FETCH_HOST_DELAY", "0")
    monkeypatch.setenv("LIAISON_FETCH_TIMEOUT", "2")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def rss(site: Site, title: str, items: list[dict]) -> str:
    """An RSS 2.0 document; each item has guid, title, path and optionally date and summary."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
             f"<link>{site.base}/</link><description>test</description>"]
    for item in items:
        parts.append(f'<item><guid isPermaLink="false">{item["guid"]}</guid>'
                     f"<title>{item['title']}</title>"
                     f"<link>{site.url(item['path'])}</link>"
                     + (f"<pubDate>{item['date']}</pubDate>" if item.get("date") else "")
                     + (f"<description>{item['summary']}</description>" if item.get("summary") else "")
                     + "</item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def page(*paragraphs: str, title: str = "") -> str:
    """A news page: navigation and footer around the article's paragraphs."""
    head = f"<title>{title}</title>" if title else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html><head><meta charset="utf-8">{head}</head><body>'
            f'<nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>'
            f"<article>{body}</article><footer>Mentions légales · Contact</footer></body></html>")
