"""Small helpers shared by the test suite (import: ``from tests.helpers import wait_until``)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T],
    timeout: float = 5.0,
    interval: float = 0.05,
    message: str = "",
) -> T:
    """Poll *predicate* until it returns a truthy value; return that value.

    This is the suite's only way to wait for something: poll with a deadline,
    never ``time.sleep`` as synchronisation.

    Raises:
        AssertionError: when *timeout* seconds pass without a truthy value
            (the last value or exception is in the message).
    """
    deadline = time.monotonic() + timeout
    last: object = None
    while True:
        try:
            value = predicate()
        except Exception as exc:  # the predicate may race with the engine
            last = exc
        else:
            if value:
                return value
            last = value
        if time.monotonic() >= deadline:
            what = message or getattr(predicate, "__name__", "condition")
            raise AssertionError(f"{what}: not true after {timeout:.1f} s (last: {last!r})")
        time.sleep(interval)  # polling interval, not synchronisation


def unique_name(prefix: str) -> str:
    """Return ``prefix`` plus a short random suffix (e.g. ``dlt-h3-net-1a2b3c``)."""
    return f"{prefix}{uuid.uuid4().hex[:6]}"
