"""Fetching a URL: a page served by a local HTTP server on 127.0.0.1 (never the internet).

The local site is on loopback, which fetching refuses unless LIAISON_FETCH_ALLOW_PRIVATE=1:
tests of fetching itself allow it; the refusal tests below use the default or their own check.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.ingestion.readers import IngestError, fetch_url, is_public_address
from app.settings import get_settings

PAGES: dict[str, tuple[str, bytes]] = {
    "/depeche": ("text/plain; charset=utf-8", "Le Kremlin a annoncé un appel téléphonique.\r\n".encode()),
    "/image": ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
}


REDIRECTS: dict[str, str] = {}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        if self.path in REDIRECTS:
            self.send_response(302)
            self.send_header("Location", REDIRECTS[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path not in PAGES:
            self.send_error(404)
            return
        content_type, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def local_site(html_page: str) -> Iterator[str]:
    """Base URL of a small site on the loopback interface."""
    PAGES["/article.html"] = ("text/html; charset=utf-8", html_page.encode("utf-8"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def allow_private(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fetching tests reach the loopback site; refusal tests keep the default."""
    if "refusal" not in request.keywords:
        monkeypatch.setenv("LIAISON_FETCH_ALLOW_PRIVATE", "1")
    else:
        monkeypatch.delenv("LIAISON_FETCH_ALLOW_PRIVATE", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_html_page_is_fetched_and_reduced_to_text(local_site: str) -> None:
    raw = fetch_url(f"{local_site}/article.html")
    assert (raw.origin, raw.origin_kind, raw.content_type) == (f"{local_site}/article.html", "url", "text/html")
    assert raw.text.startswith("Poutine reçoit le président iranien au Kremlin")
    assert "<p>" not in raw.text


def test_plain_text_page_is_kept_exactly(local_site: str) -> None:
    assert fetch_url(f"{local_site}/depeche").text == "Le Kremlin a annoncé un appel téléphonique.\r\n"


def test_missing_page_is_unreachable(local_site: str) -> None:
    with pytest.raises(IngestError, match=r"/absent: unreachable \(HTTP 404\)"):
        fetch_url(f"{local_site}/absent")


def test_closed_port_is_unreachable() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/article"
    with pytest.raises(IngestError) as caught:
        fetch_url(url)
    assert str(caught.value).startswith(f"{url}: unreachable (")


def test_binary_page_is_rejected(local_site: str) -> None:
    with pytest.raises(IngestError, match="not a text file"):
        fetch_url(f"{local_site}/image")


def test_page_over_the_limit_is_rejected(local_site: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.settings import get_settings

    monkeypatch.setenv("LIAISON_MAX_ARTICLE_BYTES", "200")
    get_settings.cache_clear()
    try:
        with pytest.raises(IngestError, match="too large"):
            fetch_url(f"{local_site}/article.html")
    finally:
        get_settings.cache_clear()


@pytest.mark.slow
def test_url_is_ingested_once_with_its_address_as_origin(local_site: str, migrated_db: str) -> None:
    from sqlmodel import Session, select

    from app.ingestion.service import ingest_paths
    from app.storage.db import get_engine
    from app.storage.models import Article

    url = f"{local_site}/article.html"
    assert ingest_paths([url, f"{local_site}/absent"]).summary == "1 ingested, 0 unchanged, 1 failed"
    assert ingest_paths([url]).summary == "0 ingested, 1 unchanged, 0 failed"
    with Session(get_engine()) as session:
        article = session.exec(select(Article)).one()
    assert (article.origin, article.origin_kind, article.content_type) == (url, "url", "text/html")
    assert article.text.startswith("Poutine reçoit le président iranien au Kremlin")


@pytest.mark.parametrize("address,public", [
    ("93.184.215.14", True), ("2a00:1450:4007:80a::200e", True),
    ("127.0.0.1", False), ("127.3.2.1", False), ("::1", False), ("10.1.2.3", False),
    ("172.16.0.1", False), ("192.168.1.1", False), ("169.254.169.254", False), ("fe80::1", False),
    ("fc00::1", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False),
    ("::ffff:93.184.215.14", True),
])
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


@pytest.mark.refusal
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "169.254.169.254", "10.0.0.1"])
def test_private_targets_are_refused_by_default(host: str) -> None:
    with pytest.raises(IngestError, match="refused .*LIAISON_FETCH_ALLOW_PRIVATE=1"):
        fetch_url(f"http://{host}:9/article")


@pytest.mark.refusal
def test_loopback_site_is_refused_by_default(local_site: str) -> None:
    with pytest.raises(IngestError, match="loopback"):
        fetch_url(f"{local_site}/depeche")


@pytest.mark.refusal
def test_every_redirect_is_checked(local_site: str) -> None:
    """The first address passes the check; the redirect's target (another loopback address
    standing for an internal one) is refused before it is requested."""
    port = local_site.rsplit(":", 1)[1]
    REDIRECTS["/moved"] = f"http://127.0.0.2:{port}/depeche"
    REDIRECTS["/moved-here"] = "/depeche"
    only_first = {ipaddress.ip_address("127.0.0.1")}
    with pytest.raises(IngestError, match="refused .*127.0.0.2"):
        fetch_url(f"{local_site}/moved", allowed=lambda address: address in only_first)
    raw = fetch_url(f"{local_site}/moved-here", allowed=lambda address: address in only_first)
    assert raw.text.startswith("Le Kremlin")


@pytest.mark.refusal
def test_non_http_schemes_are_refused() -> None:
    with pytest.raises(IngestError, match="refused"):
        fetch_url("file:///etc/passwd")
