"""Request bodies: refused before reading when the visitor may not send them, counted as they
stream in, spooled to disk rather than held in memory, and the documented limits everywhere."""

from __future__ import annotations

import anyio
import pytest
from fastapi.testclient import TestClient

from app.auth.middleware import SPOOL_IN_MEMORY_BYTES, spool_body
from app.auth.sessions import SESSION_COOKIE

from .conftest import csrf_of, run_in_own_thread, sign_in

CHUNK = 1024 * 1024


class CountingBody:
    """An ASGI receive that streams ``total`` bytes in 1 MiB chunks and counts what was read."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.sent = 0

    async def __call__(self) -> dict:
        if self.sent >= self.total:
            await anyio.sleep(3600)  # a real client would wait for the answer
        size = min(CHUNK, self.total - self.sent)
        self.sent += size
        return {"type": "http.request", "body": b"a" * size, "more_body": self.sent < self.total}


def _post(client: TestClient, path: str, body: CountingBody, token: str,
          content_length: bool = False) -> tuple[int, bytes]:
    """POST through the ASGI app directly, the way a server hands over a streamed body."""
    headers = [(b"host", b"testserver"), (b"content-type", b"multipart/form-data; boundary=xyz"),
               (b"x-csrf-token", token.encode()),
               (b"cookie", f"{SESSION_COOKIE}={client.cookies[SESSION_COOKIE]}".encode())]
    if content_length:
        headers.append((b"content-length", str(body.total).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "headers": headers, "client": ("203.0.113.9", 5000),
             "server": ("testserver", 80)}
    answer: dict = {"status": 0, "body": b""}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    async def run() -> None:
        with anyio.fail_after(60):
            await client.app(scope, body, send)

    run_in_own_thread(run)
    return answer["status"], answer["body"]


@pytest.mark.parametrize("content_length", [True, False])
def test_anonymous_upload_is_refused_before_its_body_is_read(client, content_length) -> None:
    token = csrf_of(client, "/login")
    body = CountingBody(200 * CHUNK)
    status, _ = _post(client, "/articles/upload", body, token, content_length)
    assert status == 401
    assert body.sent == 0


def test_viewer_upload_is_refused_before_its_body_is_read(client) -> None:
    token = sign_in(client, "vera")
    body = CountingBody(200 * CHUNK)
    status, _ = _post(client, "/articles/upload", body, token)
    assert status == 403
    assert body.sent == 0


def test_declared_oversize_is_refused_unread(make_client, accounts) -> None:
    client = make_client(LIAISON_MAX_ARTICLE_BYTES="1000000", LIAISON_MAX_UPLOAD_FILES="2")
    token = sign_in(client, "emil")
    body = CountingBody(50 * CHUNK)
    status, text = _post(client, "/articles/upload", body, token, content_length=True)
    assert status == 413 and b"larger than this server accepts" in text
    assert body.sent == 0


def test_streamed_oversize_is_cut_off_at_the_cap(make_client, accounts) -> None:
    """No Content-Length: the body is counted as it arrives and reading stops past the cap."""
    client = make_client(LIAISON_MAX_ARTICLE_BYTES="1000000", LIAISON_MAX_UPLOAD_FILES="2")
    token = sign_in(client, "emil")
    body = CountingBody(50 * CHUNK)
    status, text = _post(client, "/articles/upload", body, token)
    assert status == 413 and b"larger than this server accepts" in text
    assert body.sent <= 5 * CHUNK  # the cap (2 files of 1 MB, plus 1 MB) and one more chunk


def test_large_bodies_are_spooled_to_disk() -> None:
    async def run() -> bool:
        spool = await spool_body(CountingBody(3 * SPOOL_IN_MEMORY_BYTES), 10 * CHUNK)
        try:
            assert len(spool.read()) == 3 * SPOOL_IN_MEMORY_BYTES
            return spool._rolled  # moved from memory to a temporary file
        finally:
            spool.close()

    assert run_in_own_thread(run)


def test_paste_over_one_mebibyte_reaches_the_article_checks(make_client) -> None:
    """The form field limit is the article limit: no spurious 'security token' refusal."""
    client = make_client(client_address="127.0.0.1", LIAISON_MAX_ARTICLE_BYTES="2000000")
    token = csrf_of(client, "/articles")
    for files in (None, {"unused": ("", b"", "text/plain")}):  # urlencoded, then multipart
        response = client.post("/articles/paste", data={"csrf_token": token,
                                                        "text": " \n" * 600_000}, files=files)
        assert response.status_code == 200, response.text[:300]
        assert "only whitespace (no text)" in response.text


def test_paste_and_upload_over_the_limit_get_the_same_message(make_client) -> None:
    client = make_client(client_address="127.0.0.1", LIAISON_MAX_ARTICLE_BYTES="1200000")
    token = csrf_of(client, "/articles")
    text = "Le ministre a reçu son homologue. " * 40_000  # 1.36 MB
    pasted = client.post("/articles/paste", data={"csrf_token": token, "text": text,
                                                  "title": "long.txt"})
    uploaded = client.post("/articles/upload", data={"csrf_token": token},
                           files=[("files", ("long.txt", text.encode(), "text/plain"))])
    expected = "too large (1.4 MB; the limit is 1.2 MB, set LIAISON_MAX_ARTICLE_BYTES to change it)"
    assert expected in pasted.text
    assert expected in uploaded.text


@pytest.mark.parametrize("content_length", [True, False])
def test_login_form_takes_small_bodies_only(client, content_length) -> None:
    """/login is open to anyone, so its body is capped far below an upload's."""
    token = csrf_of(client, "/login")
    body = CountingBody(100 * CHUNK)
    status, text = _post(client, "/login", body, token, content_length)
    assert status == 413
    assert body.sent <= 2 * CHUNK
