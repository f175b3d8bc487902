"""Fetching feeds and pages for sources: conditional requests, a per-host delay, safe targets.

Every request names a public address: private, loopback and link-local targets are refused
(checked on every redirect hop, after DNS resolution) unless ``LIAISON_FETCH_ALLOW_PRIVATE=1``.
Bodies are capped at the article size limit while they stream in.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

import httpx

from app.ingestion.readers import IngestError, check_size
from app.settings import get_settings

USER_AGENT = "Liaison/0.1 (+press monitoring)"
MAX_REDIRECTS = 5


class FetchError(IngestError):
    """A fetch that failed; ``reason`` is one line an analyst can read."""


def check_target(url: str, allow_private: bool | None = None) -> None:
    """Refuse a URL that is not http(s) or whose host resolves to a private, loopback,
    link-local or otherwise non-public address (unless private targets are allowed)."""
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "not an http(s) URL")
    if allow_private is None:
        allow_private = get_settings().fetch_allow_private
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise FetchError(url, f"unreachable (cannot resolve {parts.hostname}: {error.strerror})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global:
            raise FetchError(url, f"refused: {parts.hostname} is a private, loopback or link-local "
                                  f"address ({address}); set LIAISON_FETCH_ALLOW_PRIVATE=1 to allow it")


class HostDelay:
    """At most one request per ``delay`` seconds to each host (shared by a process's fetches)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.delay
        if start > now:
            time.sleep(start - now)


@dataclass(frozen=True)
class Fetched:
    """One answer: 304 (``not_modified``) or a body with its validators for next time."""

    url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """An HTTP client for one worker: safe targets, per-host delay, size cap, validators."""

    def __init__(self, delay: float | None = None, timeout: float | None = None,
                 allow_private: bool | None = None) -> None:
        settings = get_settings()
        self.allow_private = settings.fetch_allow_private if allow_private is None else allow_private
        self.hosts = HostDelay(settings.fetch_host_delay_seconds if delay is None else delay)
        self.client = httpx.Client(follow_redirects=False, headers={"User-Agent": USER_AGENT},
                                   timeout=settings.fetch_timeout_seconds if timeout is None else timeout)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` (conditionally when validators are given), following safe redirects."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            check_target(current, self.allow_private)
            self.hosts.wait(urlparse(current).netloc)
            try:
                answer = self._get_once(current, headers)
            except httpx.HTTPError as error:
                raise FetchError(url, f"unreachable ({type(error).__name__}: {error or 'no answer'})") from None
            if isinstance(answer, str):
                current = answer
                continue
            return answer
        raise FetchError(url, f"unreachable (more than {MAX_REDIRECTS} redirects)")

    def _get_once(self, url: str, headers: dict[str, str]) -> Fetched | str:
        """The answer, or the next URL when the server redirects."""
        with self.client.stream("GET", url, headers=headers) as response:
            if response.is_redirect and response.headers.get("location"):
                return urljoin(url, response.headers["location"])
            if response.status_code == 304:
                return Fetched(url, 304, etag=response.headers.get("etag"),
                               last_modified=response.headers.get("last-modified"))
            if response.status_code >= 400:
                raise FetchError(url, f"unreachable (HTTP {response.status_code})")
            length = response.headers.get("content-length")
            if length and length.isdigit():
                check_size(int(length), url)
            data = bytearray()
            for chunk in response.iter_bytes():
                data.extend(chunk)
                check_size(len(data), url)
            return Fetched(url, response.status_code, bytes(data), response.headers.get("content-type"),
                           response.headers.get("etag"), response.headers.get("last-modified"))
