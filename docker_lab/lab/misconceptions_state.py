"""Misconceptions recognised from the live state and what the current step asks.

Naming the misconception teaches more than naming the gap: « le DNS interne n'existe
pas sur le bridge par défaut » rather than « ne résout pas ». Each detector is a small
record — an id, a French title and explanation, and ``detect`` — with the shape of
the command-based ones (:mod:`docker_lab.lab.misconceptions`), plus the step: a state
is a misconception only against what the step expects.

>>> [d.id for d in detect_all(snapshot, None, step)]
['dns-bridge-defaut']

``detect`` returns what was seen (a French sentence naming the resources) or ``None``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from docker_lab.checks.base import common_networks, missing_variables, normalize_image
from docker_lab.course.models import Step
from docker_lab.engine.models import ContainerInfo, Snapshot
from docker_lab.lab.misconceptions import Misconception as MisconceptionRecord

StateDetector = Callable[[Snapshot, "str | None", "Step | None"], "str | None"]
#: A state-based misconception: the record of :mod:`docker_lab.lab.misconceptions`.
Misconception = MisconceptionRecord[StateDetector]


@dataclass(frozen=True)
class Detected:
    """A misconception seen now: which one, and what was seen."""

    id: str
    title: str
    explanation: str
    seen: str

    def text(self) -> str:
        """What was seen, then the explanation."""
        return f"{self.seen} {self.explanation}"


def _checks(step: Step | None, *kinds: str) -> Iterator[object]:
    for spec in step.checks if step is not None else ():
        if spec.kind in kinds:
            yield spec.params


def _pair(snapshot: Snapshot, params: object) -> tuple[ContainerInfo, ContainerInfo] | None:
    source = snapshot.container(str(getattr(params, "from_", "")))
    target_name = getattr(params, "to", None) or getattr(params, "name", None)
    target = snapshot.container(str(target_name)) if target_name else None
    return (source, target) if source is not None and target is not None else None


def _dns_on_default_bridge(snapshot: Snapshot, _command: str | None, step: Step | None
                           ) -> str | None:
    for params in _checks(step, "resolves", "reaches"):
        pair = _pair(snapshot, params)
        if pair is not None and common_networks(*pair) == ["bridge"]:
            return (f"« {pair[0].name} » et « {pair[1].name} » ne partagent que le réseau "
                    "« bridge » par défaut.")
    return None


def _on_none(snapshot: Snapshot, _command: str | None, step: Step | None) -> str | None:
    for params in _checks(step, "resolves", "reaches"):
        pair = _pair(snapshot, params)
        for c in pair or ():
            if c.network_mode == "none":
                return f"« {c.name} » est en mode réseau « none »."
    return None


def _internal_between(snapshot: Snapshot, _command: str | None, step: Step | None
                      ) -> str | None:
    for params in _checks(step, "isolated"):
        pair = _pair(snapshot, params)
        shared = common_networks(*pair) if pair is not None else []
        inner = [n for n in shared if (net := snapshot.network(n)) is not None and net.internal]
        if pair is not None and inner:
            return (f"« {pair[0].name} » et « {pair[1].name} » sont tous deux sur le réseau "
                    f"interne « {inner[0]} ».")
    return None


def _published_locally(snapshot: Snapshot, _command: str | None, step: Step | None
                       ) -> str | None:
    for params in _checks(step, "container"):
        c = snapshot.container(str(getattr(params, "name", "")))
        if c is None:
            continue
        for spec in getattr(params, "ports", ()):
            bound = [b for b in c.ports if b.container_port == spec.container_port]
            local = [b for b in bound if b.host_ip.startswith("127.") or b.host_ip == "::1"]
            if getattr(params, "public_ports", False) and bound and len(local) == len(bound):
                return (f"Le port {spec.container_port} de « {c.name} » est publié sur "
                        f"{local[0].host_ip}:{local[0].host_port} seulement.")
            if (spec.host_ip or "").startswith("127.") and bound and not local:
                return (f"Le port {spec.container_port} de « {c.name} » est publié sur toutes "
                        f"les interfaces ({bound[0].host_ip or '0.0.0.0'}:{bound[0].host_port}).")
    return None


def _overlapping_subnet(snapshot: Snapshot, _command: str | None, step: Step | None
                        ) -> str | None:
    for params in _checks(step, "network"):
        name, subnet = getattr(params, "name", None), getattr(params, "subnet", None)
        if not subnet or snapshot.network(str(name)) is not None:
            continue
        try:
            wanted = ipaddress.ip_network(str(subnet), strict=False)
        except ValueError:
            continue
        for other in snapshot.networks.values():
            for pool in other.subnets:
                try:
                    if ipaddress.ip_network(pool, strict=False).overlaps(wanted):
                        return (f"Le sous-réseau {subnet} demandé pour « {name} » chevauche "
                                f"celui du réseau « {other.name} » ({pool}).")
                except (ValueError, TypeError):
                    continue
    return None


def _postgres_without_password(snapshot: Snapshot, _command: str | None, step: Step | None
                               ) -> str | None:
    names = {str(getattr(p, "name", "")) for p in _checks(step, "container")}
    if any(True for _ in _checks(step, "compose")):  # the project's services (scoped snapshot)
        names |= {c.name for c in snapshot.containers.values() if c.compose_service}
    for name in sorted(names):
        c = snapshot.container(name)
        if (c is not None and not c.running
                and normalize_image(c.image).startswith("postgres")
                and "POSTGRES_PASSWORD" in missing_variables(c)):
            return f"« {c.name} » s'est arrêté : son journal réclame POSTGRES_PASSWORD."
    return None


STATE_MISCONCEPTIONS: tuple[Misconception, ...] = (
    Misconception(
        "dns-bridge-defaut", "Le DNS par nom sur le bridge par défaut",
        "Le DNS interne n'existe pas sur le bridge par défaut : un container n'y trouve les "
        "autres que par leur adresse IP. Les noms se résolvent sur un réseau que vous créez "
        "(docker network create) : mettez-y les deux containers.", _dns_on_default_bridge),
    Misconception(
        "none-joindre", "Un container en mode none qui devrait joindre quelqu'un",
        "Le mode « none » ne laisse au container que l'interface lo : il ne joint personne et "
        "personne ne le joint. On ne le connecte pas ensuite à un réseau : relancez-le avec "
        "le réseau voulu.", _on_none),
    Misconception(
        "internal-isole", "--internal n'isole pas les containers entre eux",
        "Un réseau --internal coupe la sortie vers l'extérieur (aucune route hors de Docker), "
        "mais les containers qui y sont se parlent toujours. Pour séparer deux containers, "
        "mettez-les sur des réseaux différents.", _internal_between),
    Misconception(
        "port-local-ou-public", "Publier sur 127.0.0.1 ou sur toutes les interfaces",
        "« -p 127.0.0.1:8080:80 » ne publie que pour cette machine ; « -p 8080:80 » publie sur "
        "toutes ses interfaces, donc pour les autres machines aussi. Choisissez selon qui doit "
        "joindre le service, puis relancez le container (les ports se fixent au lancement).",
        _published_locally),
    Misconception(
        "sous-reseau-chevauche", "Un sous-réseau qui en chevauche un autre",
        "Deux réseaux Docker ne peuvent pas avoir des sous-réseaux qui se chevauchent : "
        "Docker refuse la création (« Pool overlaps with other one on this address space »). "
        "Si l'étape demande ce sous-réseau, libérez-le (supprimez le réseau qui l'occupe, s'il "
        "est à vous) ; sinon, choisissez-en un libre.", _overlapping_subnet),
    Misconception(
        "postgres-sans-mot-de-passe", "postgres sans POSTGRES_PASSWORD",
        "L'image postgres refuse de démarrer sans mot de passe pour son super-utilisateur : "
        "elle s'arrête aussitôt. Donnez-le au lancement : -e POSTGRES_PASSWORD=… avec docker "
        "run, ou sous environment: dans le fichier Compose.",
        _postgres_without_password),
)


def detect_all(snapshot: Snapshot, last_command: str | None, step: Step | None
               ) -> tuple[Detected, ...]:
    """The misconceptions seen now for *step* (a buggy detector is skipped)."""
    found: list[Detected] = []
    for item in STATE_MISCONCEPTIONS:
        try:
            seen = item.detect(snapshot, last_command, step)
        except Exception:  # a detector bug must not stop checking
            continue
        if seen:
            found.append(Detected(item.id, item.title, item.explanation, seen))
    return tuple(found)
