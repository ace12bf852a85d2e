"""Reading the network map from the engine: what ``docker-lab map`` and the app share.

>>> view = read_map(gateway, exercise, workdir)     # one snapshot, no probe: fast
>>> matrix = fill_matrix(gateway, view.snapshot, view.expected)   # the probes: ≤ 2 s

Read-only: nothing here creates, changes or removes anything on the engine (the
matrix's probes run in the containers, or in short-lived side-cars of the lab).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from docker_lab.course.models import Exercise
from docker_lab.engine.models import Snapshot
from docker_lab.lab.compose import scope
from docker_lab.lab.expected import Expected, expected_topology
from docker_lab.lab.topology import Topology, build_topology


class SnapshotSource(Protocol):
    """What the map needs to read the engine."""

    def snapshot(self) -> Snapshot: ...


@dataclass(frozen=True)
class MapView:
    """One read of the map: the scoped snapshot, the expectation and the topology."""

    snapshot: Snapshot
    expected: Expected
    topology: Topology
    exercise_id: str | None = None


def map_of(snapshot: Snapshot, exercise: Exercise | None, workdir: Path | None = None
           ) -> MapView:
    """The map of *snapshot* for *exercise* (pure; ``None``: no exercise, no comparison)."""
    scoped = scope(snapshot, workdir)
    expected = expected_topology(exercise)
    topology = build_topology(scoped, expected if exercise is not None else None)
    return MapView(scoped, expected, topology, exercise.id if exercise else None)


def read_map(gateway: SnapshotSource, exercise: Exercise | None, workdir: Path | None = None
             ) -> MapView:
    """Take one snapshot and build the map (raises ``EngineError`` when Docker is gone)."""
    return map_of(gateway.snapshot(), exercise, workdir)
