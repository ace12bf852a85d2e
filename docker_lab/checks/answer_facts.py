"""The ``answer`` kind's questions about a container's live state (pure).

``network`` (a network the container is on), ``interfaces`` (how many network
interfaces it has: ``lo`` plus one per network; mode none: 1), ``port_owner``
(the container publishing a host port) and ``mtu`` (the MTU of its ``eth0``, read
inside it by an MTU probe). Each gives the accepted values, or the verdict that
explains why there are none, and a reason for a wrong answer that names the
misconception without giving the value away.
"""

from __future__ import annotations

import re

from docker_lab.checks.base import (
    attached_networks,
    errored,
    failed,
    missing_container,
    network_mode,
    networks_text,
    not_running,
)
from docker_lab.checks.model import CheckResult
from docker_lab.checks.registry import ProbeResults
from docker_lab.checks.sharing import holders, shared_with
from docker_lab.engine.models import ContainerInfo, ProbeKind, ProbeRequest, Snapshot

FACTS = ("network", "interfaces", "port_owner", "mtu")
NUMBERS = ("interfaces", "mtu")
DEFAULT_MTU = "1500"
LOOPBACK_MTU = "65536"
MTU_OPTION = "com.docker.network.driver.mtu"
#: A number as typed: « 1450 », « 1450 octets », « mtu 1450 » (spaces already removed).
_NUMBER = re.compile(r"(?:mtu)?(\d+)(?:octets?|bytes?|o|b|interfaces?)?", re.IGNORECASE)


def question(expect: str, container: str, port: int | None) -> tuple[str, str]:
    """(what is asked, a command that finds it)."""
    if expect == "network":
        return (f"un réseau auquel « {container} » est connecté",
                f"docker inspect {container} --format '{{{{range $nom, $r := "
                ".NetworkSettings.Networks}}{{$nom}} {{end}}'")
    if expect == "interfaces":
        return (f"le nombre d'interfaces réseau de « {container} »",
                f"docker exec {container} ls /sys/class/net (ou ip link)")
    if expect == "port_owner":
        return (f"le nom du container qui publie le port {port} de l'hôte",
                "docker ps --format \"table {{.Names}}\\t{{.Ports}}\"")
    return (f"la MTU de l'interface eth0 de « {container} »",
            f"docker exec {container} ip link show eth0 (ou cat /sys/class/net/eth0/mtu)")


def clean(given: str) -> str:
    """The answer without quotes around it."""
    return given.strip().strip("\"'«»`").strip()


def number(given: str) -> int | None:
    """The number in an answer (« 1450 », « 1450 octets », « mtu 1450 »), else ``None``."""
    found = _NUMBER.fullmatch("".join(given.split()))
    return int(found.group(1)) if found else None


def mtu_request(c: ContainerInfo) -> ProbeRequest:
    """The probe reading eth0's MTU inside *c* (its own namespace, or the one it shares)."""
    return ProbeRequest(ProbeKind.MTU, c.name, "eth0")


def probes(expect: str, container: str | None, snapshot: Snapshot) -> list[ProbeRequest]:
    """An MTU probe for ``mtu``, when the container runs; nothing for the other facts."""
    c = snapshot.container(container or "") if expect == "mtu" else None
    return [mtu_request(c)] if c is not None and c.running else []


def _owner(c: ContainerInfo, snapshot: Snapshot) -> ContainerInfo:
    target = shared_with(network_mode(c))
    other = snapshot.container_by_id(target) if target else None
    return other or c


