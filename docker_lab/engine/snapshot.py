"""Pure conversion of Docker API payloads into :mod:`docker_lab.engine.models` records.

Input are the raw dicts of ``GET /containers/json?all=1``, ``GET /containers/{id}/json``
(inspect), ``GET /networks`` and ``GET /volumes``. No I/O here, so recorded payloads
can be replayed in unit tests.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from docker_lab.engine.models import (
    ContainerInfo,
    Endpoint,
    IpamPool,
    Mount,
    NetworkInfo,
    PortBinding,
    Snapshot,
    VolumeInfo,
)

Json = Mapping[str, Any]

_EXIT_RE = re.compile(r"^Exited \((-?\d+)\)")
_HEALTH_RE = re.compile(r"\((healthy|unhealthy|health: starting)\)")
COMPOSE_PROJECT = "com.docker.compose.project"
COMPOSE_SERVICE = "com.docker.compose.service"


def container_name(listed: Json) -> str:
    """The container's own name (without ``/``; legacy link names ignored)."""
    names = [str(n).lstrip("/") for n in listed.get("Names") or []]
    own = [n for n in names if "/" not in n]
    return (own or names or [str(listed.get("Id") or "")[:12]])[0]


def health_from_status(status: str) -> str | None:
    """``"Up 3 minutes (healthy)"`` -> ``"healthy"``; ``None`` without healthcheck."""
    m = _HEALTH_RE.search(status or "")
    if not m:
        return None
    return "starting" if m.group(1) == "health: starting" else m.group(1)


def exit_code_from_status(status: str) -> int:
    """``"Exited (1) 2 seconds ago"`` -> ``1`` (0 when not exited)."""
    m = _EXIT_RE.match(status or "")
    return int(m.group(1)) if m else 0


_STAMP_RE = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def seconds_since(stamp: str | None, now: float | None = None) -> float | None:
    """Seconds elapsed since an engine timestamp (``2024-11-28T00:38:12.123456789Z``)."""
    m = _STAMP_RE.match(stamp or "")
    if not m or m.group(1).startswith("0001"):
        return None
    tz = m.group(3) or "Z"
    base = datetime.fromisoformat(m.group(1) + ("+00:00" if tz == "Z" else tz)).timestamp()
    fraction = float(m.group(2)) if m.group(2) else 0.0
    return (time.time() if now is None else now) - (base + fraction)


def cache_key(listed: Json) -> tuple[Any, ...]:
    """What must stay equal for a cached inspect of this container to be reused.

    Id, state, the endpoint ids (a ``network connect --alias`` makes a new one),
    the health token and, when not running, the status text (exit code, time
    since exit: a container that ran again gets inspected again).
    """
    status = str(listed.get("Status") or "")
    state = str(listed.get("State") or "")
    nets = (listed.get("NetworkSettings") or {}).get("Networks") or {}
    endpoints = tuple(sorted(str(n.get("EndpointID") or "") for n in nets.values()))
    variable = health_from_status(status) if state == "running" else status
    return (listed.get("Id"), state, endpoints, variable)


def _endpoints(listed: Json, inspected: Json | None, short_id: str) -> dict[str, Endpoint]:
    nets = (listed.get("NetworkSettings") or {}).get("Networks") or {}
    detail = ((inspected or {}).get("NetworkSettings") or {}).get("Networks") or {}
    result: dict[str, Endpoint] = {}
    for name, net in nets.items():
        full = detail.get(name) or {}
        aliases = full.get("Aliases") or net.get("Aliases") or []
        ipam = full.get("IPAMConfig") or net.get("IPAMConfig") or {}
        result[name] = Endpoint(
            network=name,
            network_id=str(net.get("NetworkID") or ""),
            ip=net.get("IPAddress") or None,
            # Docker 20.10 adds the short container id as an alias; newer engines do not.
            aliases=tuple(a for a in aliases if a != short_id),
            requested_ip=ipam.get("IPv4Address") or None,
            mac=net.get("MacAddress") or None,
            gateway=net.get("Gateway") or None,
        )
    return result


def _ports(listed: Json, inspected: Json | None) -> tuple[PortBinding, ...]:
    bindings: list[PortBinding] = []
    if listed.get("State") == "running" or inspected is None:
        for p in listed.get("Ports") or []:
            if p.get("PublicPort"):
                bindings.append(PortBinding(
                    int(p["PrivatePort"]), str(p.get("Type") or "tcp"),
                    str(p.get("IP") or ""), int(p["PublicPort"]),
                ))
    else:  # not running: the bindings it asked for (docker run -p), not yet bound
        configured = (inspected.get("HostConfig") or {}).get("PortBindings") or {}
        for spec, hosts in configured.items():
            port, _, proto = str(spec).partition("/")
            for h in hosts or []:
                host_port = str(h.get("HostPort") or "0")
                bindings.append(PortBinding(
                    int(port), proto or "tcp", str(h.get("HostIp") or ""),
                    int(host_port) if host_port.isdigit() else 0,
                ))
    return tuple(sorted(set(bindings), key=lambda b: (b.container_port, b.protocol, b.host_ip)))


