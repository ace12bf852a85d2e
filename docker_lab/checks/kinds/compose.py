"""Check kind ``compose``: the exercise's Compose project, as the engine runs it.

Example::

    - kind: compose
      services:
        nginx: {networks: [frontend], exact_networks: true, ports: [80]}
        postgres:
          networks: [data]
          exact_networks: true
          aliases: {data: [base.boutique.local]}
          volumes: {postgres_data: /var/lib/postgresql/data}
        redis:                       # only: present and running
      networks:
        data: {internal: true}
      everywhere: [monitoring]       # on every network of the project
      healthy: true                  # every service has a healthcheck and is healthy

The project is the one started from the exercise's working directory (the lab finds
it by the ``com.docker.compose.project.working_dir`` label, whatever its name). Its
services, networks and volumes are found by Compose's labels, never by name (v1 names
a container ``p_api_1``, v2 ``p-api-1``), so Compose v1 and v2 pass alike. Networks
and volumes are named as in the Compose file (``data``, not ``<project>_data``).
A healthcheck still « starting » gives a pending verdict, not a failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from docker_lab.checks.base import failed, passed, quoted
from docker_lab.checks.compose_parts import (
    NetworkSpec,
    ServiceSpec,
    everywhere_gaps,
    health_gaps,
    network_gaps,
    networks_value,
    parse_networks,
    parse_services,
    service_gaps,
    services_value,
)
from docker_lab.checks.composeinfo import PROJECT, WORKING_DIR, Project, project
from docker_lab.checks.model import CheckResult, Status
from docker_lab.checks.params import names_value
from docker_lab.checks.parsing import parsed_by
from docker_lab.checks.refs import Refs, refs
from docker_lab.checks.registry import CheckKind, ProbeResults, register
from docker_lab.engine.models import Snapshot
from docker_lab.spec.schema import Field

KIND = "compose"
UP = "docker compose up -d (ou docker-compose up -d avec Compose v1)"


@dataclass(frozen=True)
class ComposeParams:
    """Parameters of ``compose`` (empty: a project is up)."""

    services: Mapping[str, ServiceSpec] = field(default_factory=dict,
                                                metadata=parsed_by(parse_services))
    networks: Mapping[str, NetworkSpec] = field(default_factory=dict,
                                                metadata=parsed_by(parse_networks))
    healthy: bool = False
    everywhere: tuple[str, ...] = ()


def _elsewhere(snapshot: Snapshot) -> dict[str, str]:
    """Compose projects running from other folders: name -> working directory."""
    return {c.labels[PROJECT]: c.labels.get(WORKING_DIR, "?")
            for c in snapshot.containers.values() if PROJECT in c.labels}


def _no_project(snapshot: Snapshot) -> CheckResult:
    others = _elsewhere(snapshot)
    seen = "".join(f" Le projet « {name} » tourne, mais il a été lancé depuis {folder}, pas "
                   "depuis le dossier de l'exercice." for name, folder in sorted(others.items()))
    return failed(KIND, "Aucun projet Compose n'a été lancé depuis le dossier de l'exercice "
                  f"(celui où s'ouvre la console).{seen}",
                  f"{UP} dans ce dossier, où se trouve le fichier docker-compose.yml",
                  expected="un projet Compose lancé depuis le dossier de l'exercice",
                  actual="aucun projet" + (f" ici ({', '.join(sorted(others))} ailleurs)"
                                           if others else ""))


def _gaps(params: ComposeParams, found: Project) -> tuple[list[str], list[str]]:
    gaps: list[str] = []
    for name, spec in params.services.items():
        gaps += service_gaps(found, name, spec)
    for name in params.everywhere:
        if name not in params.services:
            gaps += service_gaps(found, name, ServiceSpec())
        gaps += everywhere_gaps(found, name)
    for name, net in params.networks.items():
        gaps += network_gaps(found, name, net)
    starting: list[str] = []
    if params.healthy:
        failures, starting = health_gaps(found)
        gaps += failures
    if not found.containers:
        gaps.append(f"Le projet « {found.name} » n'a aucun container de service.")
    return gaps, starting


def evaluate(params: ComposeParams, snapshot: Snapshot, results: ProbeResults,
             answer: str | None) -> CheckResult:
    """The project started from the working directory has the asked services and networks."""
    if not snapshot.compose_project:
        return _no_project(snapshot)
    found = project(snapshot, snapshot.compose_project)
    gaps, starting = _gaps(params, found)
    asked = sorted(set(params.services) | set(params.everywhere))
    expected = f"projet Compose avec {quoted(asked)}" if asked else "un projet Compose lancé"
    actual = f"projet « {found.name} » : services {quoted(found.services)}"
    if gaps:
        body = gaps[0] if len(gaps) == 1 else "\n".join(f"- {g}" for g in gaps)
        head = f"Projet Compose « {found.name} » :\n" if len(gaps) > 1 else ""
        return failed(KIND, head + body, f"corrigez le fichier Compose puis {UP} (pour un "
                      "réseau à changer : « down » puis « up -d »)",
                      expected=expected, actual=actual)
    if starting:
        return CheckResult(KIND, Status.PENDING, f"Le healthcheck de {quoted(starting)} n'a pas "
                           "encore conclu (starting) : patientez quelques secondes.",
                           expected, actual)
    health = " ; tous ses services sont en bonne santé (healthy)" if params.healthy else ""
    return passed(KIND, f"Le projet Compose « {found.name} » est conforme{health}.",
                  expected=expected, actual=actual)


def _refs(params: ComposeParams) -> Refs:
    nets = [n for spec in params.services.values() for n in (*spec.networks, *spec.aliases)]
    volumes = [v for spec in params.services.values() for v in spec.volumes]
    return refs(containers=[*params.services, *params.everywhere],
                networks=[*params.networks, *nets], volumes=volumes)


register(CheckKind(
    name=KIND,
    summary="le projet Compose lancé depuis le dossier de l'exercice (v1 ou v2) a les services, "
            "les réseaux (internes ou non), les alias, les ports, les volumes et les healthchecks "
            "demandés",
    params=ComposeParams,
    fields=(
        Field("services", dict, validator=services_value,
              doc="dictionnaire : service → rien (il tourne) ou {networks: [réseaux], "
                  "exact_networks: true (aucun autre réseau), aliases: {réseau: [noms]}, ports: "
                  "[ports du container publiés], volumes: {volume: chemin}} ; les réseaux et "
                  "volumes portent leur nom du fichier Compose (data, pas projet_data)"),
        Field("networks", dict, validator=networks_value,
              doc="dictionnaire : réseau du projet → rien (il existe) ou {internal: true|false}"),
        Field("healthy", bool,
              doc="booléen : true, chaque service a un healthcheck qui dit healthy (starting : "
                  "en attente, pas un échec)"),
        Field("everywhere", list, items=str, validator=names_value(),
              doc="liste de services : chacun est sur tous les réseaux du projet "
                  "(la supervision)"),
    ),
    evaluate=evaluate, references=_refs,
))
