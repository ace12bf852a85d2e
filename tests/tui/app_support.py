"""Support for the app's Pilot tests (owned by H7): course, store, polling."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from textual.pilot import Pilot

from docker_lab import paths
from docker_lab.course.loader import load_course
from docker_lab.course.models import Course
from docker_lab.progress import ProgressStore

T = TypeVar("T")

TUI_COURSE = Path(__file__).resolve().parent.parent / "data" / "tui-course"


def load_test_course(root: Path = TUI_COURSE) -> Course:
    """Load the fixed test course; fail on any problem."""
    course, problems = load_course(paths.course_dirs(root))
    assert not problems, [str(p) for p in problems]
    return course


def unreachable_gateway() -> Any:
    """A gateway on a socket that does not exist (Docker unreachable)."""
    from docker_lab.engine.gateway import DockerGateway

    return DockerGateway(base_url="unix:///nonexistent")


def build(home: Path, **kwargs: Any) -> tuple[Any, ProgressStore]:
    """The app on the test course with its store (Docker unreachable unless a factory is given)."""
    from docker_lab.tui.app import make_app

    store = open_store(home)
    factory = kwargs.pop("gateway_factory", unreachable_gateway)
    return make_app(load_test_course(), factory, store, **kwargs), store


async def console_ready(pilot: Pilot[Any]) -> Any:
    """The app's console once its shell runs."""
    from docker_lab.tui.widgets.console import Console

    console = pilot.app.screen.query_one(Console)
    await wait_for(pilot, lambda: console.shell_running, what="shell started")
    return console


def open_store(home: Path) -> ProgressStore:
    """Open the progress store of a test's DOCKER_LAB_HOME."""
    return ProgressStore.open(home / "progress.sqlite3")


async def wait_for(pilot: Pilot[Any], predicate: Callable[[], T], timeout: float = 10.0,
                   what: str = "") -> T:
    """Let the app run until *predicate* is truthy (polling, with a deadline)."""
    deadline = time.monotonic() + timeout
    last: object = None
    while True:
        try:
            value = predicate()
        except Exception as exc:  # the widget tree may be changing
            last = exc
        else:
            if value:
                return value
            last = value
        if time.monotonic() >= deadline:
            name = what or getattr(predicate, "__name__", "condition")
            raise AssertionError(f"{name}: not true after {timeout:.1f} s (last: {last!r})")
        await pilot.pause(0.05)
        await asyncio.sleep(0)


def engine_gateway() -> Any:
    """A gateway on the machine's engine (the app's factory for engine tests)."""
    from docker_lab.engine.gateway import DockerGateway

    return DockerGateway()


def remove_test_network(client: Any, name: str) -> None:
    """Remove network *name* if a test created it (labelled ``docker-lab.test``)."""
    for net in client.networks.list(names=[name]):
        if net.name == name and (net.attrs.get("Labels") or {}).get("docker-lab.test"):
            net.remove()