def _mounts(listed: Json) -> tuple[Mount, ...]:
    mounts = []
    for m in listed.get("Mounts") or []:
        kind = str(m.get("Type") or "")
        source = m.get("Name") if kind == "volume" else m.get("Source")
        mounts.append(Mount(kind, str(source or ""), str(m.get("Destination") or ""),
                            read_only=not m.get("RW", True)))
    return tuple(mounts)


def parse_env(items: Iterable[str] | None) -> dict[str, str]:
    """``["A=1", "B"]`` -> ``{"A": "1", "B": ""}``."""
    env: dict[str, str] = {}
    for item in items or []:
        key, _, value = item.partition("=")
        env[key] = value
    return env


def _health_log(health: Json | None, keep: int = 3) -> tuple[str, ...]:
    """The last *keep* healthcheck runs as « code N : output » (output on one line)."""
    runs = (health or {}).get("Log") or []
    lines = []
    for run in runs[-keep:]:
        output = " ".join(str(run.get("Output") or "").split())
        lines.append(f"code {run.get('ExitCode')} : {output[:200]}".rstrip(" :"))
    return tuple(lines)


def container_from_api(
    listed: Json, inspected: Json | None = None, log_tail: Sequence[str] = ()
) -> ContainerInfo:
    """Build a :class:`ContainerInfo` from the list entry and (optional) inspect payload."""
    cid = str(listed.get("Id") or "")
    status_text = str(listed.get("Status") or "")
    state = inspected.get("State") if inspected else None
    config = (inspected or {}).get("Config") or {}
    labels = dict(listed.get("Labels") or config.get("Labels") or {})
    if state:
        exit_code = int(state.get("ExitCode") or 0)
        health_info = state.get("Health")
        health = str(health_info.get("Status")) if health_info else None
        health_log = _health_log(health_info)
    else:
        exit_code = exit_code_from_status(status_text)
        health = health_from_status(status_text)
        health_log = ()
    return ContainerInfo(
        id=cid,
        name=container_name(listed),
        image=str(config.get("Image") or listed.get("Image") or ""),
        image_id=str(listed.get("ImageID") or ""),
        status=str(listed.get("State") or (state or {}).get("Status") or ""),
        exit_code=exit_code,
        health=health,
        network_mode=str((listed.get("HostConfig") or {}).get("NetworkMode") or ""),
        endpoints=_endpoints(listed, inspected, cid[:12]),
        ports=_ports(listed, inspected),
        env=parse_env(config.get("Env")),
        labels=labels,
        mounts=_mounts(listed),
        log_tail=tuple(log_tail),
        health_log=health_log,
        compose_project=labels.get(COMPOSE_PROJECT),
        compose_service=labels.get(COMPOSE_SERVICE),
        command=tuple(str(part) for part in config.get("Cmd") or ()),
        start_error=str((state or {}).get("Error") or ""),
        started_at=str((state or {}).get("StartedAt") or ""),
    )


def network_from_api(raw: Json, attached: Sequence[str] = ()) -> NetworkInfo:
    """Build a :class:`NetworkInfo`; *attached* are the names of connected containers."""
    ipam = raw.get("IPAM") or {}
    pools = tuple(
        IpamPool(c.get("Subnet") or None, c.get("Gateway") or None, c.get("IPRange") or None)
        for c in ipam.get("Config") or []
    )
    return NetworkInfo(
        id=str(raw.get("Id") or ""),
        name=str(raw.get("Name") or ""),
        driver=str(raw.get("Driver") or ""),
        scope=str(raw.get("Scope") or "local"),
        internal=bool(raw.get("Internal")),
        attachable=bool(raw.get("Attachable")),
        ipv6=bool(raw.get("EnableIPv6")),
        ipam=pools,
        options=dict(raw.get("Options") or {}),
        labels=dict(raw.get("Labels") or {}),
        containers=tuple(sorted(attached)),
    )


def volume_from_api(raw: Json) -> VolumeInfo:
    """Build a :class:`VolumeInfo`."""
    return VolumeInfo(str(raw.get("Name") or ""), str(raw.get("Driver") or "local"),
                      dict(raw.get("Labels") or {}))


def build_snapshot(
    containers: Iterable[ContainerInfo],
    networks: Iterable[Json],
    volumes: Iterable[Json],
    api_version: str = "",
    taken_at: float | None = None,
) -> Snapshot:
    """Assemble a :class:`Snapshot`; a network lists the containers with a live endpoint on it."""
    by_name = {c.name: c for c in containers}
    attached: dict[str, list[str]] = {}
    for c in by_name.values():
        for ep in c.endpoints.values():
            if c.status in ("running", "paused") and ep.network_id:
                attached.setdefault(ep.network_id, []).append(c.name)
    nets = {}
    for raw in networks:
        info = network_from_api(raw, attached.get(str(raw.get("Id") or ""), ()))
        nets[info.name] = info
    vols = {v.name: v for v in (volume_from_api(r) for r in volumes)}
    return Snapshot(
        networks=nets, containers=by_name, volumes=vols,
        taken_at=time.time() if taken_at is None else taken_at, api_version=api_version,
    )
