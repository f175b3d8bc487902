"""Fetching for sources: safe targets on every hop, conditional requests, errors, slow answers."""

from __future__ import annotations

import pytest

from app.ingestion.readers import IngestError
from app.settings import get_settings
from app.sources.fetch import Fetcher, FetchError, HostDelay, check_target

from .conftest import Route, Site


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/feed", "http://localhost/feed", "http://10.1.2.3/rss", "http://192.168.0.10/rss",
    "http://172.16.5.4/rss", "http://169.254.169.254/latest/meta-data", "http://[::1]/feed",
    "http://[fe80::1]/feed", "http://0.0.0.0/feed", "http://224.0.0.1/feed",
    "http://[::ffff:10.0.0.1]/feed", "http://[2002:7f00:1::]/feed",  # IPv4 wrapped in IPv6
])
def test_private_loopback_and_link_local_targets_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="refused: .* private, loopback or link-local.*LIAISON_FETCH_ALLOW_PRIVATE=1"):
        check_target(url, allow_private=False)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "gopher://x/", "http:///nohost"])
def test_only_http_urls_are_fetched(url: str) -> None:
    with pytest.raises(FetchError, match="not an http\\(s\\) URL"):
        check_target(url, allow_private=True)


def test_a_public_address_passes() -> None:
    check_target("http://93.184.216.34/feed", allow_private=False)  # a literal: no DNS lookup


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(site: Site) -> None:
    port = site.base.rsplit(":", 1)[1]
    target = check_target(f"http://localhost:{port}/rss?x=1", allow_private=True)
    assert target.url in (f"http://127.0.0.1:{port}/rss?x=1", f"http://[::1]:{port}/rss?x=1")
    assert (target.host_header, target.server_name) == (f"localhost:{port}", "localhost")
    site.routes["/rss?x=1"] = Route("<rss/>")
    with Fetcher(delay=0, allow_private=True) as fetcher:
        if target.url.startswith("http://127.0.0.1"):
            assert fetcher.get(f"http://localhost:{port}/rss?x=1").body == b"<rss/>"
            assert site.requests[-1][1]["host"] == f"localhost:{port}"


def test_the_setting_allows_private_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_FETCH_ALLOW_PRIVATE", "1")
    get_settings.cache_clear()
    try:
        check_target("http://127.0.0.1/feed")
    finally:
        get_settings.cache_clear()


def test_a_refused_target_is_never_contacted(site: Site) -> None:
    site.routes["/feed"] = Route("<rss/>")
    with Fetcher(delay=0, allow_private=False) as fetcher, pytest.raises(FetchError, match="refused"):
        fetcher.get(site.url("/feed"))
    assert site.requests == []


def test_every_redirect_hop_is_checked(site: Site) -> None:
    site.routes["/moved"] = Route(status=302, location="file:///etc/passwd")
    with Fetcher(delay=0, allow_private=True) as fetcher, pytest.raises(FetchError, match="not an http"):
        fetcher.get(site.url("/moved"))


def test_redirects_are_followed_to_the_page(site: Site) -> None:
    site.routes["/old"] = Route(status=301, location="/new")
    site.routes["/new"] = Route("<p>ici</p>")
    with Fetcher(delay=0, allow_private=True) as fetcher:
        fetched = fetcher.get(site.url("/old"))
    assert (fetched.url, fetched.body) == (site.url("/new"), b"<p>ici</p>")


def test_etag_and_last_modified_make_the_request_conditional(site: Site) -> None:
    site.routes["/feed"] = Route("<rss/>", etag='"v7"', last_modified="Mon, 03 Feb 2025 10:00:00 GMT")
    with Fetcher(delay=0, allow_private=True) as fetcher:
        first = fetcher.get(site.url("/feed"))
        again = fetcher.get(site.url("/feed"), first.etag, first.last_modified)
    assert (first.status, first.etag, first.last_modified) == (200, '"v7"', "Mon, 03 Feb 2025 10:00:00 GMT")
    assert again.not_modified and again.body == b""
    headers = site.requests[-1][1]
    assert (headers["if-none-match"], headers["if-modified-since"]) == ('"v7"', "Mon, 03 Feb 2025 10:00:00 GMT")


def test_an_error_status_is_a_one_line_failure(site: Site) -> None:
    site.routes["/feed"] = Route("oops", status=503)
    with Fetcher(delay=0, allow_private=True) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/feed"))
    assert caught.value.reason == "unreachable (HTTP 503)"


def test_a_slow_answer_times_out(site: Site) -> None:
    site.routes["/slow"] = Route("<rss/>", delay=2.0)
    with Fetcher(delay=0, timeout=0.3, allow_private=True) as fetcher, pytest.raises(FetchError, match="unreachable \\(ReadTimeout"):
        fetcher.get(site.url("/slow"))


def test_a_body_over_the_size_limit_is_refused(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_MAX_ARTICLE_BYTES", "1000")
    get_settings.cache_clear()
    site.routes["/big"] = Route("x" * 5000)
    try:
        with Fetcher(delay=0, allow_private=True) as fetcher, pytest.raises(IngestError, match="too large"):
            fetcher.get(site.url("/big"))
    finally:
        get_settings.cache_clear()


def test_requests_to_one_host_are_spaced_by_the_delay() -> None:
    """The politeness rule on a fake clock: no wall-clock timing in tests."""
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    hosts = HostDelay(0.4, clock=lambda: now[0], sleep=sleep)
    hosts.wait("a.example")
    hosts.wait("b.example")  # another host: no wait
    hosts.wait("a.example")  # the same host at once: waits the whole delay
    now[0] += 1.0
    hosts.wait("a.example")  # long after: no wait
    assert slept == [0.4]


def test_the_fetcher_waits_between_requests_to_one_host(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.routes["/a"] = Route("a")
    site.routes["/b"] = Route("b")
    waited: list[str] = []
    real_wait = HostDelay.wait
    monkeypatch.setattr(HostDelay, "wait", lambda self, host: (waited.append(host), real_wait(self, host))[1])
    with Fetcher(delay=0.05, allow_private=True) as fetcher:
        fetcher.get(site.url("/a"))
        fetcher.get(site.url("/b"))
    assert len(waited) == 2 and waited[0] == waited[1]
