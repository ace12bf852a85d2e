"""Run a pure-Python computation within a bound on its time and memory, in this thread.

Some third-party code costs time and memory that explode on some inputs
(termaid's edge router on a dense graph: minutes and gigabytes for a diagram a
few lines long). :func:`bounded` runs such a computation in the calling thread
while a watchdog thread measures the elapsed time and the process's resident
memory; past a bound it raises an exception *in* the calling thread
(``PyThreadState_SetAsyncExc``), which unwinds the computation at its next
Python instruction, and :func:`bounded` raises :class:`Overrun`. No process is
started and nothing is shared, so it works in the CLI and in the app alike.
A computation stuck inside one long C call stops only when it returns to Python.

Example::

    try:
        text = bounded(lambda: termaid.render(source), seconds=2.0, memory=512 * 2**20)
    except Overrun as over:
        print(f"abandonné : {over.reason}")
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: How often the watchdog looks (seconds).
POLL_S = 0.02


class Overrun(Exception):
    """The computation passed a bound; ``reason`` says which, in French."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Abandoned(BaseException):
    """Raised inside the computation: a ``BaseException``, so its ``except Exception``
    clauses cannot swallow it."""


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Make ``exception`` pending in a thread (``None``: cancel a pending one)."""
    target = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), target)


def resident_memory() -> int | None:
    """The process's resident memory in bytes (``None`` where ``/proc`` is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            pages = int(stream.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def bounded(compute: Callable[[], T], *, seconds: float, memory: int | None = None) -> T:
    """Return ``compute()``, or raise :class:`Overrun` past ``seconds`` or ``memory`` bytes more.

    Args:
        compute: the computation (pure Python for the bound to bite).
        seconds: the longest it may run.
        memory: the most resident memory it may add (``None``: no memory bound).
    """
    target = threading.get_ident()
    lock = threading.Lock()
    done = threading.Event()
    reasons: list[str] = []
    start = resident_memory() if memory is not None else None
    deadline = time.monotonic() + seconds

    def watch() -> None:
        while not done.wait(POLL_S):
            if time.monotonic() > deadline:
                why = f"plus de {seconds:g} s"
            elif memory is not None and start is not None and (
                    (resident_memory() or 0) - start > memory):
                why = f"plus de {memory // (1024 * 1024)} Mo de mémoire"
            else:
                continue
            with lock:
                if not done.is_set():
                    reasons.append(why)
                    _raise_in(target, _Abandoned)
            return

    threading.Thread(target=watch, name="docker-lab-borne", daemon=True).start()
    try:
        try:
            return compute()
        finally:
            with lock:
                done.set()
                if reasons:  # fired as the computation ended: cancel it if still pending
                    _raise_in(target, None)
    except _Abandoned:
        raise Overrun(reasons[0] if reasons else "borne dépassée") from None
