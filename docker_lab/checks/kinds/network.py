"""Check kinds ``network`` (exists, with its configuration) and ``network_absent``.

Example::

    - kind: network
      name: mon-reseau-avance
      driver: bridge
      subnet: 172.20.0.0/16
      ip_range: 172.20.240.0/20
      gateway: 172.20.0.1
    - kind: network
      name: macvlan-network
      driver: macvlan
      options: {parent: null}        # null: the option must be set, any value
    - kind: network_absent
      name: ancien-reseau
"""

from __future__ import annotations

import difflib
import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from docker_lab.checks.base import (
    failed,
    missing_network,
    passed,
    quoted,
    same_address,
    similar,
)
from docker_lab.checks.model import CheckResult
from docker_lab.checks.params import address_rules, cidr_value, ip_value, name_value, text_map
from docker_lab.checks.parsing import nullable_texts, parsed_by
from docker_lab.checks.refs import Refs, refs
from docker_lab.checks.registry import CheckKind, ProbeResults, register
from docker_lab.engine.models import IpamPool, NetworkInfo, Snapshot
from docker_lab.spec.schema import Field

NETWORK = "network"
ABSENT = "network_absent"


@dataclass(frozen=True)
class NetworkParams:
    """Parameters of ``network`` (``None``: not asked)."""

    name: str
    driver: str | None = None
    subnet: str | None = None
    ip_range: str | None = None
    gateway: str | None = None
    internal: bool | None = None
    attachable: bool | None = None
    options: Mapping[str, str | None] = field(default_factory=dict,
                                              metadata=parsed_by(nullable_texts))

    def addresses(self) -> tuple[tuple[str, str | None, Callable[[IpamPool], str | None]], ...]:
        """(key, asked value, how to read it in a pool) for subnet, ip_range and gateway."""
        return (("subnet", self.subnet, lambda p: p.subnet),
                ("ip_range", self.ip_range, lambda p: p.ip_range),
                ("gateway", self.gateway, lambda p: p.gateway))


@dataclass(frozen=True)
class AbsentParams:
    """Parameters of ``network_absent``."""

    name: str


FLAGS = {"subnet": "--subnet", "ip_range": "--ip-range", "gateway": "--gateway"}
LABELS = {"subnet": "sous-réseau", "ip_range": "plage d'adresses", "gateway": "passerelle"}


def create_command(params: NetworkParams) -> str:
    """The ``docker network create`` command that satisfies the check's parameters."""
    parts = ["docker network create"]
    driver = params.driver
    if driver and driver != "bridge":
        parts.append(f"-d {driver}")
    for key, want, _ in params.addresses():
        if want:
            parts.append(f"{FLAGS[key]}={want}")
    if params.internal:
        parts.append("--internal")
    if params.attachable:
        parts.append("--attachable")
    for key, value in params.options.items():
        shown = f"<{'interface' if key == 'parent' else 'valeur'}>" if value is None else value
        parts.append(f"-o {key}={shown}")
    parts.append(params.name)
    return " ".join(parts)


def _recreate(net: NetworkInfo, params: NetworkParams) -> str:
    before = ""
    if net.containers:
        before = "".join(f"docker network disconnect {net.name} {c} ; " for c in net.containers)
    return f"{before}docker network rm {net.name} puis {create_command(params)}"


def implicit_gateway(pool: IpamPool) -> str:
    """The gateway Docker uses when none was given: the range's first address, else the
    subnet's first host (what ``ip route`` shows inside a container)."""
    try:
        if pool.ip_range:
            return str(ipaddress.ip_network(pool.ip_range, strict=False)[0])
        if pool.subnet:
            return str(ipaddress.ip_network(pool.subnet, strict=False)[1])
    except (ValueError, IndexError):
        pass
    return ""


