"""Check kind ``healthy``: a container's healthcheck is defined and says healthy.

Example::

    - kind: healthy
      container: api             # a container, or a service of the exercise's Compose project

Judged from the engine's state only (``State.Health``). A healthcheck that has not
concluded yet (``starting``) gives a *pending* verdict, not a failure: the check
waits no longer than its bound and says so. An unhealthy container's message
shows the last runs of its healthcheck (« code N : sortie »).
"""

from __future__ import annotations

from dataclasses import dataclass

from docker_lab.checks.base import failed, missing_container, not_running, passed
from docker_lab.checks.model import CheckResult, Status
from docker_lab.checks.params import name_value
from docker_lab.checks.refs import Refs, refs
from docker_lab.checks.registry import CheckKind, ProbeResults, register
from docker_lab.engine.models import ContainerInfo, Snapshot
from docker_lab.spec.schema import Field

KIND = "healthy"
EXPECTED = "healthcheck défini et healthy"
#: What to add when there is no healthcheck (an HTTP server answering on its port 80).
HEALTH_FLAGS = ("--health-cmd 'wget -q -O /dev/null http://127.0.0.1/ || exit 1' "
                "--health-interval 5s --health-retries 3")


@dataclass(frozen=True)
class HealthyParams:
    """Parameters of ``healthy``."""

    container: str


def _inspect(name: str) -> str:
    return f"docker inspect -f '{{{{json .State.Health}}}}' {name}"


def no_healthcheck(c: ContainerInfo) -> CheckResult:
    """Verdict for a container without a healthcheck, with how to add one."""
    service = f" (service « {c.compose_service} »)" if c.compose_service else ""
    return failed(KIND, f"Le container « {c.name} »{service} n'a pas de healthcheck : Docker "
                  "sait qu'il tourne, pas qu'il répond. Un healthcheck est une commande que "
                  "Docker lance régulièrement dans le container (code 0 : en bonne santé).",
                  f"avec docker run : docker rm -f {c.name} puis relancez-le avec "
                  f"{HEALTH_FLAGS} … ; avec Compose : une section « healthcheck: » "
                  "(test, interval, retries) dans le service, puis docker compose up -d",
                  expected=EXPECTED, actual="aucun healthcheck")


def evaluate(params: HealthyParams, snapshot: Snapshot, results: ProbeResults,
             answer: str | None) -> CheckResult:
    """The container runs, has a healthcheck, and the engine says it is healthy."""
    name = params.container
    c = snapshot.container(name)
    if c is None:
        return missing_container(KIND, name, snapshot,
                                 f"docker run -d --name {name} {HEALTH_FLAGS} … (ou "
                                 "docker compose up -d)")
    if not c.running:
        return not_running(KIND, c)
    if c.health is None:
        return no_healthcheck(c)
    if c.health == "starting":
        return CheckResult(KIND, Status.PENDING,
                           f"Le healthcheck de « {c.name} » n'a pas encore conclu (starting) : "
                           "Docker attend ses premiers résultats. Revérifiez dans quelques "
                           f"secondes ; pour suivre : {_inspect(c.name)}",
                           expected=EXPECTED, actual="starting")
    if c.health != "healthy":
        runs = "\n".join(f"    {line}" for line in c.health_log) or "    (aucun essai enregistré)"
        return failed(KIND, f"Le healthcheck de « {c.name} » échoue ({c.health}). Derniers "
                      f"essais :\n{runs}\nLa commande du healthcheck ne réussit pas dans le "
                      "container : le service ne répond pas, ou la commande elle-même est "
                      "fausse (outil absent de l'image, mauvais port).",
                      f"{_inspect(c.name)} puis lancez la commande du healthcheck avec "
                      f"docker exec {c.name} … pour voir son erreur",
                      expected=EXPECTED, actual=c.health)
    return passed(KIND, f"Le container « {c.name} » est en bonne santé (healthy).",
                  expected=EXPECTED, actual="healthy")


def _refs(params: HealthyParams) -> Refs:
    return refs(containers=params.container)


register(CheckKind(
    name=KIND,
    summary="le container a un healthcheck et Docker le dit en bonne santé (healthy) ; "
            "« starting » reste en attente",
    params=HealthyParams,
    fields=(Field("container", str, required=True, validator=name_value(),
                  doc="texte : le container (ou le service Compose de l'exercice)"),),
    evaluate=evaluate, references=_refs,
))
