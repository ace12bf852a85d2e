"""Hand-built engine states of the multi-tiers exercise, for the map's tests (pure)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from docker_lab.engine.models import ContainerInfo, NetworkInfo, ProbeKind, ProbeResult, Snapshot
from docker_lab.lab.matrix import MatrixPlan
from tests.unit.checks_support import ctr, net, snap

NETS = {"frontend-net": "172.20", "backend-net": "172.21", "data-net": "172.22",
        "monitoring-net": "172.23"}
#: The solution: container -> {network: address}.
SOLVED: dict[str, dict[str, str]] = {
    "nginx-lb": {"frontend-net": "172.20.0.2"},
    "web-1": {"frontend-net": "172.20.0.3", "backend-net": "172.21.0.2"},
    "api-1": {"backend-net": "172.21.0.3", "data-net": "172.22.0.2"},
    "postgres-db": {"data-net": "172.22.0.3"},
    "redis-cache": {"data-net": "172.22.0.4"},
    "prometheus": {"monitoring-net": "172.23.0.2", "frontend-net": "172.20.0.4",
                   "backend-net": "172.21.0.4", "data-net": "172.22.0.5"},
}
PORTS = {"nginx-lb": [(80, 80), (443, 443)], "prometheus": [(9090, 9090)]}
LISTENS = {"api-1": 8080, "postgres-db": 5432, "redis-cache": 6379}


def multi_tiers(change: Callable[[dict[str, dict[str, str]]], None] | None = None,
                extra: Sequence[NetworkInfo | ContainerInfo] = (),
                internal: Sequence[str] = ()) -> Snapshot:
    """The solved multi-tiers state, after *change* (edits the attachments) and with *extra*."""
    layout = {c: dict(n) for c, n in SOLVED.items()}
    if change is not None:
        change(layout)
    nets = [net(n, subnet=f"{p}.0.0/16", gateway=f"{p}.0.1", internal=n in internal)
            for n, p in NETS.items()]
    ctrs = [ctr(c, networks=n, ports=PORTS.get(c, ()), aliases={k: [c] for k in n})
            for c, n in layout.items()]
    return snap(*nets, *ctrs, *extra)


def answers(plan: MatrixPlan, state: Snapshot) -> list[ProbeResult]:
    """What the probes of *plan* would answer on a Docker engine in *state*.

    Names resolve and addresses answer on a shared network; a TCP port answers when the
    target listens on it, else the connection is refused.
    """
    owner = {e.ip: c for c in state.containers.values() for e in c.endpoints.values() if e.ip}
    results: list[ProbeResult] = []
    for r in plan.requests:
        src = state.containers[r.source]
        dst = state.container(r.target) or owner.get(r.target)
        assert dst is not None, r
        if r.kind is ProbeKind.RESOLVE:
            shared = set(src.endpoints) & set(dst.endpoints) - {"bridge"}
            ips = tuple(e.ip for e in dst.endpoints.values() if e.ip)
            results.append(ProbeResult(r, bool(shared), ips if shared else (),
                                       "" if shared else "nom inconnu"))
            continue
        dst_net = next(n for n, e in dst.endpoints.items() if e.ip == r.target)
        if dst_net not in src.endpoints:
            results.append(ProbeResult(r, False, detail="délai dépassé"))
        elif r.kind is ProbeKind.TCP and LISTENS.get(dst.name) != r.port:
            results.append(ProbeResult(r, False, detail="connexion refusée"))
        else:
            results.append(ProbeResult(r, True, detail="réponse reçue"))
    return results
