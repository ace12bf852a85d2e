"""Check kinds run from inside a container: ``resolves``, ``reaches``, ``isolated``.

Example::

    - kind: resolves            # from backend, « database » resolves to database's IP
      from: backend
      name: database
      to: database              # optional, defaults to « name »
      network: app-network      # optional: the IP on this network
    - kind: reaches             # TCP connect (with port) or one ping (without)
      from: api-1
      to: postgres-db
      port: 5432
    - kind: isolated            # cannot reach: tried on every IP of the target
      from: nginx-lb
      to: postgres-db
      port: 5432

Probes by name are only sent when the state says Docker's own DNS answers that name
for the source (:mod:`docker_lab.checks.dnsscope`): a name it does not know would be
forwarded to the host's resolvers, and the default bridge has no DNS by name at all;
the verdict then comes from the state. ``isolated`` probes the target's IP addresses
directly. Nothing leaves the machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from docker_lab.checks.base import (
    attached_networks,
    common_networks,
    errored,
    failed,
    missing_container,
    networks_text,
    not_running,
    passed,
    quoted,
)
from docker_lab.checks.dnsscope import answered_locally, dns_fix, why_unanswered
from docker_lab.checks.model import CheckResult
from docker_lab.checks.params import name_value, port_number
from docker_lab.checks.refs import Refs, refs
from docker_lab.checks.registry import CheckKind, ProbeResults, register
from docker_lab.engine.models import ContainerInfo, ProbeKind, ProbeRequest, Snapshot
from docker_lab.spec.schema import Field

RESOLVES, REACHES, ISOLATED = "resolves", "reaches", "isolated"


@dataclass(frozen=True)
class ResolvesParams:
    """Parameters of ``resolves`` (``from`` is ``from_``)."""

    from_: str
    name: str
    to: str | None = None
    network: str | None = None

    @property
    def target(self) -> str:
        """The container whose address the name must give: ``to``, else ``name``."""
        return self.to or self.name


@dataclass(frozen=True)
class IsolatedParams:
    """Parameters of ``isolated`` (``from`` is ``from_``)."""

    from_: str
    to: str
    port: int | None = None

    @property
    def target(self) -> str:
        """The container that must not (or must) answer."""
        return self.to


@dataclass(frozen=True)
class ReachesParams(IsolatedParams):
    """Parameters of ``reaches``: also the ``host`` name to try (default: ``to``)."""

    host: str | None = None


Pair = ResolvesParams | IsolatedParams


def alias_owner(snapshot: Snapshot, name: str, network: str | None = None
                ) -> ContainerInfo | None:
    """The container answering to DNS name *name*: a container or Compose service of that
    name, else one with the network alias *name* (on *network* when given)."""
    found = snapshot.container(name)
    if found is not None:
        return found
    owners = sorted((c for c in snapshot.containers.values()
                     for net, endpoint in c.endpoints.items()
                     if name in endpoint.aliases and (network is None or net == network)),
                    key=lambda c: (not c.running, c.name))
    return owners[0] if owners else None


def _no_owner(params: ResolvesParams) -> CheckResult:
    where = f" sur « {params.network} »" if params.network else ""
    net = params.network or "<réseau>"
    return failed(RESOLVES, f"Aucun container ne répond au nom « {params.name} »{where} : ce "
                  "n'est le nom d'aucun container, ni un alias réseau.",
                  f"docker run -d --name {params.name} --network {net} … , ou un alias : "
                  f"docker network connect --alias {params.name} {net} <container>",
                  expected=f"un container nommé ou alias « {params.name} »{where}",
                  actual="aucun")


def _pair(kind: str, params: Pair, snapshot: Snapshot
          ) -> tuple[ContainerInfo, ContainerInfo] | CheckResult:
    """Both containers, running; or the verdict explaining why not.

    For ``resolves`` without ``to``, the target is whoever answers to the name: a
    container, a Compose service or a container with that network alias.
    """
    found: list[ContainerInfo] = []
    dns = params if isinstance(params, ResolvesParams) and params.to is None else None
    for index, name in enumerate((params.from_, params.target)):
        # a container, or a service of the exercise's project (or, for a DNS name, an alias)
        if index == 1 and dns is not None:
            c = alias_owner(snapshot, name, dns.network)
            if c is None:
                return _no_owner(dns)
        else:
            c = snapshot.container(name)
        if c is None:
            return missing_container(kind, name, snapshot)
        if not c.running:
            return not_running(kind, c)
        found.append(c)
    return found[0], found[1]


def _no_common_network(kind: str, src: ContainerInfo, dst: ContainerInfo) -> CheckResult:
    # Prefer a user-defined network (the default bridge has no DNS by name): the
    # target's, joined by the source; else the source's, joined by the target.
    options = [(n, src.name) for n in attached_networks(dst) if n != "bridge"] + [
        (n, dst.name) for n in attached_networks(src) if n != "bridge"] + [
        (n, src.name) for n in attached_networks(dst)]
    fix = (f"docker network connect {options[0][0]} {options[0][1]}" if options else
           f"connectez « {src.name} » et « {dst.name} » à un même réseau")
    return failed(kind, f"« {src.name} » et « {dst.name} » ne partagent aucun réseau : "
                  f"« {src.name} » est {networks_text(src)}, « {dst.name} » est "
                  f"{networks_text(dst)}.", fix,
                  expected="un réseau commun", actual="aucun réseau commun")


def _resolve_request(params: ResolvesParams, src: ContainerInfo) -> ProbeRequest:
    return ProbeRequest(ProbeKind.RESOLVE, src.name, params.name)


def _reach_request(params: ReachesParams, src: ContainerInfo) -> ProbeRequest:
    port = params.port
    host = params.host or params.to
    kind = ProbeKind.TCP if port else ProbeKind.PING
    return ProbeRequest(kind, src.name, host, port or None)


def _isolated_requests(params: IsolatedParams, src: ContainerInfo, dst: ContainerInfo
                       ) -> list[ProbeRequest]:
    port = params.port
    kind = ProbeKind.TCP if port else ProbeKind.PING
    ips = sorted({e.ip for e in dst.endpoints.values() if e.ip})
    return [ProbeRequest(kind, src.name, ip, port or None) for ip in ips]


def _ready(kind: str, params: Pair, snapshot: Snapshot) -> ContainerInfo | None:
    """The source container, when both run and share a network."""
    pair = _pair(kind, params, snapshot)
    if isinstance(pair, CheckResult) or not common_networks(*pair):
        return None
    return pair[0]


def probes_resolves(params: ResolvesParams, snapshot: Snapshot) -> list[ProbeRequest]:
    """One name resolution from ``from``, once both containers share a network."""
    src = _ready(RESOLVES, params, snapshot)
    if src is None or not answered_locally(snapshot, src, params.name):
        return []
    return [_resolve_request(params, src)]


def probes_reaches(params: ReachesParams, snapshot: Snapshot) -> list[ProbeRequest]:
    """One TCP connect (or ping) from ``from``, once both containers share a network."""
    src = _ready(REACHES, params, snapshot)
    if src is None or not answered_locally(snapshot, src, params.host or params.to):
        return []
    return [_reach_request(params, src)]


def probes_isolated(params: IsolatedParams, snapshot: Snapshot) -> list[ProbeRequest]:
    """One TCP connect (or ping) from ``from`` to each address of ``to``."""
    pair = _pair(ISOLATED, params, snapshot)
    return [] if isinstance(pair, CheckResult) else _isolated_requests(params, *pair)


def evaluate_resolves(params: ResolvesParams, snapshot: Snapshot, probes: ProbeResults,
                      answer: str | None) -> CheckResult:
    """From ``from``, ``name`` resolves to the IP of ``to`` (on ``network`` if given)."""
    pair = _pair(RESOLVES, params, snapshot)
    if isinstance(pair, CheckResult):
        return pair
    src, dst = pair
    name, network = params.name, params.network
    if network and network not in dst.endpoints:
        return failed(RESOLVES, f"« {dst.name} » n'est pas connecté à « {network} » "
                      f"({networks_text(dst)}).", f"docker network connect {network} {dst.name}",
                      expected=f"« {dst.name} » sur « {network} »", actual=networks_text(dst))
    if not common_networks(src, dst):
        return _no_common_network(RESOLVES, src, dst)
    wanted = {e.ip for n, e in dst.endpoints.items() if e.ip and (not network or n == network)}
    expected = f"{name} → {' ou '.join(sorted(wanted)) or '?'}"
    if not answered_locally(snapshot, src, name):
        return failed(RESOLVES, f"Depuis « {src.name} », le nom « {name} » ne se résout pas : "
                      f"{why_unanswered(src, dst, name)}.", dns_fix(src, dst, name),
                      expected=expected, actual="non résolu")
    result = probes.get(_resolve_request(params, src))
    if result is None or result.error:
        why = result.detail if result is not None else "la sonde n'a pas pu être lancée"
        return errored(RESOLVES, f"Impossible de tester la résolution de « {name} » depuis "
                       f"« {src.name} » : {why}", expected)
    got = ", ".join(result.addresses) or "aucune adresse"
    if not result.ok or not result.addresses:
        detail = f" : {result.detail.rstrip('.')}" if result.detail else ""
        return failed(RESOLVES, f"Depuis « {src.name} », le nom « {name} » ne se résout pas"
                      f"{detail}.", f"docker exec {src.name} nslookup {name}",
                      expected=expected, actual="non résolu")
    if wanted and not wanted & set(result.addresses):
        where = f" sur « {network} »" if network else ""
        return failed(RESOLVES, f"Depuis « {src.name} », « {name} » se résout en {got} et non en "
                      f"{' ou '.join(sorted(wanted))} (l'adresse de « {dst.name} »{where}).",
                      f"docker network inspect {network or common_networks(src, dst)[0]}",
                      expected=expected, actual=f"{name} → {got}")
    owner = "" if dst.name == name else f" (« {dst.name} »)"
    return passed(RESOLVES, f"Depuis « {src.name} », « {name} » se résout en {got}{owner}.",
                  expected=expected, actual=f"{name} → {got}")


def _what(params: IsolatedParams) -> str:
    port = params.port
    return f"le port {port}" if port else "un ping"


def evaluate_reaches(params: ReachesParams, snapshot: Snapshot, probes: ProbeResults,
                     answer: str | None) -> CheckResult:
    """From ``from``, ``to`` answers on TCP ``port`` (or to one ping)."""
    pair = _pair(REACHES, params, snapshot)
    if isinstance(pair, CheckResult):
        return pair
    src, dst = pair
    if not common_networks(src, dst):
        return _no_common_network(REACHES, src, dst)
    request = _reach_request(params, src)
    target = f"{request.target}:{request.port}" if request.port else request.target
    if not answered_locally(snapshot, src, request.target):
        return failed(REACHES, f"« {src.name} » ne peut pas joindre « {dst.name} » par le nom "
                      f"« {request.target} » : {why_unanswered(src, dst, request.target)}.",
                      dns_fix(src, dst, request.target), expected=target,
                      actual="nom non résolu")
    result = probes.get(request)
    if result is None or result.error:
        why = result.detail if result is not None else "la sonde n'a pas pu être lancée"
        return errored(REACHES, f"Impossible de tester « {src.name} » → « {target} » : {why}",
                       target)
    if result.ok:
        via = quoted(common_networks(src, dst))
        return passed(REACHES, f"« {src.name} » atteint « {target} » (réseau commun : {via}).",
                      expected=target, actual="joignable")
    why = _reason(result.detail)
    if request.port:
        return failed(REACHES, f"« {src.name} » ne joint pas « {dst.name} » sur le port "
                      f"{request.port} ({why}) : le service démarre peut-être encore ou écoute "
                      "sur un autre port.", f"docker logs {dst.name} puis réessayez",
                      expected=target, actual=why)
    return failed(REACHES, f"« {src.name} » ne reçoit pas de réponse au ping de « {dst.name} » "
                  f"({why}).", f"docker exec {src.name} ping -c1 {request.target}",
                  expected=target, actual=why)


def _reason(detail: str) -> str:
    """A short French reason from a probe's detail."""
    text = detail.lower()
    if "refus" in text or "refused" in text:
        return "connexion refusée"
    if "délai" in text or "timed out" in text or "timeout" in text:
        return "pas de réponse avant le délai"
    return detail.strip().rstrip(".") or "injoignable"


