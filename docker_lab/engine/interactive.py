"""Interactive containers (``docker run -it``) started since a given time.

When the app quits, a ``docker run --rm -it alpine sh`` typed in its console loses its
terminal but the container keeps running; the app finds such containers here to offer
to stop them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docker_lab.engine.connection import engine_errors
from docker_lab.engine.snapshot import seconds_since


@dataclass(frozen=True)
class Interactive:
    """A running container started with a terminal and an open stdin."""

    id: str
    name: str
    image: str


def started_interactive(client: Any, since: float) -> list[Interactive]:
    """Running containers with ``-it`` (Tty and OpenStdin) started less than *since* s ago."""
    found: list[Interactive] = []
    with engine_errors():
        for listed in client.api.containers(filters={"status": "running"}):
            info = client.api.inspect_container(listed["Id"])
            config = info.get("Config") or {}
            age = seconds_since((info.get("State") or {}).get("StartedAt"))
            if config.get("Tty") and config.get("OpenStdin") and age is not None and age <= since:
                name = str(info.get("Name") or "").lstrip("/")
                found.append(Interactive(str(info["Id"]), name, str(config.get("Image") or "")))
    return found


def stop(client: Any, containers: list[Interactive], timeout: int = 1) -> list[str]:
    """Stop *containers* (their ``--rm`` then removes them); return the names not stopped."""
    import docker.errors

    left = []
    with engine_errors():
        for container in containers:
            try:
                client.api.stop(container.id, timeout=timeout)
            except docker.errors.NotFound:
                continue
            except docker.errors.APIError:
                left.append(container.name)
    return left
