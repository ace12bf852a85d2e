"""Quitting with an interactive container in the console (``docker run --rm -it alpine sh``).

The console's terminal goes away with the app, but the container keeps running. On
``q``/Ctrl+Q the app looks (in a worker) for the interactive containers started while
it ran and asks whether to stop them; on a hang-up (terminal closed) it stops them.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from docker_lab.engine.errors import EngineError
from docker_lab.engine.interactive import Interactive, started_interactive, stop
from docker_lab.lab.link import EngineLink


class QuitGuard:
    """Knows since when the app runs and finds the console's interactive containers.

    Args:
        link: the app's link to the engine (its gateway gives the Docker client).
    """

    def __init__(self, link: EngineLink) -> None:
        self.link = link
        self.started = time.monotonic()

    def left_running(self) -> list[Interactive]:
        """Interactive containers started since the app started (none if Docker is away)."""
        since = time.monotonic() - self.started + 1.0
        try:
            return started_interactive(self.link.gateway().client, since)
        except EngineError:
            return []

    def stop(self, containers: list[Interactive], timeout: int = 1) -> list[str]:
        """Stop *containers*; return the names that could not be stopped."""
        try:
            return stop(self.link.gateway().client, containers, timeout)
        except EngineError:
            return [c.name for c in containers]


def question(containers: list[Interactive]) -> tuple[str, str]:
    """The French question and detail of the quit dialog."""
    names = ", ".join(f"« {c.name} » ({c.image})" for c in containers)
    many = len(containers) > 1
    return ((f"{len(containers)} containers lancés avec -it tournent encore" if many else
             "Un container lancé avec -it tourne encore") + " : les arrêter en quittant ?",
            f"{names} {'continueront' if many else 'continuera'} de tourner sans terminal "
            f"si vous quittez sans {'les ' if many else 'l’'}arrêter (docker ps le montre, "
            "docker stop l'arrête). Oui : arrêter puis quitter. Non : quitter sans arrêter.")


def stop_on_hang_up(guard: QuitGuard, budget: float) -> Callable[[], None]:
    """A function for a thread: stop the interactive containers within *budget* seconds."""

    def run() -> None:
        with contextlib.suppress(Exception):  # the app is going away: never raise here
            deadline = time.monotonic() + budget
            found = guard.left_running()
            if found and time.monotonic() < deadline:
                guard.stop(found, timeout=0)

    return run