def _extra_on(network: str, src: ContainerInfo, dst: ContainerInfo) -> str:
    """Which of two containers to take off their shared *network*: the source, unless it is
    its only network (``nginx-lb`` keeps ``frontend-net`` when the database joined it)."""
    if attached_networks(src) == [network] and len(attached_networks(dst)) > 1:
        return dst.name
    return src.name


def evaluate_isolated(params: IsolatedParams, snapshot: Snapshot, probes: ProbeResults,
                      answer: str | None) -> CheckResult:
    """From ``from``, no IP of ``to`` answers (TCP ``port`` or ping)."""
    pair = _pair(ISOLATED, params, snapshot)
    if isinstance(pair, CheckResult):
        return pair
    src, dst = pair
    requests = _isolated_requests(params, src, dst)
    expected = f"« {src.name} » ne peut pas joindre « {dst.name} » ({_what(params)})"
    results = [probes.get(r) for r in requests]
    if any(r is None or r.error for r in results):
        bad = next(r for r in results if r is None or r.error)
        why = bad.detail if bad is not None else "la sonde n'a pas pu être lancée"
        return errored(ISOLATED, f"Impossible de tester l'isolement de « {src.name} » : {why}",
                       expected)
    # a refused connection proves a route: only silence (timeout) means isolated
    reached = [r.request.target for r in results
               if r is not None and (r.ok or _reason(r.detail) == "connexion refusée")]
    if reached:
        shared = common_networks(src, dst)
        via = f" via le réseau commun {quoted(shared)}" if shared else ""
        fix = " ; ".join(f"docker network disconnect {n} {_extra_on(n, src, dst)}"
                         for n in shared) or (
            f"vérifiez les réseaux de « {src.name} » : docker inspect {src.name}")
        return failed(ISOLATED, f"« {src.name} » atteint « {dst.name} » ({', '.join(reached)}, "
                      f"{_what(params)}){via} : ils ne devraient partager aucun réseau.", fix,
                      expected=expected, actual="joignable")
    return passed(ISOLATED, f"« {src.name} » ne peut pas joindre « {dst.name} » "
                  f"({_what(params)}) : ils sont isolés.", expected=expected, actual="injoignable")


