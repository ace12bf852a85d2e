"""A Compose project as the engine shows it, read from labels only (pure).

Docker Compose (v1 ``docker-compose`` and v2 ``docker compose`` alike) labels what it
creates: containers with ``com.docker.compose.project``, ``.service`` and
``.project.working_dir``; networks and volumes with ``com.docker.compose.project`` and
``com.docker.compose.network`` / ``.volume`` (their short names in the Compose file).
Names are never parsed (v1 names a container ``p_api_1``, v2 ``p-api-1``).
"""

from __future__ import annotations

from dataclasses import dataclass

from docker_lab.engine.models import ContainerInfo, NetworkInfo, Snapshot, VolumeInfo

PROJECT = "com.docker.compose.project"
SERVICE = "com.docker.compose.service"
WORKING_DIR = "com.docker.compose.project.working_dir"
NETWORK = "com.docker.compose.network"
VOLUME = "com.docker.compose.volume"
ONE_OFF = "com.docker.compose.oneoff"


@dataclass(frozen=True)
class Project:
    """A Compose project as the engine shows it.

    Attributes:
        name: the project name (``com.docker.compose.project``).
        containers: its service containers (one-off ``run`` containers excluded).
        networks: its networks by short name (``frontend`` for ``<project>_frontend``).
        volumes: its volumes by short name.
    """

    name: str
    containers: tuple[ContainerInfo, ...]
    networks: dict[str, NetworkInfo]
    volumes: dict[str, VolumeInfo]

    def service(self, name: str) -> ContainerInfo | None:
        """The container of service *name* (a running one first), or ``None``."""
        found = [c for c in self.containers if c.labels.get(SERVICE) == name]
        found.sort(key=lambda c: (not c.running, c.name))
        return found[0] if found else None

    @property
    def services(self) -> dict[str, str]:
        """Service name -> container name (a running container preferred)."""
        names = sorted({c.labels.get(SERVICE, "") for c in self.containers} - {""})
        return {s: c.name for s in names if (c := self.service(s)) is not None}

    def short_network(self, full_name: str) -> str:
        """The Compose file's name of network *full_name* (itself when not the project's)."""
        return next((short for short, net in self.networks.items() if net.name == full_name),
                    full_name)


def project(snapshot: Snapshot, name: str) -> Project:
    """The project called *name* in *snapshot* (empty when nothing of it exists)."""
    containers = tuple(sorted(
        (c for c in snapshot.containers.values()
         if c.labels.get(PROJECT) == name and c.labels.get(ONE_OFF, "False") != "True"),
        key=lambda c: c.name))
    networks = {n.labels.get(NETWORK, n.name): n for n in snapshot.networks.values()
                if n.labels.get(PROJECT) == name}
    volumes = {v.labels.get(VOLUME, v.name): v for v in snapshot.volumes.values()
               if v.labels.get(PROJECT) == name}
    return Project(name, containers, networks, volumes)
