"""``liaison worker``: polls due sources and works waiting entries until stopped.

Runs beside the web app (same image, same database); the web app only writes requests (a new
source, "poll soon", "ingest anyway") that a worker picks up at its next look. Several workers
may run at once: each source and each entry is claimed by one of them (see ``store``).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import uuid

from app.settings import get_settings
from app.sources.fetch import Fetcher
from app.sources.poll import Hook, PollReport, poll_due, work_entries

log = logging.getLogger(__name__)


def worker_name() -> str:
    """A name unique to this process, recorded on the rows it claims."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def run_worker(once: bool = False, stop: threading.Event | None = None, on_outcome: Hook | None = None,
               on_cycle=None) -> None:  # noqa: ANN001 - callable(PollReport)
    """Poll due sources and work waiting entries every ``LIAISON_WORKER_TICK`` seconds.

    ``once``: a single look, then return. SIGTERM and SIGINT finish the current entry and stop.
    """
    stop = stop or threading.Event()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        _loop(once, stop, on_outcome, on_cycle)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _loop(once: bool, stop: threading.Event, on_outcome: Hook | None, on_cycle) -> None:  # noqa: ANN001
    owner = worker_name()
    with Fetcher() as fetcher:
        while not stop.is_set():
            report = PollReport()
            try:
                poll_due(owner, fetcher, report, on_outcome)
                work_entries(owner, fetcher, report, on_outcome=on_outcome)
            except Exception:  # the database away for a moment: try again at the next look
                log.exception("worker cycle failed")
            if on_cycle:
                on_cycle(report)
            if once:
                return
            stop.wait(get_settings().worker_tick_seconds)
