"""A time budget for extracting one article, and a way to stop it when its client leaves.

Extraction is pure Python over a parsed document, so a thread cannot be killed but can be
interrupted: when the budget runs out (or ``cancel`` is called) a watchdog raises
``ExtractionStopped`` inside the extracting thread at its next Python instruction. The
exceptions derive from ``BaseException`` so no ``except Exception`` on the way swallows them.
Only extraction runs under a budget, never a database write.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ExtractionStopped(BaseException):
    """Extraction was interrupted; ``reason`` says why."""

    reason = "stopped"


class ExtractionTimedOut(ExtractionStopped):
    reason = "timed out"


class ExtractionCancelled(ExtractionStopped):
    reason = "cancelled"


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` asynchronously in thread ``thread_id`` (None clears a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None)


class Budget:
    """Seconds one extraction may take (None: no limit), and a cancel switch.

    ``run`` calls a function in the current thread; past the budget it raises
    ``ExtractionTimedOut``, after ``cancel()`` ``ExtractionCancelled``.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._thread_id: int | None = None
        self._cancelled = False
        self._sent: type[ExtractionStopped] | None = None

    def _interrupt(self, exception: type[ExtractionStopped]) -> None:
        with self._lock:
            if self._thread_id is not None and self._sent is None:
                self._sent = exception
                _raise_in(self._thread_id, exception)

    def cancel(self) -> None:
        """Stop the extraction running under this budget (and any later one) soon."""
        with self._lock:
            self._cancelled = True
        self._interrupt(ExtractionCancelled)

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def run(self, function: Callable[..., T], *args: object, scale: int = 1) -> T:
        """``function(*args)`` within ``scale`` times the budget."""
        if self._cancelled:
            raise ExtractionCancelled
        timer = None
        with self._lock:
            self._thread_id = threading.get_ident()
            self._sent = None
        if self.seconds is not None:
            timer = threading.Timer(self.seconds * scale, self._interrupt, (ExtractionTimedOut,))
            timer.daemon = True
            timer.start()
        try:
            return function(*args)
        finally:
            if timer is not None:
                timer.cancel()
            with self._lock:
                if self._sent is not None:
                    _raise_in(self._thread_id, None)  # not delivered yet: never deliver it
                self._thread_id = None