def _refs(params: Pair) -> Refs:
    return refs(containers=[params.from_, params.target])


def _resolves_refs(params: ResolvesParams) -> Refs:
    """``from`` and ``to`` are containers; ``name`` is a DNS name (container, network alias
    or Compose service)."""
    return refs(containers=[params.from_, params.to], networks=params.network,
                aliases=params.name)


FROM = Field("from", str, required=True, validator=name_value(),
             doc="texte : le container d'où part le test")
TO = Field("to", str, required=True, validator=name_value(),
           doc="texte : le container visé")
PORT = Field("port", int, validator=port_number(),
             doc="entier 1–65535 : le port TCP essayé ; absent, un ping")

register(CheckKind(
    name=RESOLVES,
    summary="depuis un container, un nom se résout en l'adresse d'un container donné",
    params=ResolvesParams,
    fields=(FROM,
            Field("name", str, required=True,
                  doc="texte : le nom à résoudre (nom de container, alias…)"),
            Field("to", str, validator=name_value(),
                  doc="texte : le container dont l'adresse est attendue ; absent, « name »"),
            Field("network", str, validator=name_value(),
                  doc="texte : le réseau dont l'adresse est attendue ; absent, n'importe "
                      "lequel des réseaux du container")),
    evaluate=evaluate_resolves, probes=probes_resolves, references=_resolves_refs,
))

register(CheckKind(
    name=REACHES,
    summary="depuis un container, un autre répond sur un port TCP (ou au ping sans port)",
    params=ReachesParams,
    fields=(FROM, TO, PORT,
            Field("host", str, doc="texte : le nom ou l'adresse à joindre ; absent, « to »")),
    evaluate=evaluate_reaches, probes=probes_reaches, references=_refs,
))

register(CheckKind(
    name=ISOLATED,
    summary="depuis un container, un autre est injoignable (port TCP ou ping)",
    params=IsolatedParams,
    fields=(FROM, TO, PORT),
    evaluate=evaluate_isolated, probes=probes_isolated, references=_refs,
))