def _differences(net: NetworkInfo, params: NetworkParams) -> list[tuple[str, str, str]]:
    """(sentence, expected, actual) for each configuration difference."""
    name = net.name
    found: list[tuple[str, str, str]] = []
    driver = params.driver
    if driver and net.driver != driver:
        found.append((f"Le réseau « {name} » utilise le pilote « {net.driver} » "
                      f"au lieu de « {driver} ».", f"driver={driver}", f"driver={net.driver}"))
    pools = net.ipam
    for key, want, read in params.addresses():
        label = LABELS[key]
        if not want:
            continue
        values = [str(read(p)) for p in pools if read(p)]
        implicit = ""
        if key == "gateway" and not values:
            values = [g for g in (implicit_gateway(p) for p in pools) if g]
            implicit = " (choisie par Docker faute de --gateway)" if values else ""
        if not any(same_address(v, str(want)) for v in values):
            have = " ".join(values) if values else "aucune"
            sentence = (f"Le réseau « {name} » a pour {label} {have}{implicit} au lieu de "
                        f"{want}." if values else
                        f"Le réseau « {name} » n'a pas de {label} (--{key.replace('_', '-')}) : "
                        f"attendu {want}.")
            found.append((sentence, f"{key}={want}", f"{key}={have}"))
    for key, label, flag, has in (
            ("internal", "interne (--internal)", params.internal, net.internal),
            ("attachable", "attachable (--attachable)", params.attachable, net.attachable)):
        if flag is None or bool(has) == flag:
            continue
        sentence = (f"Le réseau « {name} » n'est pas {label}." if flag else
                    f"Le réseau « {name} » est {label} alors qu'il ne devrait pas l'être.")
        found.append((sentence, f"{key}={str(flag).lower()}", f"{key}={str(not flag).lower()}"))
    for key, want in params.options.items():
        option = net.options.get(key)
        if option is None:
            found.append((f"Le réseau « {name} » n'a pas l'option « {key} » (-o {key}=…)."
                          + _written_instead(key, net.options),
                          f"{key}={want if want is not None else '…'}", f"{key} absente"))
        elif want is not None and str(want) != option:
            found.append((f"L'option « {key} » du réseau « {name} » vaut « {option} » "
                          f"au lieu de « {want} ».", f"{key}={want}", f"{key}={option}"))
    return found


def _written_instead(key: str, options: Mapping[str, str]) -> str:
    """« Vous avez écrit -o mtu=1450 … » when an option set looks like *key* shortened or
    mistyped (Docker keeps any option of the bridge driver without using it)."""
    for other, value in options.items():
        if key.endswith("." + other) or difflib.get_close_matches(other, [key], cutoff=0.8):
            return (f" Vous avez écrit « -o {other}={value} » : Docker l'a gardée sans s'en "
                    f"servir ; son nom complet est « {key} ».")
    return ""


def _overlapping(params: NetworkParams, snapshot: Snapshot) -> str | None:
    """The network whose subnet overlaps the asked one (« Pool overlaps… »), if any."""
    try:
        want = ipaddress.ip_network(params.subnet or "", strict=False)
    except ValueError:
        return None
    for other in snapshot.networks.values():
        for subnet in other.subnets:
            try:
                if ipaddress.ip_network(subnet, strict=False).overlaps(want):
                    return other.name
            except (ValueError, TypeError):
                continue
    return None


def evaluate_network(
    params: NetworkParams, snapshot: Snapshot, probes: ProbeResults, answer: str | None
) -> CheckResult:
    """The network exists and has the asked configuration."""
    name = params.name
    net = snapshot.network(name)
    if net is None:
        missing = missing_network(NETWORK, name, snapshot, create_command(params))
        taken = _overlapping(params, snapshot)
        if taken is None:
            return missing
        other = snapshot.networks[taken]
        message = (f"{missing.diagnosis} Le sous-réseau {params.subnet} chevauche celui du "
                   f"réseau « {taken} » ({', '.join(other.subnets)}) : Docker refusera de "
                   f"le créer tant que « {taken} » existe.")
        fix = missing.fix
        if similar(name, [taken]):  # the same network, its name mistyped: only remove it
            fix = f"docker network rm {taken} (le nom mal tapé), puis {fix}"
        elif not other.containers:  # empty: free the subnet, recreate it afterwards
            fix = (f"docker network rm {taken}, puis {fix}, puis recréez « {taken} » "
                   f"(docker network create {taken}) : il recevra un autre sous-réseau")
        return failed(NETWORK, message, fix, missing.expected, missing.actual)
    diffs = _differences(net, params)
    if not diffs:
        details = [f"pilote {net.driver}"] + [f"sous-réseau {s}" for s in net.subnets[:1]]
        return passed(NETWORK, f"Le réseau « {name} » existe ({', '.join(details)}).",
                      expected=f"réseau « {name} »", actual=", ".join(details))
    sentences = " ".join(d[0] for d in diffs)
    fix = _recreate(net, params)
    sentences += " Ces réglages se choisissent à la création du réseau."
    return failed(NETWORK, sentences, fix,
                  expected="; ".join(d[1] for d in diffs), actual="; ".join(d[2] for d in diffs))


