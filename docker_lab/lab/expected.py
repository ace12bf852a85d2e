"""The topology an exercise expects, derived from its checks (pure, one function per kind).

>>> expected = expected_topology(exercise)
>>> expected.networks["backend-net"].internal, expected.attachments[("api-1", "backend-net")]

Steps are read in order and a later check overrides an earlier one (a network created
in step 1 and removed in step 3 is expected absent). Kinds that say nothing about the
topology (``answer``, ``tls`` …) only name the containers and networks they refer to;
a kind this module does not know is read the same way, through its references.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docker_lab.checks.refs import Refs, command_refs, setup_refs
from docker_lab.course.models import CheckSpec, Exercise

#: Kinds of pairs the matrix compares against: reaches, isolated, resolves.
PAIR_KINDS = ("reaches", "isolated", "resolves")


@dataclass
class ExpectedNetwork:
    """A network the exercise asks for; ``None`` attributes are not asked."""

    name: str
    driver: str | None = None
    subnet: str | None = None
    gateway: str | None = None
    internal: bool | None = None


@dataclass
class ExpectedContainer:
    """A container (or Compose service) the exercise asks for."""

    name: str
    networks_asked: bool = False  # the exercise lists its networks
    exact: bool = False  # ... and no other
    mode: str | None = None  # host, none, bridge
    ports: dict[int, int | None] = field(default_factory=dict)  # container port -> host port
    ports_asked: bool = False
    state: str | None = None  # running, stopped, exists


@dataclass(frozen=True)
class ExpectedPair:
    """A pair the exercise checks from inside a container."""

    kind: str  # reaches, isolated, resolves
    source: str
    target: str
    port: int | None = None


@dataclass
class Expected:
    """Everything the exercise's checks say about the topology.

    Attributes:
        networks: networks that must exist, by name.
        absent: networks that must not exist.
        containers: containers (or services) that must exist, by name.
        attachments: ``(container, network)`` -> aliases asked on it.
        detached: ``(container, network)`` pairs that must not exist.
        pairs: reachability, isolation and resolution between containers.
        known: what the setup and the solutions create or name (not checked).
    """

    networks: dict[str, ExpectedNetwork] = field(default_factory=dict)
    absent: set[str] = field(default_factory=set)
    containers: dict[str, ExpectedContainer] = field(default_factory=dict)
    attachments: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    detached: set[tuple[str, str]] = field(default_factory=set)
    pairs: list[ExpectedPair] = field(default_factory=list)
    known: Refs = field(default_factory=Refs)

    def network(self, name: str) -> ExpectedNetwork:
        """The expectation of network *name* (created empty the first time)."""
        self.absent.discard(name)
        return self.networks.setdefault(name, ExpectedNetwork(name))

    def container(self, name: str) -> ExpectedContainer:
        """The expectation of container *name* (created empty the first time)."""
        return self.containers.setdefault(name, ExpectedContainer(name))

    def attach(self, container: str, network: str, aliases: tuple[str, ...] = ()) -> None:
        """Expect *container* on *network* (with *aliases*)."""
        self.container(container)
        if network not in ("host", "none"):
            self.network(network)
        self.detached.discard((container, network))
        self.attachments[(container, network)] = aliases

    def port(self, container: str, container_port: int, host_port: int | None) -> None:
        """Expect *container* to publish *container_port* (on *host_port* if given)."""
        spec = self.container(container)
        spec.ports_asked = True
        if host_port is not None or container_port not in spec.ports:
            spec.ports[container_port] = host_port

    def port_of(self, target: str) -> int | None:
        """The port a ``reaches``/``isolated`` check names for *target*, if any."""
        return next((p.port for p in self.pairs if p.target == target and p.port
                     and p.kind != "resolves"), None)


Deriver = Callable[[Expected, Any], None]


def _network(exp: Expected, p: Any) -> None:
    net = exp.network(p.name)
    net.driver = p.driver or net.driver
    net.subnet = p.subnet or net.subnet
    net.gateway = p.gateway or net.gateway
    net.internal = p.internal if p.internal is not None else net.internal


def _network_absent(exp: Expected, p: Any) -> None:
    exp.networks.pop(p.name, None)
    exp.absent.add(p.name)
    for key in [k for k in exp.attachments if k[1] == p.name]:
        del exp.attachments[key]


def _container(exp: Expected, p: Any) -> None:
    spec = exp.container(p.name)
    spec.state = p.state or spec.state
    if p.network_mode:
        spec.mode = p.network_mode
        if p.network_mode in ("host", "none"):
            spec.networks_asked = True
            exp.attach(p.name, p.network_mode)
    if p.networks:
        spec.networks_asked = True
        spec.exact = spec.exact or bool(p.exact_networks)
        for name in p.networks:
            exp.attach(p.name, name, exp.attachments.get((p.name, name), ()))
    for port in p.ports:
        exp.port(p.name, port.container_port, port.host_port)


def _attached(exp: Expected, p: Any) -> None:
    exp.attach(p.container, p.network, tuple(p.aliases))


def _not_attached(exp: Expected, p: Any) -> None:
    exp.container(p.container)
    exp.attachments.pop((p.container, p.network), None)
    exp.detached.add((p.container, p.network))


def _published(exp: Expected, p: Any) -> None:
    exp.port(p.container, p.port, p.host_port)


def _pair(kind: str) -> Deriver:
    def derive(exp: Expected, p: Any) -> None:
        target = p.to or p.name if kind == "resolves" else p.to
        exp.container(p.from_)
        exp.container(target)
        pair = ExpectedPair(kind, p.from_, target, getattr(p, "port", None))
        exp.pairs = [q for q in exp.pairs if (q.source, q.target, q.kind != "resolves") != (
            pair.source, pair.target, kind != "resolves")] + [pair]

    return derive


def _compose(exp: Expected, p: Any) -> None:
    for name, net in (getattr(p, "networks", None) or {}).items():
        found = exp.network(name)
        internal = getattr(net, "internal", None)
        found.internal = internal if internal is not None else found.internal
    for name, service in (getattr(p, "services", None) or {}).items():
        spec = exp.container(name)
        networks = tuple(getattr(service, "networks", ()) or ())
        aliases = getattr(service, "aliases", None) or {}
        if networks:
            spec.networks_asked = True
            spec.exact = spec.exact or bool(getattr(service, "exact_networks", False))
        for net_name in networks:
            exp.attach(name, net_name, tuple(aliases.get(net_name, ())))
        for port in getattr(service, "ports", ()) or ():
            exp.port(name, int(getattr(port, "container_port", port)), None)
    for name in getattr(p, "everywhere", ()) or ():
        exp.container(name)


#: What each kind says about the topology.
DERIVERS: dict[str, Deriver] = {
    "network": _network,
    "network_absent": _network_absent,
    "container": _container,
    "attached": _attached,
    "not_attached": _not_attached,
    "published": _published,
    "reaches": _pair("reaches"),
    "isolated": _pair("isolated"),
    "resolves": _pair("resolves"),
    "compose": _compose,
}


def _by_references(exp: Expected, spec: CheckSpec) -> None:
    """A kind with nothing to say on the topology: the resources it names exist."""
    try:
        found = spec.check.references()
    except Exception:  # a kind's bug must not hide the map
        return
    for name in found.containers:
        exp.container(name)
    for name in found.networks - exp.absent:
        if name not in ("host", "none"):
            exp.network(name)


def expected_topology(exercise: Exercise | None) -> Expected:
    """The topology *exercise* expects once every step passes (empty for ``None``)."""
    exp = Expected()
    if exercise is None:
        return exp
    for step in exercise.steps:
        for spec in step.checks:
            derive = DERIVERS.get(spec.kind)
            if derive is None:
                _by_references(exp, spec)
                continue
            try:
                derive(exp, spec.check.params)
            except (AttributeError, TypeError, ValueError):
                _by_references(exp, spec)
    solutions = [command for step in exercise.steps for command in step.solution]
    exp.known = setup_refs(dict(exercise.setup)) | command_refs(solutions)
    return exp
