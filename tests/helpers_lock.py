"""A cross-process lock for tests that use fixed engine names (owned by H7).

Several test sessions share one Docker engine. Tests whose resource names are
fixed by an exercise contract (``mon-app-network``...) take this lock so they
never overlap::

    from tests.helpers_lock import engine_lock

    with engine_lock():
        ...  # create / check / remove mon-app-network

or use the ``fixed_engine_names`` fixture of the same module (``pytest_plugins``
not needed: import it into the test module). The lock is ``fcntl.flock`` on
``docker-lab-engine.lock`` in the system's temporary folder (one per machine, so test
sessions from several clones or worktrees share it); the kernel releases it if the holder dies.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

LOCK_PATH = Path(tempfile.gettempdir()) / "docker-lab-engine.lock"


@contextmanager
def engine_lock(timeout: float = 900.0, path: Path = LOCK_PATH) -> Iterator[None]:
    """Hold the engine lock for the ``with`` block (waits up to *timeout* seconds).

    Raises:
        TimeoutError: another test session kept the lock longer than *timeout*.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise TimeoutError(f"verrou {path} tenu plus de {timeout:.0f} s") from None
                time.sleep(0.1)  # polling interval while another session holds the lock
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@pytest.fixture
def fixed_engine_names() -> Iterator[None]:
    """Run the test while holding :func:`engine_lock`."""
    with engine_lock():
        yield