def evaluate_absent(
    params: AbsentParams, snapshot: Snapshot, probes: ProbeResults, answer: str | None
) -> CheckResult:
    """The network does not exist."""
    name = params.name
    net = snapshot.network(name)
    if net is None:
        return passed(ABSENT, f"Le réseau « {name} » n'existe plus.",
                      expected="absent", actual="absent")
    if net.containers:
        attached = quoted(net.containers)
        fix = " ; ".join(f"docker network disconnect {name} {c}" for c in net.containers)
        return failed(ABSENT, f"Le réseau « {name} » existe encore et {attached} y "
                      f"{'sont' if len(net.containers) > 1 else 'est'} connecté"
                      f"{'s' if len(net.containers) > 1 else ''}.",
                      f"{fix} puis docker network rm {name}", expected="absent", actual="présent")
    return failed(ABSENT, f"Le réseau « {name} » existe encore.", f"docker network rm {name}",
                  expected="absent", actual="présent")


def _rules(params: NetworkParams) -> list[str]:
    problems = []
    if params.ip_range and not params.subnet:
        problems.append("« ip_range » demande aussi « subnet »")
    return problems + address_rules(params.subnet, params.ip_range, params.gateway)


def _refs(params: NetworkParams | AbsentParams) -> Refs:
    return refs(networks=params.name)


NAME = Field("name", str, required=True, validator=name_value(),
             doc="texte : le nom du réseau")

register(CheckKind(
    name=NETWORK,
    summary="le réseau existe, avec le pilote, le sous-réseau, la plage, la passerelle, "
            "les drapeaux internal/attachable et les options demandés",
    params=NetworkParams,
    fields=(
        NAME,
        Field("driver", str, doc="texte : le pilote (bridge, macvlan, ipvlan, overlay…)"),
        Field("subnet", str, validator=cidr_value(),
              doc="texte, réseau en notation CIDR (172.20.0.0/16) : le sous-réseau"),
        Field("ip_range", str, validator=cidr_value(),
              doc="texte, CIDR (172.20.240.0/20) : la plage où Docker choisit les adresses "
                  "des containers ; demande « subnet »"),
        Field("gateway", str, validator=ip_value(),
              doc="texte, adresse IP (172.20.0.1) : la passerelle"),
        Field("internal", bool,
              doc="booléen : true, le réseau doit être interne (--internal) ; false, il ne "
                  "doit pas l'être ; absent, peu importe"),
        Field("attachable", bool,
              doc="booléen : true, le réseau doit être attachable (--attachable) ; false, il "
                  "ne doit pas l'être ; absent, peu importe"),
        Field("options", dict, validator=text_map(),
              doc="dictionnaire option: valeur (-o) ; une valeur null demande l'option avec "
                  "n'importe quelle valeur (par ex. {parent: null})"),
    ),
    evaluate=evaluate_network,
    references=_refs,
    validate=_rules,
))

register(CheckKind(
    name=ABSENT,
    summary="le réseau n'existe pas (ou plus)",
    params=AbsentParams,
    fields=(NAME,),
    evaluate=evaluate_absent,
    references=_refs,
))
