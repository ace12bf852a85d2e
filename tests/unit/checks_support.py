"""Hand-built engine states for the check unit tests (pure, no engine)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from docker_lab.checks.model import CheckResult
from docker_lab.course.exercises import parse_check
from docker_lab.course.models import CheckSpec
from docker_lab.engine.models import (
    ContainerInfo,
    Endpoint,
    IpamPool,
    Mount,
    NetworkInfo,
    PortBinding,
    ProbeKind,
    ProbeRequest,
    ProbeResult,
    Snapshot,
)


def net(name: str, driver: str = "bridge", subnet: str | None = "172.18.0.0/16",
        gateway: str | None = "172.18.0.1", ip_range: str | None = None, internal: bool = False,
        attachable: bool = False, options: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None) -> NetworkInfo:
    pools = (IpamPool(subnet, gateway, ip_range),) if subnet else ()
    return NetworkInfo(id=f"id-{name}", name=name, driver=driver, internal=internal,
                       attachable=attachable, ipam=pools, options=dict(options or {}),
                       labels=dict(labels or {}))


def ctr(name: str, image: str = "alpine:latest", status: str = "running", exit_code: int = 0,
        networks: Mapping[str, str] | None = None, mode: str = "default",
        ports: Sequence[tuple[int, int]] = (), env: Mapping[str, str] | None = None,
        mounts: Sequence[Mount] = (), log_tail: Sequence[str] = (), health: str | None = None,
        aliases: Mapping[str, Sequence[str]] | None = None,
        labels: Mapping[str, str] | None = None) -> ContainerInfo:
    nets = {"bridge": "172.17.0.2"} if networks is None else networks
    endpoints = {
        n: Endpoint(network=n, network_id=f"id-{n}", ip=(ip if status == "running" else None),
                    aliases=tuple((aliases or {}).get(n, ())))
        for n, ip in nets.items()
    }
    if mode in ("host", "none"):
        endpoints = {mode: Endpoint(network=mode, network_id=f"id-{mode}", ip=None)}
    return ContainerInfo(
        id=f"{name}-0123456789abcdef", name=name, image=image, image_id="sha256:x", status=status,
        exit_code=exit_code, health=health, network_mode=mode, endpoints=endpoints,
        ports=tuple(PortBinding(c, "tcp", "0.0.0.0", h) for c, h in ports),
        env=dict(env or {}), mounts=tuple(mounts), log_tail=tuple(log_tail),
        labels=dict(labels or {}),
    )


def snap(*items: NetworkInfo | ContainerInfo, volumes: Iterable[str] = ()) -> Snapshot:
    from docker_lab.engine.models import VolumeInfo

    networks = {i.name: i for i in items if isinstance(i, NetworkInfo)}
    for base in ("bridge", "host", "none"):
        networks.setdefault(base, net(base, driver={"none": "null"}.get(base, base),
                                      subnet="172.17.0.0/16" if base == "bridge" else None,
                                      gateway="172.17.0.1" if base == "bridge" else None))
    containers = {i.name: i for i in items if isinstance(i, ContainerInfo)}
    for name, info in list(networks.items()):
        attached = tuple(c.name for c in containers.values() if name in c.endpoints)
        networks[name] = NetworkInfo(**{**info.__dict__, "containers": attached})
    return Snapshot(networks=networks, containers=containers,
                    volumes={v: VolumeInfo(v) for v in volumes})


def probe(kind: ProbeKind, source: str, target: str, ok: bool, port: int | None = None,
          addresses: Sequence[str] = (), detail: str = "", error: bool = False) -> ProbeResult:
    return ProbeResult(ProbeRequest(kind, source, target, port), ok, tuple(addresses), detail,
                       error)


def check(kind: str, params: Mapping[str, Any]) -> CheckSpec:
    """One check built as the loader builds it from YAML: validated, then parsed once."""
    spec, problems = parse_check({"kind": kind, **params})
    assert spec is not None, [p.format() for p in problems]
    return spec


def run(kind: str, params: Mapping[str, Any], state: Snapshot,
        probes: Iterable[ProbeResult] = (), answer: str | None = None) -> CheckResult:
    """Evaluate one check; also asserts its declared probes are those given (when any)."""
    found = check(kind, params).check
    results = {p.request: p for p in probes}
    wanted = found.probes(state)
    for request in wanted:
        assert request in results or not results, f"probe not given: {request}"
    return found.evaluate(state, results, answer)
