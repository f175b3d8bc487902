"""Ingestion through the web under stress: a time budget per article with a visible, retryable
"timed out" status; a client that leaves stops its extraction; one bad file fails alone; ids
too large for the database are 404; URL ingestion for editors; decoding warnings shown.
(Page numbers in query strings are the Filter's to check.)"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import anyio
import pytest
from sqlalchemy import func
from sqlmodel import select

from app.settings import get_settings
from app.storage.db import session_scope
from app.storage.models import Article, ContactSource
from app.web.security import SECURITY_HEADERS

from .conftest import csrf_of, run_in_own_thread, sign_in

ARTICLE = ("Moscou, le 14 mars 2024. Le ministre russe des Affaires étrangères Sergueï Lavrov a "
           "reçu jeudi 14 mars 2024 à Moscou son homologue iranien Hossein Amir-Abdollahian pour "
           "évoquer la coopération énergétique entre les deux pays.\n")


def _articles(url: str) -> list[Article]:
    with session_scope(url) as db:
        rows = list(db.exec(select(Article).order_by(Article.id)))
        db.expunge_all()
        return rows


def _sources(url: str, article_id: int) -> int:
    with session_scope(url) as db:
        return db.exec(select(func.count()).select_from(ContactSource)
                       .where(ContactSource.article_id == article_id)).one()


def test_article_past_its_budget_is_stored_as_timed_out_then_retried(
        make_client, migrated_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import app.extraction.pipeline as pipeline

    real = pipeline.extract_documents

    def slow(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the wrapped pipeline call
        # Slow in Python, so the budget's interruption lands whatever the machine's load.
        for _ in range(3000):
            time.sleep(0.01)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_documents", slow)
    client = make_client(client_address="127.0.0.1", LIAISON_EXTRACTION_BUDGET="0.05")
    token = csrf_of(client, "/articles")
    response = client.post("/articles/paste", data={"csrf_token": token, "text": ARTICLE,
                                                    "title": "Dépêche lente"})
    assert response.status_code == 200
    assert "extraction timed out after 0.05 s" in response.text
    monkeypatch.setattr(pipeline, "extract_documents", real)
    (article,) = _articles(migrated_db)
    assert article.extraction_status == "timed out"
    assert _sources(migrated_db, article.id) == 0
    listing = client.get("/articles")
    assert "extraction timed out" in listing.text
    page = client.get(f"/articles/{article.id}")
    assert "Extraction timed out" in page.text and f"/articles/{article.id}/extract" in page.text

    monkeypatch.setenv("LIAISON_EXTRACTION_BUDGET", "600")
    get_settings.cache_clear()
    retried = client.post(f"/articles/{article.id}/extract", data={"csrf_token": token})
    assert retried.status_code == 303
    (article,) = _articles(migrated_db)
    assert article.extraction_status == "done"
    assert _sources(migrated_db, article.id) >= 1
    assert "Extraction timed out" not in client.get(f"/articles/{article.id}").text
    # Only a timed-out article can be retried.
    assert client.post(f"/articles/{article.id}/extract",
                       data={"csrf_token": token}).status_code == 404


def test_retry_needs_an_editor(client, migrated_db: str) -> None:
    token = sign_in(client, "vera")
    assert client.post("/articles/1/extract", data={"csrf_token": token}).status_code == 403


def test_client_that_leaves_stops_its_extraction(make_client, migrated_db: str) -> None:
    """The request body arrives, then the client disconnects: nothing is stored."""
    client = make_client(client_address="127.0.0.1", LIAISON_EXTRACTION_BUDGET="600")
    token = csrf_of(client, "/articles")
    text = "".join(f"Le {day} mars 2024, le vice-ministre russe a reçu à Moscou l'ambassadeur "
                   f"iranien pour la {day}e réunion du comité mixte, selon un communiqué.\n"
                   for day in range(1, 400))
    body = httpx_form({"csrf_token": token, "text": text})
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict:
        if messages:
            return messages.pop(0)
        return {"type": "http.disconnect"}

    sent: dict = {"status": 0, "body": b""}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]
        elif message["type"] == "http.response.body":
            sent["body"] += message.get("body", b"")

    cookie = client.cookies["liaison_session"]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/articles/paste", "raw_path": b"/articles/paste",
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 5000),
             "server": ("testserver", 80),
             "headers": [(b"host", b"testserver"),
                         (b"content-type", b"application/x-www-form-urlencoded"),
                         (b"content-length", str(len(body)).encode()),
                         (b"cookie", f"liaison_session={cookie}".encode())]}

    async def run() -> None:
        with anyio.fail_after(300):
            await client.app(scope, receive, send)

    run_in_own_thread(run)
    assert b"cancelled" in sent["body"]
    assert _articles(migrated_db) == []


def httpx_form(fields: dict[str, str]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(fields).encode()


@pytest.mark.parametrize("path", ["/articles/123456789012345678901234567890",
                                  "/actors/123456789012345678901234567890",
                                  "/contacts/123456789012345678901234567890",
                                  "/sources/123456789012345678901234567890",
                                  "/articles/-1", "/contacts/0"])
def test_ids_no_row_can_have_are_404(make_client, path: str) -> None:
    client = make_client(client_address="127.0.0.1")
    response = client.get(path)
    assert response.status_code == 404
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value


def test_a_file_that_breaks_its_reader_fails_alone(make_client, migrated_db: str,
                                                   html_page: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """An HTML reader whose module cannot be imported fails that file; the others go in."""
    client = make_client(client_address="127.0.0.1")
    token = csrf_of(client, "/articles")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import now raises ImportError
    files = [("files", ("premier.txt", ARTICLE.encode(), "text/plain")),
             ("files", ("page.html", html_page.encode(), "text/html")),
             ("files", ("second.txt", ARTICLE.replace("jeudi", "mercredi").encode(), "text/plain"))]
    response = client.post("/articles/upload", data={"csrf_token": token}, files=files)
    assert response.status_code == 200
    assert "page.html — internal error (ModuleNotFoundError" in response.text
    assert [a.origin for a in _articles(migrated_db)] == ["premier.txt", "second.txt"]


def test_decoding_warning_is_shown_with_the_result(make_client, migrated_db: str) -> None:
    client = make_client(client_address="127.0.0.1")
    token = csrf_of(client, "/articles")
    data = ARTICLE.encode()[:30] + b"\xff" + ARTICLE.encode()[30:]
    response = client.post("/articles/upload", data={"csrf_token": token},
                           files=[("files", ("abîmé.txt", data, "text/plain"))])
    assert "not valid UTF-8 at byte 30" in response.text
    (article,) = _articles(migrated_db)
    assert "\ufffd" in article.text and "Amir-Abdollahian" in article.text


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        body = ARTICLE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_page() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/depeche"
    server.shutdown()
    server.server_close()


def test_editor_ingests_a_url_from_the_form(client, make_client, local_page: str,
                                            migrated_db: str) -> None:
    token = sign_in(client, "emil")
    assert 'action="/articles/fetch"' in client.get("/articles").text
    refused = client.post("/articles/fetch", data={"csrf_token": token, "url": local_page})
    assert "refused (127.0.0.1 is 127.0.0.1, a private, loopback or link-local" in refused.text
    assert _articles(migrated_db) == []
    allowed = make_client(LIAISON_FETCH_ALLOW_PRIVATE="1")
    token = sign_in(allowed, "emil")
    response = allowed.post("/articles/fetch", data={"csrf_token": token, "url": local_page})
    assert "ingested" in response.text
    (article,) = _articles(migrated_db)
    assert (article.origin, article.origin_kind) == (local_page, "url")
    not_http = allowed.post("/articles/fetch", data={"csrf_token": token, "url": "file:///etc/passwd"})
    assert "not an http:// or https:// URL" in not_http.text


def test_viewer_sees_no_url_form(client) -> None:
    sign_in(client, "vera")
    assert 'action="/articles/fetch"' not in client.get("/articles").text
