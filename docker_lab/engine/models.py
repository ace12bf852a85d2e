"""Immutable records of the engine's state: one :class:`Snapshot` per read.

Checks are pure functions of a snapshot plus probe results, so these records
carry everything a check needs and nothing that ties them to the SDK.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Endpoint:
    """A container's attachment to one network."""

    network: str
    network_id: str
    ip: str | None
    aliases: tuple[str, ...] = ()
    requested_ip: str | None = None  # the fixed IPv4 asked with --ip, if any
    mac: str | None = None
    gateway: str | None = None


@dataclass(frozen=True)
class PortBinding:
    """A published port: ``host_ip:host_port -> container_port/protocol``."""

    container_port: int
    protocol: str
    host_ip: str
    host_port: int


@dataclass(frozen=True)
class Mount:
    """A mount of a container (``type`` is volume, bind or tmpfs)."""

    type: str
    source: str  # the volume name for volumes, the host path for binds
    destination: str
    read_only: bool = False


@dataclass(frozen=True)
class ContainerInfo:
    """What a check may want to know about one container."""

    id: str
    name: str
    image: str  # the image as the user typed it (Config.Image), e.g. ``nginx:alpine``
    image_id: str
    status: str  # created, running, exited, paused, restarting, dead
    exit_code: int
    health: str | None  # healthy, unhealthy, starting or None (no healthcheck)
    network_mode: str  # bridge, host, none, default, container:<id>, or a network name
    endpoints: Mapping[str, Endpoint] = field(default_factory=dict)  # by network name
    ports: tuple[PortBinding, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    mounts: tuple[Mount, ...] = ()
    log_tail: tuple[str, ...] = ()  # last log lines, filled for stopped containers
    health_log: tuple[str, ...] = ()  # last healthcheck runs, « code N : output », oldest first
    compose_project: str | None = None
    compose_service: str | None = None
    command: tuple[str, ...] = ()  # Config.Cmd: what followed the image in docker run, or its CMD
    start_error: str = ""  # State.Error: why the engine could not start it
    started_at: str = ""  # State.StartedAt (engine timestamp); "" when unknown

    @property
    def running(self) -> bool:
        """True when the container is running."""
        return self.status == "running"


@dataclass(frozen=True)
class IpamPool:
    """One IPAM configuration block of a network."""

    subnet: str | None
    gateway: str | None = None
    ip_range: str | None = None


@dataclass(frozen=True)
class NetworkInfo:
    """What a check may want to know about one network."""

    id: str
    name: str
    driver: str
    scope: str = "local"
    internal: bool = False
    attachable: bool = False
    ipv6: bool = False
    ipam: tuple[IpamPool, ...] = ()
    options: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    containers: tuple[str, ...] = ()  # names of attached containers

    @property
    def subnets(self) -> tuple[str, ...]:
        """The network's subnets, in IPAM order."""
        return tuple(p.subnet for p in self.ipam if p.subnet)


@dataclass(frozen=True)
class VolumeInfo:
    """A named volume."""

    name: str
    driver: str = "local"
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Snapshot:
    """One consistent read of the engine."""

    networks: Mapping[str, NetworkInfo]  # by name
    containers: Mapping[str, ContainerInfo]  # by name (without the leading /)
    volumes: Mapping[str, VolumeInfo] = field(default_factory=dict)
    taken_at: float = 0.0  # time.time() of the read
    api_version: str = ""
    #: Compose service name -> container name, for the exercise's Compose project (the lab
    #: fills it): a check may then name a service (``api``) where it names a container.
    services: Mapping[str, str] = field(default_factory=dict)
    #: The exercise's Compose project name (the lab fills it; empty: none running).
    compose_project: str = ""

    def network(self, name: str) -> NetworkInfo | None:
        """Return the network called *name*, or ``None``."""
        return self.networks.get(name)

    def container(self, name: str) -> ContainerInfo | None:
        """Return the container called *name* (or running the exercise's service *name*)."""
        found = self.containers.get(name)
        if found is None and name in self.services:
            found = self.containers.get(self.services[name])
        return found

    def container_by_id(self, cid: str) -> ContainerInfo | None:
        """Return the container whose id is or starts with *cid*, or ``None``."""
        if not cid:
            return None
        return next((c for c in self.containers.values() if c.id.startswith(cid)), None)


class ProbeKind(StrEnum):
    """What a probe tries from inside a container's network namespace."""

    RESOLVE = "resolve"  # name resolution of ``target``
    TCP = "tcp"  # TCP connect to ``target:port``
    PING = "ping"  # one ICMP echo to ``target``
    MTU = "mtu"  # the MTU of interface ``target`` (``eth0``) in the source's namespace
    FILE = "file"  # host: read file ``target`` of the exercise's working directory
    TLS = "tls"  # host: TLS handshake on ``127.0.0.1:port``; detail: the certificate's names
    #: host: the commands run in the app's console since the step became current (the lab
    #: answers from its command log); detail: JSON ``[{"command": str, "status": int|null}]``
    COMMANDS = "commands"


@dataclass(frozen=True)
class ProbeRequest:
    """A probe to run from container ``source``."""

    kind: ProbeKind
    source: str
    target: str
    port: int | None = None
    timeout: float = 1.0


@dataclass(frozen=True)
class ProbeResult:
    """The outcome of one probe.

    ``ok`` is the verdict; ``addresses`` holds the resolved IPs for a resolve
    probe; ``detail`` is a short French explanation (command output, error).
    ``error`` is True when the probe itself could not run (source stopped...).
    """

    request: ProbeRequest
    ok: bool
    addresses: tuple[str, ...] = ()
    detail: str = ""
    error: bool = False
    method: str = ""  # exec or sidecar


@dataclass(frozen=True)
class EngineEvent:
    """A Docker event reduced to what live checking needs."""

    type: str  # container, network, volume, image, daemon (reconnected)
    action: str  # create, start, die, connect, disconnect, destroy, reconnected...
    name: str = ""
    time: float = 0.0
    #: A Compose container's ``com.docker.compose.project.working_dir`` label, else "".
    compose_dir: str = ""
