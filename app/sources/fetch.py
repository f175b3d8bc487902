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
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse, urlsplit, urlunsplit

import httpx

from app.ingestion.readers import IngestError, read_capped_body
from app.settings import get_settings

USER_AGENT = "Liaison/0.1 (+press monitoring)"
MAX_REDIRECTS = 5


class FetchError(IngestError):
    """A fetch that failed; ``reason`` is one line an analyst can read."""


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: IPAddress) -> bool:
    """A globally routable unicast address (an IPv4 address wrapped in IPv6 is judged as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if inner is not None:
            return is_public(inner)
    return address.is_global and not address.is_multicast


@dataclass(frozen=True)
class Target:
    """Where to connect: the URL with its host replaced by the vetted address, and the name
    to send as Host and TLS server name. Connecting to the address that was checked leaves no
    window for the name to resolve elsewhere in between (DNS rebinding)."""

    url: str
    host_header: str
    server_name: str


def check_target(url: str, allow_private: bool | None = None) -> Target:
    """Resolve a URL's host and refuse it when it is not http(s) or when any of its addresses is
    private, loopback, link-local or otherwise not public (unless private targets are allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "not an http(s) URL")
    if allow_private is None:
        allow_private = get_settings().fetch_allow_private
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(url, f"unreachable (cannot resolve {parts.hostname}: {error})") from None
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos))
    refused = [a for a in addresses if not is_public(a)]
    if not addresses or (refused and not allow_private):
        raise FetchError(url, f"refused: {parts.hostname} is a private, loopback or link-local address "
                              f"({refused[0] if refused else 'none'}); set LIAISON_FETCH_ALLOW_PRIVATE=1 to allow it")
    address = addresses[0]
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return Target(pinned, parts.netloc.rpartition("@")[2], parts.hostname)


class HostDelay:
    """At most one request per ``delay`` seconds to each host (shared by a process's fetches)."""

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.delay
        if start > now:
            self._sleep(start - now)


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
            target = check_target(current, self.allow_private)
            self.hosts.wait(urlparse(current).netloc)
            try:
                answer = self._get_once(current, target, headers)
            except httpx.HTTPError as error:
                raise FetchError(url, f"unreachable ({type(error).__name__}: {error or 'no answer'})") from None
            if isinstance(answer, str):
                current = answer
                continue
            return answer
        raise FetchError(url, f"unreachable (more than {MAX_REDIRECTS} redirects)")

    def _get_once(self, url: str, target: Target, headers: dict[str, str]) -> Fetched | str:
        """The answer, or the next URL when the server redirects."""
        request = self.client.build_request("GET", target.url, headers={**headers, "Host": target.host_header},
                                            extensions={"sni_hostname": target.server_name})
        response = self.client.send(request, stream=True)
        try:
            if response.is_redirect and response.headers.get("location"):
                return urljoin(url, response.headers["location"])
            if response.status_code == 304:
                return Fetched(url, 304, etag=response.headers.get("etag"),
                               last_modified=response.headers.get("last-modified"))
            if response.status_code >= 400:
                raise FetchError(url, f"unreachable (HTTP {response.status_code})")
            return Fetched(url, response.status_code, read_capped_body(response, url), response.headers.get("content-type"),
                           response.headers.get("etag"), response.headers.get("last-modified"))
        finally:
            response.close()
