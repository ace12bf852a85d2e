"""The network map: what the engine has, laid over what the exercise expects (pure).

>>> topo = build_topology(scope(gateway.snapshot(), workdir), expected_topology(exercise))
>>> [(n.name, n.mark, [(m.name, m.mark) for m in n.members]) for n in topo.networks]

Every network, container, attachment and published port carries a :class:`Mark`:
right, missing (expected, not there), extra (there, not expected), differs (there,
but not as expected) or plain (nothing is expected of it: the predefined networks,
what the exercise's setup or solution made, everything when no exercise is open).
Probe side-cars of the lab are left out. Nothing here changes the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from docker_lab.checks.base import PREDEFINED_NETWORKS, same_address
from docker_lab.checks.composeinfo import NETWORK, PROJECT
from docker_lab.engine.models import ContainerInfo, NetworkInfo, Snapshot
from docker_lab.engine.probes import PROBE_LABEL
from docker_lab.lab.expected import Expected, ExpectedContainer, ExpectedNetwork


class Mark(StrEnum):
    """How a thing of the map compares with the exercise's expectation."""

    OK = "ok"
    MISSING = "missing"
    EXTRA = "extra"
    DIFFERS = "differs"
    PLAIN = "plain"


#: The sign of each mark, so that the map reads without colour.
SIGNS = {Mark.OK: "✓", Mark.MISSING: "✗", Mark.EXTRA: "+", Mark.DIFFERS: "≠", Mark.PLAIN: "·"}

#: What the predefined networks are, in one line.
PREDEFINED_TEXT = {
    "bridge": "bridge par défaut : pas de DNS par nom",
    "host": "host : réseau de l'hôte, sans isolation",
    "none": "none : aucune interface à part lo",
}


#: Container states in French.
STATES = {"running": "en marche", "exited": "arrêté", "created": "créé", "paused": "en pause",
          "restarting": "redémarre", "dead": "mort", "removing": "en suppression"}


def state_fr(status: str) -> str:
    """A container state in French (as is when unknown)."""
    return STATES.get(status, status)


@dataclass(frozen=True)
class Member:
    """A container on a network (or expected there)."""

    name: str
    mark: Mark
    ip: str | None = None
    aliases: tuple[str, ...] = ()
    running: bool = True


