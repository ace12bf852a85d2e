"""What an ``answer`` of kind ``ip`` is when it is wrong, and why there is no right one (pure).

A wrong address is often one the student did read, but of the wrong thing: the other
container's, or the network's gateway (``docker network inspect`` shows it first).
"""

from __future__ import annotations

from docker_lab.checks.base import failed, networks_text, same_address, state_text, stopped_fix
from docker_lab.checks.model import CheckResult
from docker_lab.engine.models import ContainerInfo, Snapshot


def whose_address(snapshot: Snapshot, container: str, given: str) -> str:
    """`` : c'est l'adresse de « backend » sur « app-network »`` (another container's), or
    `` : c'est la passerelle du réseau « … »``; ``""`` when *given* is nobody's."""
    for other in sorted(snapshot.containers.values(), key=lambda c: c.name):
        if other.name == container:
            continue
        for net, endpoint in sorted(other.endpoints.items()):
            if endpoint.ip and same_address(endpoint.ip, given):
                return f" : c'est l'adresse de « {other.name} » sur « {net} »"
    for network in sorted(snapshot.networks.values(), key=lambda n: n.name):
        if any(p.gateway and same_address(p.gateway, given) for p in network.ipam):
            return (f" : c'est la passerelle du réseau « {network.name} » (l'adresse de l'hôte "
                    "sur ce réseau), pas celle d'un container")
    return ""


def no_address(kind: str, c: ContainerInfo, network: str) -> CheckResult:
    """Verdict when *c* has no address on *network*: stopped, or not connected to it."""
    expected = f"« {c.name} » sur « {network} »"
    if not c.running:
        return failed(kind, f"« {c.name} » n'a pas d'adresse sur « {network} » : il est arrêté "
                      f"({state_text(c)}), et un container arrêté n'a pas d'adresse IP.",
                      stopped_fix(c), expected=expected, actual=state_text(c))
    return failed(kind, f"« {c.name} » n'a pas d'adresse sur « {network} » : il n'y est pas "
                  f"connecté ({networks_text(c)}).", f"docker network connect {network} {c.name}",
                  expected=expected, actual=networks_text(c))