def values(kind: str, expect: str, container: str, port: int | None, snapshot: Snapshot,
           results: ProbeResults) -> tuple[list[str], CheckResult | None]:
    """The accepted answers, or the verdict saying why the question has none now."""
    if expect == "port_owner":
        found = holders(snapshot, int(port or 0))
        if not found:
            return [], failed(kind, f"Aucun container ne publie le port {port} de l'hôte "
                              "(il a peut-être été arrêté, ou le port est tenu par un programme "
                              "de l'hôte).", f"docker ps -a ; sur Linux : ss -ltnp | grep {port}",
                              expected=question(expect, container, port)[0], actual="aucun")
        return [c.name for c in found], None
    c = snapshot.container(container)
    if c is None:
        return [], missing_container(kind, container, snapshot)
    owner = _owner(c, snapshot)
    if expect == "network":
        return attached_networks(owner) or [network_mode(owner)], None
    if not c.running:
        return [], not_running(kind, c)
    if expect == "interfaces":
        if network_mode(owner) == "host":
            return [], failed(kind, f"« {c.name} » est en mode host : il voit toutes les "
                              "interfaces de la machine, leur nombre ne dépend pas de Docker.",
                              f"docker exec {c.name} ls /sys/class/net",
                              expected="un container avec sa propre pile réseau",
                              actual="mode host")
        return [str(1 + len(attached_networks(owner)))], None
    result = results.get(mtu_request(c))
    if result is None or result.error:
        why = result.detail if result is not None else "la sonde n'a pas pu être lancée"
        return [], errored(kind, f"Impossible de lire la MTU dans « {c.name} » : {why}")
    if not result.ok:
        return [], failed(kind, f"« {c.name} » n'a pas d'interface eth0 ({networks_text(owner)}) "
                          ": sans réseau, seule l'interface lo existe.",
                          f"docker exec {c.name} ip link", expected="une interface eth0",
                          actual=result.detail)
    return [result.detail.strip()], None


def matches(expect: str, value: str, given: str, snapshot: Snapshot) -> bool:
    """Whether *given* is *value* (a number, a name, or an id of at least 12 characters)."""
    if expect in NUMBERS:
        return number(given) == int(value)
    if given == value:
        return True
    if expect == "network":
        info = snapshot.network(value)
        return info is not None and len(given) >= 12 and info.id.startswith(given)
    owner = snapshot.container(value)
    return owner is not None and len(given) >= 12 and owner.id.startswith(given)


def reason(expect: str, container: str, port: int | None, given: str, accepted: list[str],
           snapshot: Snapshot) -> str:
    """Why *given* is wrong, in a clause that never contains the expected value."""
    value = number(given)
    if expect in NUMBERS and value is None:
        unit = " (lo compte)" if expect == "interfaces" else " (en octets, par ex. 1400)"
        return f" : répondez par un nombre{unit}"
    if expect == "interfaces":
        return _interfaces_reason(int(value or 0), int(accepted[0]),
                                  snapshot.container(container))
    if expect == "mtu":
        return _mtu_reason(str(value), container, snapshot)
    if expect == "network":
        if given in snapshot.networks:
            return f" : « {container} » n'est pas connecté à « {given} »"
        return f" : aucun réseau ne s'appelle « {given} » (docker network ls)"
    return _owner_reason(port, given, snapshot)


def _mtu_reason(given: str, container: str, snapshot: Snapshot) -> str:
    if given == LOOPBACK_MTU:
        return " : c'est la MTU de lo (l'interface de bouclage), pas celle d'eth0"
    if given == DEFAULT_MTU:
        return (" : 1500 est la valeur par défaut de Docker, mais eth0 de ce container est sur "
                f"un réseau qui en a une autre (option {MTU_OPTION}) : lisez-la dans le "
                "container")
    named = [n.name for n in snapshot.networks.values() if n.options.get(MTU_OPTION) == given]
    if named:
        return (f" : c'est l'option MTU du réseau « {named[0]} », mais eth0 de « {container} » "
                "n'est pas sur ce réseau (eth0 est le premier réseau du container) : lisez-la "
                "dans le container")
    return ""


def _interfaces_reason(given: int, count: int, c: ContainerInfo | None) -> str:
    mode = network_mode(c) if c is not None else ""
    if given == 0:
        return (" : même sans réseau, un container garde l'interface de bouclage lo : "
                "comptez-la")
    if mode == "none" and given > count:
        return " : en mode none, Docker ne crée aucune interface eth0"
    if given == count - 1:
        return " : avez-vous compté lo, l'interface de bouclage ?"
    if given > count:
        return (" : comptez les interfaces vues dans le container (lo plus une par réseau), "
                "pas celles de l'hôte")
    return ""


def _owner_reason(port: int | None, given: str, snapshot: Snapshot) -> str:
    named = snapshot.container(given)
    if named is not None:
        if not named.running and any(b.host_port == port for b in named.ports):
            return f" : « {given} » demande ce port mais il est arrêté, il ne le tient pas"
        return f" : « {given} » ne publie pas le port {port} de l'hôte"
    images = {c.image for c in holders(snapshot, int(port or 0))}
    if given in images:
        return " : c'est l'image du container ; donnez son nom (colonne NAMES de docker ps)"
    return f" : aucun container ne s'appelle « {given} » (docker ps -a)"
