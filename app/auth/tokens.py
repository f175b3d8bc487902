"""Signed, expiring cookie values: base64url(JSON payload) + "." + base64url(HMAC-SHA256)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(key: bytes, body: str) -> str:
    return _b64encode(hmac.new(key, body.encode(), hashlib.sha256).digest())


def sign(key: bytes, payload: dict, max_age_seconds: int, now: float | None = None) -> str:
    """A tamper-proof string carrying ``payload`` until ``max_age_seconds`` from now."""
    issued = time.time() if now is None else now
    body = _b64encode(json.dumps({**payload, "exp": int(issued + max_age_seconds)},
                                 separators=(",", ":")).encode())
    return f"{body}.{_signature(key, body)}"


def unsign(key: bytes, value: str, now: float | None = None) -> dict | None:
    """The payload of a value made by ``sign`` with the same key, or None if forged or expired."""
    body, _, signature = value.partition(".")
    if not body or not signature or not hmac.compare_digest(signature, _signature(key, body)):
        return None
    try:
        payload = json.loads(_b64decode(body))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict):
        return None
    if payload.get("exp", 0) < (time.time() if now is None else now):
        return None
    return payload
