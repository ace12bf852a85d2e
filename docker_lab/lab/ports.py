"""The seams of the lab: what it needs from the engine, so that unit tests can fake it."""

from __future__ import annotations

from typing import Any, Protocol

from docker_lab.lab.runner import Gateway


class GatewayLike(Gateway, Protocol):
    """What an exercise session needs from :class:`~docker_lab.engine.gateway.DockerGateway`.

    Snapshots and probes (:class:`~docker_lab.lab.runner.Gateway`), and the
    Docker client that applies an exercise's setup.
    """

    @property
    def client(self) -> Any:
        """The ``docker.DockerClient`` (writes: an exercise's setup)."""
