"""Containers that share another's network stack (``--network container:NAME``), and host
ports held by containers (pure helpers of the check kinds).

The engine records ``container:<id>``; checks and messages speak of
``container:<name>``, resolved with :meth:`Snapshot.container_by_id`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from docker_lab.checks.params import NAME_RULE
from docker_lab.engine.models import ContainerInfo, PortBinding, Snapshot
from docker_lab.spec.schema import Validator

PREFIX = "container:"
MODES = ("bridge", "host", "none")


def shared_with(mode: str) -> str | None:
    """``container:shop-api`` -> ``shop-api``; ``None`` for another mode."""
    return mode[len(PREFIX):] if mode.startswith(PREFIX) else None


def with_named_mode(c: ContainerInfo, snapshot: Snapshot) -> ContainerInfo:
    """*c* with ``network_mode`` ``container:<name>`` instead of ``container:<id>``.

    A container whose id no longer resolves keeps ``container:<id>`` (its owner is gone).
    """
    target = shared_with(c.network_mode or "")
    if target is None:
        return c
    other = snapshot.container_by_id(target) if len(target) >= 12 else None
    if other is None or other.name == target:
        return c
    return replace(c, network_mode=f"{PREFIX}{other.name}")


def mode_value() -> Validator:
    """A network mode: bridge, host, none or ``container:NAME``."""

    def validate(value: Any) -> str | None:
        text = str(value)
        target = shared_with(text)
        if text in MODES or (target is not None and NAME_RULE.fullmatch(target)):
            return None
        return (f"vaut « {value} », valeurs permises : « bridge », « host », « none » ou "
                "« container:NOM » (la pile réseau d'un autre container)")

    return validate


def holders(snapshot: Snapshot, host_port: int, protocol: str = "tcp",
            but: str = "") -> list[ContainerInfo]:
    """The running containers (other than *but*) publishing *host_port* on the host."""
    return [c for c in snapshot.containers.values()
            if c.running and c.name != but and any(
                b.host_port == host_port and b.protocol == protocol for b in c.ports)]


def port_conflict(c: ContainerInfo, snapshot: Snapshot) -> tuple[PortBinding, ContainerInfo] | None:
    """For a container that is not running: a host port it asks for that another holds."""
    if c.running:
        return None
    for binding in c.ports:
        others = holders(snapshot, binding.host_port, binding.protocol, but=c.name)
        if binding.host_port and others:
            return binding, others[0]
    return None


def conflict_sentence(c: ContainerInfo, binding: PortBinding, other: ContainerInfo) -> str:
    """« Le port 8080 de l'hôte est déjà pris par « occupant » … »."""
    return (f"Le container « {c.name} » n'a pas pu démarrer : il demande le port "
            f"{binding.host_port} de l'hôte, déjà pris par le container « {other.name} » "
            "(« port is already allocated »). Un port de l'hôte ne se publie qu'une fois.")


def conflict_fix(c: ContainerInfo, binding: PortBinding) -> str:
    """Recreate on a free host port."""
    return (f"docker rm {c.name} puis relancez-le sur un autre port de l'hôte "
            f"(-p {binding.host_port + 1}:{binding.container_port})")


def reversed_binding(bindings: tuple[PortBinding, ...], container_port: int,
                     host_port: int | None) -> PortBinding | None:
    """A binding that swaps host and container ports (``-p 80:8081`` for ``8081:80``).

    Without *host_port* (any will do), a binding putting *container_port* on the host
    side (``-p 9090:19090`` for the container's 9090).
    """
    if host_port == container_port:
        return None
    return next((b for b in bindings if b.host_port == container_port
                 and b.container_port != container_port
                 and (not host_port or b.container_port == host_port)), None)


def reversed_sentence(b: PortBinding) -> str:
    """Name the misconception: the host port comes first."""
    return (f" Les ports sont inversés : -p {b.host_port}:{b.container_port} publie le port "
            f"{b.container_port} du container sur le port {b.host_port} de l'hôte ; l'ordre est "
            "-p PORT_HÔTE:PORT_CONTAINER.")