@dataclass(frozen=True)
class NetworkNode:
    """One network box of the map."""

    name: str
    mark: Mark
    driver: str = ""
    subnet: str = ""
    gateway: str = ""
    internal: bool = False
    members: tuple[Member, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def predefined(self) -> bool:
        """``bridge``, ``host`` or ``none``."""
        return self.name in PREDEFINED_NETWORKS


@dataclass(frozen=True)
class PortNode:
    """A published port: ``host_ip:host_port -> container_port/protocol``."""

    container_port: int
    protocol: str
    host: str  # ``0.0.0.0:8080``; empty when missing
    mark: Mark


@dataclass(frozen=True)
class ContainerNode:
    """One container of the map (or an expected one that is missing)."""

    name: str
    mark: Mark
    status: str = ""
    image: str = ""
    mode: str = ""  # host, none, container:<id>; empty for bridge networks
    service: str = ""  # its Compose service, for the exercise's project
    ports: tuple[PortNode, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def running(self) -> bool:
        """True when the container runs."""
        return self.status == "running"


@dataclass(frozen=True)
class Topology:
    """The whole map: networks (exercise's first), then containers."""

    networks: tuple[NetworkNode, ...]
    containers: tuple[ContainerNode, ...]
    exercise: bool = True  # False: no exercise, everything is plain

    def container(self, name: str) -> ContainerNode | None:
        """The node of container *name*, or ``None``."""
        return next((c for c in self.containers if c.name == name), None)

    def network(self, name: str) -> NetworkNode | None:
        """The node of network *name*, or ``None``."""
        return next((n for n in self.networks if n.name == name), None)


class _Names:
    """Expected names -> engine names (Compose services and project networks)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        project = snapshot.compose_project
        self.project_nets = {n.labels[NETWORK]: n.name for n in snapshot.networks.values()
                             if project and n.labels.get(PROJECT) == project
                             and NETWORK in n.labels}

    def container(self, name: str) -> str:
        found = self.snapshot.container(name)
        return found.name if found is not None else name

    def network(self, name: str) -> str:
        if name in self.snapshot.networks:
            return name
        return self.project_nets.get(name, name)


def _shown(snapshot: Snapshot) -> dict[str, ContainerInfo]:
    return {n: c for n, c in snapshot.containers.items() if c.labels.get(PROBE_LABEL) != "true"}


def _network_notes(net: NetworkInfo, exp: ExpectedNetwork) -> tuple[str, ...]:
    notes: list[str] = []
    if exp.driver and exp.driver != net.driver:
        notes.append(f"pilote attendu : {exp.driver} (trouvé : {net.driver})")
    if exp.subnet and not any(same_address(exp.subnet, s) for s in net.subnets):
        notes.append(f"sous-réseau attendu : {exp.subnet}")
    gateways = [p.gateway for p in net.ipam if p.gateway]
    if exp.gateway and not any(same_address(exp.gateway, g) for g in gateways):
        notes.append(f"passerelle attendue : {exp.gateway}")
    if exp.internal is not None and exp.internal != net.internal:
        notes.append("devrait être interne (--internal)" if exp.internal else
                     "ne devrait pas être interne")
    return tuple(notes)


def _member_mark(exp: Expected, cname: str, nname: str, spec: ExpectedContainer | None,
                 plain: bool) -> Mark:
    if plain:
        return Mark.PLAIN
    if (cname, nname) in exp.attachments:
        return Mark.OK
    if (cname, nname) in exp.detached:
        return Mark.EXTRA
    if spec is None:
        return Mark.PLAIN if cname in exp.known.containers else Mark.EXTRA
    return Mark.EXTRA if spec.networks_asked else Mark.PLAIN


def _container_notes(c: ContainerInfo, spec: ExpectedContainer | None) -> tuple[str, ...]:
    if spec is None:
        return ()
    notes: list[str] = []
    wanted = spec.state or "running"
    if wanted == "running" and not c.running:
        notes.append(f"devrait tourner (état : {state_fr(c.status)})")
    if wanted == "stopped" and c.running:
        notes.append("devrait être arrêté")
    if spec.mode in ("host", "none") and c.network_mode != spec.mode:
        notes.append(f"mode réseau attendu : {spec.mode}")
    return tuple(notes)


def _ports(c: ContainerInfo | None, spec: ExpectedContainer | None, plain: bool
           ) -> tuple[PortNode, ...]:
    asked = dict(spec.ports) if spec is not None else {}
    nodes: list[PortNode] = []
    seen: set[tuple[int, str, int]] = set()
    for b in sorted(c.ports if c is not None else (),
                    key=lambda b: (b.container_port, b.host_port, b.host_ip)):
        if (b.container_port, b.protocol, b.host_port) in seen:
            continue  # the same port on IPv4 and IPv6
        seen.add((b.container_port, b.protocol, b.host_port))
        host = asked.pop(b.container_port, -1) if b.protocol == "tcp" else -1
        if plain or (host == -1 and not (spec and spec.ports_asked)):
            mark = Mark.PLAIN
        elif host == -1:
            mark = Mark.EXTRA
        else:
            mark = Mark.OK if host in (None, b.host_port) else Mark.DIFFERS
        nodes.append(PortNode(b.container_port, b.protocol, f"{b.host_ip}:{b.host_port}", mark))
    nodes += [PortNode(port, "tcp", f":{host}" if host else "", Mark.MISSING)
              for port, host in sorted(asked.items())]
    return tuple(nodes)


def _container_nodes(snapshot: Snapshot, exp: Expected, names: _Names, plain: bool
                     ) -> list[ContainerNode]:
    specs = {names.container(n): s for n, s in exp.containers.items()}
    services = {c: s for s, c in snapshot.services.items()}
    nodes: list[ContainerNode] = []
    for name, c in sorted(_shown(snapshot).items()):
        spec = specs.get(name)
        if plain or (spec is None and name in exp.known.containers):
            mark = Mark.PLAIN
        elif spec is None:
            mark = Mark.PLAIN if services.get(name) else Mark.EXTRA
        else:
            mark = Mark.DIFFERS if _container_notes(c, spec) else Mark.OK
        mode = c.network_mode if c.network_mode in ("host", "none") or c.network_mode.startswith(
            "container:") else ""
        nodes.append(ContainerNode(name, mark, c.status, c.image, mode, services.get(name, ""),
                                   _ports(c, spec, plain), _container_notes(c, spec)))
    for name, spec in sorted(specs.items()):
        if name not in snapshot.containers:
            nodes.append(ContainerNode(name, Mark.MISSING, ports=_ports(None, spec, plain)))
    return nodes


def _network_node(net: NetworkInfo | None, name: str, snapshot: Snapshot, exp: Expected,
                  names: _Names, plain: bool) -> NetworkNode:
    specs = {names.container(n): s for n, s in exp.containers.items()}
    wanted = {names.container(c) for c, n in exp.attachments if names.network(n) == name}
    members: list[Member] = []
    for cname, c in sorted(_shown(snapshot).items()):
        endpoint = c.endpoints.get(name)
        if endpoint is None:
            continue
        mark = _member_mark(exp, cname, name, specs.get(cname), plain)
        if not plain and mark is not Mark.OK and cname in wanted:
            mark = Mark.OK  # asked under its Compose service's name
        aliases = tuple(a for a in endpoint.aliases if a != cname and not c.id.startswith(a))
        members.append(Member(cname, mark, endpoint.ip, aliases, c.running))
    present = {m.name for m in members}
    members += [Member(c, Mark.MISSING, running=False) for c in sorted(wanted - present)]
    expected = next((e for e in exp.networks.values() if names.network(e.name) == name), None)
    notes: tuple[str, ...] = ()
    if net is None:
        mark = Mark.MISSING
    elif plain:
        mark = Mark.PLAIN
    elif expected is not None:
        notes = _network_notes(net, expected)
        mark = Mark.DIFFERS if notes else Mark.OK
    elif name in exp.absent:
        mark, notes = Mark.EXTRA, ("devrait avoir été supprimé",)
    elif name in PREDEFINED_NETWORKS or name in exp.known.networks:
        mark = Mark.PLAIN
    else:
        mark = Mark.EXTRA
    if net is None:
        return NetworkNode(name, mark, driver=expected.driver or "" if expected else "",
                           subnet=expected.subnet or "" if expected else "",
                           internal=bool(expected and expected.internal),
                           members=tuple(members))
    pool = net.ipam[0] if net.ipam else None
    return NetworkNode(name, mark, net.driver, pool.subnet or "" if pool else "",
                       pool.gateway or "" if pool else "", net.internal, tuple(members), notes)


def build_topology(snapshot: Snapshot, expected: Expected | None = None) -> Topology:
    """The map of *snapshot* against *expected* (``None``: no exercise, all plain).

    *snapshot* should be scoped to the exercise's Compose project
    (:func:`docker_lab.lab.compose.scope`) so that services are found under their names.
    """
    plain = expected is None
    exp = expected if expected is not None else Expected()
    names = _Names(snapshot)
    wanted_nets = [names.network(n) for n in exp.networks]
    order = {n: i for i, n in enumerate(wanted_nets)}
    all_names = set(snapshot.networks) | (set(wanted_nets) - {"host", "none"})

    def rank(name: str) -> tuple[int, int, str]:
        if name in order:
            return 0, order[name], name
        return (2 if name in PREDEFINED_NETWORKS else 1), 0, name

    networks = tuple(_network_node(snapshot.networks.get(n), n, snapshot, exp, names, plain)
                     for n in sorted(all_names, key=rank))
    containers = _container_nodes(snapshot, exp, names, plain)
    containers.sort(key=lambda c: (c.mark in (Mark.EXTRA, Mark.PLAIN), c.name))
    return Topology(networks, tuple(containers), exercise=not plain)
