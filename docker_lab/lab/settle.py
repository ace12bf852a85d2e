"""A container that has just started is not judged yet.

``docker run postgres:13`` without its password runs for half a second, then stops: long
enough for a check to see it running, for the step to be validated (« ✓ Étape validée »)
and found broken again at once — and the misconception (« postgres sans
POSTGRES_PASSWORD ») was never named, the step being done. A step whose checks want a
container running waits until it has run for :data:`SETTLE` seconds; the app checks
again then (:class:`docker_lab.lab.link.Evaluation` says when).

>>> settling(step, snapshot)      # « database » started 0.4 s ago
Settling(names=('database',), seconds=1.6)
"""

from __future__ import annotations

import math
from typing import NamedTuple

from docker_lab.course.models import Step
from docker_lab.engine.models import ContainerInfo, Snapshot
from docker_lab.engine.snapshot import seconds_since

#: How long a container must have run before a step counts it as running.
SETTLE = 2.0


class Settling(NamedTuple):
    """The containers of a step that have just started, and how long to wait for them."""

    names: tuple[str, ...] = ()
    seconds: float = 0.0


def _watched(step: Step, snapshot: Snapshot) -> list[ContainerInfo]:
    """The containers *step* wants running: its ``container`` checks', its Compose project's."""
    found: list[ContainerInfo] = []
    for spec in step.checks:
        params = spec.params
        if spec.kind == "container" and (getattr(params, "state", None) or "running") == "running":
            container = snapshot.container(str(getattr(params, "name", "")))
            found += [container] if container is not None else []
        elif spec.kind == "compose":
            found += [c for c in snapshot.containers.values() if c.compose_service]
    return found


def settling(step: Step, snapshot: Snapshot, now: float | None = None) -> Settling:
    """The running containers *step* checks that started less than :data:`SETTLE` s ago."""
    names: list[str] = []
    wait = 0.0
    for container in _watched(step, snapshot):
        age = seconds_since(container.started_at, now) if container.running else None
        if age is not None and age < SETTLE and container.name not in names:
            names.append(container.name)
            wait = max(wait, SETTLE - max(age, 0.0))
    return Settling(tuple(names), round(wait, 2))


def settling_text(names: tuple[str, ...], seconds: float) -> str:
    """« ⏳ « database » vient de démarrer : … » (French, for the panel)."""
    who = ", ".join(f"« {n} »" for n in names)
    started, running = ("viennent", "s'ils tournent") if len(names) > 1 else ("vient",
                                                                               "s'il tourne")
    return (f"⏳ {who} {started} de démarrer : l'étape sera validée {running} encore dans "
            f"{max(1, math.ceil(seconds))} s (un container qui s'arrête aussitôt ne compte "
            "pas).")
