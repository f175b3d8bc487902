"""Starting real servers in tests: a free loopback port and a readiness wait on /healthz."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen, limit_seconds: float = 120) -> None:
    """Wait until ``base + "/healthz"`` answers 2xx; fail early if the server process exits.

    A readiness wait, not a speed check: the limit only stops a test that would hang."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                return
        except OSError:  # refused, timed out, or an HTTP error status while starting
            time.sleep(0.1)
    raise RuntimeError("server did not start")
