"""Check kind ``no_way_out``: a container has no way out of the machine.

Example::

    - kind: no_way_out
      container: coffre

Passes when every network the container is on is internal (``--internal``), or
when its network mode is ``none`` (only ``lo``). A container sharing another's
network (``--network container:X``) is judged by X's networks. Judged from the
engine's state only: nothing is sent anywhere (on Docker 20.10 an internal
network still shows a default route inside the container, so routes prove
nothing; the network's ``Internal`` flag does).
"""

from __future__ import annotations

from dataclasses import dataclass

from docker_lab.checks.base import (
    attached_networks,
    failed,
    missing_container,
    network_mode,
    not_running,
    passed,
    quoted,
)
from docker_lab.checks.model import CheckResult
from docker_lab.checks.params import name_value
from docker_lab.checks.refs import Refs, refs
from docker_lab.checks.registry import CheckKind, ProbeResults, register
from docker_lab.engine.models import ContainerInfo, Snapshot
from docker_lab.spec.schema import Field

KIND = "no_way_out"
EXPECTED = "uniquement des réseaux internes (--internal), ou --network none"


@dataclass(frozen=True)
class NoWayOutParams:
    """Parameters of ``no_way_out``."""

    container: str


def _owner(c: ContainerInfo, snapshot: Snapshot) -> tuple[ContainerInfo, str]:
    """The container whose network stack *c* uses, and « (le réseau de X) » when shared."""
    mode = network_mode(c)
    if mode.startswith("container:"):
        other = snapshot.container_by_id(mode.split(":", 1)[1]) or snapshot.container(
            mode.split(":", 1)[1])
        if other is not None:
            return other, f" (il partage la pile réseau de « {other.name} »)"
    return c, ""


def _exits(c: ContainerInfo, snapshot: Snapshot) -> list[str]:
    """The networks of *c* through which traffic can leave (not internal)."""
    exits = []
    for name in attached_networks(c):
        info = snapshot.network(name)
        if info is None or not info.internal:
            exits.append(name)
    return exits


def _fix(c: ContainerInfo, exits: list[str], inside: list[str]) -> str:
    if inside:  # already on an internal network: leave the others
        return " ; ".join(f"docker network disconnect {n} {c.name}" for n in exits)
    first = exits[0]
    if first == "bridge":
        return (f"docker network create --internal <réseau> puis docker network connect <réseau> "
                f"{c.name} et docker network disconnect bridge {c.name}")
    return (f"le réseau « {first} » n'est pas interne : on ne peut pas le rendre interne après "
            f"coup. docker network disconnect {first} {c.name} ; docker network rm {first} ; "
            f"docker network create --internal {first} ; docker network connect {first} {c.name}")


def evaluate(params: NoWayOutParams, snapshot: Snapshot, results: ProbeResults,
             answer: str | None) -> CheckResult:
    """Every network of the container is internal, or it has none (mode none)."""
    name = params.container
    c = snapshot.container(name)
    if c is None:
        return missing_container(KIND, name, snapshot)
    if not c.running:
        return not_running(KIND, c)
    owner, shared = _owner(c, snapshot)
    mode = network_mode(owner)
    if mode.startswith("container:"):
        return failed(KIND, f"« {c.name} » partage la pile réseau d'un container qui n'existe "
                      f"plus ({mode[:22]}…) : impossible de dire par où il sortirait.",
                      f"docker rm -f {c.name} puis relancez-le sur un réseau interne "
                      "(--network <réseau interne>) ou avec --network none",
                      expected=EXPECTED, actual=mode[:22])
    if mode == "host":
        return failed(KIND, f"« {c.name} » utilise le réseau de l'hôte (mode host){shared} : il "
                      "a toutes les sorties de la machine.",
                      f"docker rm -f {c.name} puis relancez-le sur un réseau interne "
                      "(--network <réseau interne>) ou avec --network none",
                      expected=EXPECTED, actual="mode host")
    if mode == "none" or not attached_networks(owner):
        alone = "en mode réseau « none »" if mode == "none" else "déconnecté de tout réseau"
        return passed(KIND, f"« {c.name} » est {alone}{shared} : il n'a que l'interface lo, "
                      "aucune sortie.", expected=EXPECTED, actual="lo seulement")
    exits = _exits(owner, snapshot)
    inside = [n for n in attached_networks(owner) if n not in exits]
    if exits:
        way = "les réseaux" if len(exits) > 1 else "le réseau"
        verb = "ne sont pas internes" if len(exits) > 1 else "n'est pas interne"
        also = f" ; il est aussi sur {quoted(inside)}, interne" if inside else ""
        return failed(KIND, f"« {c.name} » peut sortir par {way} {quoted(exits)}{shared} : "
                      f"{'ils' if len(exits) > 1 else 'il'} {verb} (créé sans --internal), "
                      f"Docker y route le trafic vers l'extérieur{also}.",
                      _fix(owner, exits, inside), expected=EXPECTED,
                      actual=f"sortie par {', '.join(exits)}")
    return passed(KIND, f"« {c.name} » n'est que sur des réseaux internes ({quoted(inside)})"
                  f"{shared} : aucune sortie vers l'extérieur.",
                  expected=EXPECTED, actual=f"internes : {', '.join(inside)}")


def _refs(params: NoWayOutParams) -> Refs:
    return refs(containers=params.container)


register(CheckKind(
    name=KIND,
    summary="le container n'a aucune sortie : tous ses réseaux sont internes, ou il est en "
            "mode none (jugé sur l'état du moteur, sans envoyer de trafic)",
    params=NoWayOutParams,
    fields=(Field("container", str, required=True, validator=name_value(),
                  doc="texte : le container (ou le service Compose de l'exercice)"),),
    evaluate=evaluate, references=_refs,
))
