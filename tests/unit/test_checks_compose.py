"""The ``compose`` check kind on hand-built Compose projects (v1 and v2 container names)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from docker_lab.checks.model import Status
from docker_lab.engine.models import ContainerInfo, Mount, NetworkInfo, Snapshot, VolumeInfo
from docker_lab.lab.compose import scope
from tests.unit.checks_support import check, ctr, net, snap

WORKDIR = "/home/eleve/.docker-lab/travail/stack-compose"
STACK = {"nginx": ["frontend"], "webapp": ["frontend", "backend"], "api": ["backend", "data"],
         "postgres": ["data"], "redis": ["data"]}
DECK = {"services": {"nginx": {"networks": ["frontend"], "exact_networks": True, "ports": [80]},
                     "webapp": {"networks": ["frontend", "backend"], "exact_networks": True},
                     "api": {"networks": ["backend", "data"], "exact_networks": True},
                     "postgres": {"networks": ["data"], "exact_networks": True},
                     "redis": {"networks": ["data"], "exact_networks": True}},
        "networks": {"data": {"internal": True}}}


def labels(project: str, service: str = "", workdir: str = WORKDIR) -> dict[str, str]:
    found = {"com.docker.compose.project": project,
             "com.docker.compose.project.working_dir": workdir}
    if service:
        found["com.docker.compose.service"] = service
    return found


def stack(project: str = "stack-compose", sep: str = "-", services: dict[str, list[str]]
          | None = None, internal: tuple[str, ...] = ("data",), workdir: str = WORKDIR,
          extra: dict[str, dict[str, Any]] | None = None) -> list[NetworkInfo | ContainerInfo]:
    """A project as Compose starts it (v2 names ``p-svc-1``, v1 ``p_svc_1``)."""
    services = STACK if services is None else services
    nets = sorted({n for names in services.values() for n in names})
    items: list[NetworkInfo | ContainerInfo] = [
        net(f"{project}_{n}", subnet=f"172.3{i}.0.0/16", internal=n in internal,
            labels={"com.docker.compose.project": project, "com.docker.compose.network": n})
        for i, n in enumerate(nets)]
    for number, (service, names) in enumerate(services.items()):
        name = sep.join([project, service, "1"])
        items.append(ctr(name, networks={f"{project}_{n}": f"172.3{nets.index(n)}.0.{number + 2}"
                                         for n in names},
                         labels=labels(project, service, workdir),
                         aliases={f"{project}_{n}": [service] for n in names},  # as Compose does
                         ports=((80, 8000),) if service == "nginx" else (),
                         **(extra or {}).get(service, {})))
    return items


def scoped(*items: NetworkInfo | ContainerInfo, volumes: dict[str, str] | None = None
           ) -> Snapshot:
    state = snap(*items)
    state = replace(state, volumes={v: VolumeInfo(v, labels={
        "com.docker.compose.project": p, "com.docker.compose.volume": v.split("_", 1)[1]})
        for v, p in (volumes or {}).items()})
    return scope(state, WORKDIR)


def evaluate(params: dict[str, Any], state: Snapshot) -> tuple[Status, str]:
    result = check("compose", params).check.evaluate(state, {}, None)
    return result.status, result.message


@pytest.mark.parametrize("sep", ["-", "_"])
def test_the_decks_stack_passes_with_v1_and_v2_names(sep: str) -> None:
    status, message = evaluate(DECK, scoped(*stack(sep=sep)))
    assert status is Status.PASS, message
    assert "stack-compose" in message


def test_no_project_in_the_working_directory_names_the_one_started_elsewhere() -> None:
    status, message = evaluate(DECK, scoped(*stack(workdir="/tmp/ailleurs")))
    assert status is Status.FAIL
    assert "Aucun projet Compose" in message and "/tmp/ailleurs" in message
    assert "docker compose up -d" in message and "docker-compose up -d" in message


def test_another_project_with_the_same_service_names_is_ignored() -> None:
    mine = stack()
    other = stack(project="perso", services={"postgres": ["data", "frontend"]},
                  workdir="/home/eleve/perso")
    assert evaluate(DECK, scoped(*mine, *other))[0] is Status.PASS


def test_data_not_internal_is_named() -> None:
    status, message = evaluate(DECK, scoped(*stack(internal=())))
    assert status is Status.FAIL
    assert "« data »" in message and "n'est pas interne" in message and "internal: true" in message


def test_postgres_also_on_backend_is_named() -> None:
    services = {**STACK, "postgres": ["data", "backend"]}
    status, message = evaluate(DECK, scoped(*stack(services=services)))
    assert status is Status.FAIL
    assert "« postgres » est aussi sur « backend »" in message


def test_a_missing_service_and_a_missing_network_are_named() -> None:
    services = {k: v for k, v in STACK.items() if k != "redis"}
    services["api"] = ["backend"]
    status, message = evaluate(DECK, scoped(*stack(services=services)))
    assert status is Status.FAIL
    assert "« redis » n'existe pas" in message
    assert "« api » n'est pas sur « data »" in message and "stack-compose_data" in message


def test_a_stopped_service_and_an_unpublished_port() -> None:
    items = stack(extra={})
    items = [replace(i, status="exited", exit_code=1, log_tail=("FATAL: password",))
             if isinstance(i, ContainerInfo) and i.name.endswith("-postgres-1") else
             replace(i, ports=()) if isinstance(i, ContainerInfo) and "nginx" in i.name else i
             for i in items]
    status, message = evaluate(DECK, scoped(*items))
    assert status is Status.FAIL
    assert "Service « postgres »" in message and "arrêté" in message
    assert "Le port 80 du service « nginx » n'est pas publié" in message


def _with(items: list[NetworkInfo | ContainerInfo], service: str, **changes: Any
          ) -> list[NetworkInfo | ContainerInfo]:
    return [replace(i, **changes) if isinstance(i, ContainerInfo)
            and i.labels.get("com.docker.compose.service") == service else i for i in items]


def test_aliases_volumes_and_everywhere() -> None:
    services = {**STACK, "monitoring": ["frontend", "backend", "data"]}
    items = stack(services=services)
    params = {"services": {"postgres": {"aliases": {"data": ["base.boutique.local"]},
                                        "volumes": {"pgdata": "/var/lib/postgresql/data"}}},
              "everywhere": ["monitoring"]}
    status, message = evaluate(params, scoped(*items))
    assert status is Status.FAIL
    assert "n'a pas l'alias « base.boutique.local »" in message
    assert "Le volume « pgdata » du projet n'est pas monté" in message
    pg = next(i for i in items if isinstance(i, ContainerInfo) and "postgres" in i.name)
    endpoint = replace(pg.endpoints["stack-compose_data"],
                       aliases=("postgres", "base.boutique.local"))
    items = _with(items, "postgres", endpoints={"stack-compose_data": endpoint}, mounts=(
        Mount("volume", "stack-compose_pgdata", "/var/lib/postgresql/data"),))
    state = scoped(*items, volumes={"stack-compose_pgdata": "stack-compose"})
    assert evaluate(params, state)[0] is Status.PASS
    items = _with(items, "monitoring", endpoints={
        k: v for k, v in next(i for i in items if isinstance(i, ContainerInfo)
                              and "monitoring" in i.name).endpoints.items() if "data" not in k})
    status, message = evaluate(params, scoped(*items, volumes={
        "stack-compose_pgdata": "stack-compose"}))
    assert status is Status.FAIL and "« monitoring » doit voir tous les réseaux" in message


def test_healthchecks_healthy_starting_missing_unhealthy() -> None:
    healthy = {s: {"health": "healthy"} for s in STACK}
    assert evaluate({"healthy": True}, scoped(*stack(extra=healthy)))[0] is Status.PASS
    starting = {**healthy, "api": {"health": "starting"}}
    status, message = evaluate({"healthy": True}, scoped(*stack(extra=starting)))
    assert status is Status.PENDING and "« api »" in message and "pas encore conclu" in message
    none = {**healthy, "redis": {"health": None}}
    status, message = evaluate({"healthy": True}, scoped(*stack(extra=none)))
    assert status is Status.FAIL and "« redis » n'a pas de healthcheck" in message
    assert "healthcheck:" in message
    items = _with(stack(extra=healthy), "postgres", health="unhealthy",
                  health_log=("code 2 : pg_isready: no response",))
    status, message = evaluate({"healthy": True}, scoped(*items))
    assert status is Status.FAIL and "pg_isready: no response" in message


@pytest.mark.parametrize("params, words", [
    ({"services": {"api": {"netwrks": ["a"]}}}, "clé inconnue « netwrks »"),
    ({"services": {"api": {"exact_networks": True}}}, "demande la liste"),
    ({"services": {"api": {"ports": ["80"]}}}, "« ports »"),
    ({"networks": {"data": {"internal": "oui"}}}, "internal"),
    ({"everywhere": "monitoring"}, "liste"),
])
def test_bad_parameters_are_refused(params: dict[str, Any], words: str) -> None:
    from docker_lab.course.exercises import parse_check

    spec, problems = parse_check({"kind": "compose", **params})
    assert spec is None and words in problems[0].message, problems


def test_service_names_work_in_reaches_and_isolated() -> None:
    from docker_lab.engine.models import ProbeKind, ProbeResult

    state = scoped(*stack())
    reaches = check("reaches", {"from": "api", "to": "postgres", "port": 5432}).check
    requests = reaches.probes(state)
    assert [(r.source, r.target) for r in requests] == [("stack-compose-api-1", "postgres")]
    result = reaches.evaluate(state, {r: ProbeResult(r, True) for r in requests}, None)
    assert result.status is Status.PASS, result.message
    isolated = check("isolated", {"from": "nginx", "to": "postgres", "port": 5432}).check
    requests = isolated.probes(state)
    assert {r.source for r in requests} == {"stack-compose-nginx-1"}
    assert requests and all(r.kind is ProbeKind.TCP for r in requests)
    result = isolated.evaluate(state, {r: ProbeResult(r, False, detail="délai dépassé")
                                       for r in requests}, None)
    assert result.status is Status.PASS, result.message
