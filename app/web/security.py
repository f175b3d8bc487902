"""Security headers on every response (pages, fragments, static files, errors), and the Host
header allow-list.

Scripts only from this origin (no inline script anywhere); styles also allow inline because
Plotly writes style attributes and <style> elements while drawing charts.

A page on another site whose name an attacker points at 127.0.0.1 (DNS rebinding) reaches this
server with that foreign name in its Host header; only the loopback names and the names listed
in ``LIAISON_ALLOWED_HOSTS`` are answered, in every mode.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
])

SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeadersMiddleware:
    """Adds ``SECURITY_HEADERS`` to every HTTP response, replacing any earlier value."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.encoded = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
        self.names = {name.encode() for name in SECURITY_HEADERS}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(name, value) for name, value in message.get("headers", [])
                           if name.lower() not in self.names]
                message = {**message, "headers": headers + self.encoded}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # An unhandled error still gets a hardened 500 (the server logs the traceback).
            if not started:
                await send_with_headers({"type": "http.response.start", "status": 500, "headers": [
                    (b"content-type", b"text/plain; charset=utf-8")]})
                await send({"type": "http.response.body",
                            "body": b"Internal error: the request could not be completed.\n"})
            raise


def allowed_host_names(setting: str) -> frozenset[str] | None:
    """The names to answer (loopback ones always), or None for any ("*" in the setting)."""
    names = {name.strip().lower().rstrip(".") for name in setting.split(",") if name.strip()}
    if "*" in names:
        return None
    return LOOPBACK_HOSTS | names


def host_name(host_header: str) -> str:
    """The Host header without its port (an IPv6 literal keeps its brackets)."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") == 1 else host.rstrip(".")


class HostAllowListMiddleware:
    """Answers 421 to a request whose Host header names a host this server does not serve."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str] | None) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self.allowed is None:
            await self.app(scope, receive, send)
            return
        host = host_name(Headers(scope=scope).get("host", ""))
        if host in self.allowed:
            await self.app(scope, receive, send)
            return
        body = (b"This server does not answer to that host name. An administrator can add it "
                b"to LIAISON_ALLOWED_HOSTS.\n")
        await send({"type": "http.response.start", "status": 421, "headers": [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
