"""Wrong states the checks name (pure): a command typed one word off, a wrong address that is
someone else's, a container that could not start, ports reversed, the side to disconnect."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from docker_lab.checks.cmdline import Miss, near_miss
from docker_lab.checks.model import Status
from docker_lab.engine.models import ContainerInfo, PortBinding, ProbeKind, Snapshot
from tests.unit.checks_support import ctr, net, probe, run, snap

FAIL = Status.FAIL
NSLOOKUP = "docker exec backend nslookup database"
NC = "docker exec backend nc database 5432"


@pytest.mark.parametrize(("model", "line", "miss"), [
    (NSLOOKUP, "docker exec backnd nslookup database", ("backend", "backnd")),
    (NSLOOKUP, "sudo docker exec -it backend nslookup databse", ("database", "databse")),
    (NC, "docker exec backend nc -zv -w 2 database 5433", ("5432", "5433")),
    (NC, "docker exec backend nc -zv database", ("5432", "")),
    (NC, "docker exec backend nc -zv -w 2 database", ("5432", "")),  # 2 is -w's
    ("docker network inspect app-network", "docker network inspect bridge",
     ("app-network", "bridge")),
    ("docker exec backend ping -c database", "docker exec backend ping database", ("-c", "")),
])
def test_a_command_one_word_off_is_a_near_miss(model: str, line: str,
                                               miss: tuple[str, str]) -> None:
    assert near_miss(model, line) == Miss(line, *miss)


@pytest.mark.parametrize("line", [
    NSLOOKUP,                                   # it matches: no miss
    "docker exec -it backend nslookup database",
    "docker ps -a",                             # something else
    "docker logs database",
    "docker exec database nslookup backend",    # two words off
    "kubectl exec backend nslookup database",   # another program
])
def test_other_commands_are_no_near_miss(line: str) -> None:
    assert near_miss(NSLOOKUP, line) is None


def _log(*pairs: tuple[str, int]) -> list:  # type: ignore[type-arg]
    detail = json.dumps([{"command": c, "status": s} for c, s in pairs])
    return [probe(ProbeKind.COMMANDS, "@hôte", "console", True, detail=detail)]


def test_ran_names_the_word_typed_instead() -> None:
    result = run("ran", {"command": NC}, snap(),
                 _log(("docker ps", 0), ("docker exec backend nc -zv database 5433", 1),
                      ("clear", 0)))
    assert result.status is FAIL
    assert ("Votre commande « docker exec backend nc -zv database 5433 » n'est pas tout à fait "
            "celle demandée : « 5433 » au lieu de « 5432 »") in result.message
    assert result.fix == NC and "Cette étape se vérifie" not in result.message


def test_ran_prefers_the_missing_option_of_a_variant_to_another_word() -> None:
    models = [NSLOOKUP, "docker exec backend ping -c database"]
    result = run("ran", {"command": models}, snap(),
                 _log(("docker exec backend ping database", 130)))
    assert "il y manque l'option -c" in result.message
    assert result.fix == "docker exec backend ping -c database"


def _app(*containers: ContainerInfo) -> Snapshot:
    return snap(net("app-network", subnet="172.18.0.0/16", gateway="172.18.0.1"), *containers)


ASK = {"expect": "ip", "container": "database", "network": "app-network"}


def test_an_address_that_is_another_containers_or_the_gateway_is_named() -> None:
    state = _app(ctr("database", networks={"app-network": "172.18.0.2"}),
                 ctr("backend", networks={"app-network": "172.18.0.3"}))
    other = run("answer", ASK, state, answer="172.18.0.3")
    assert "c'est l'adresse de « backend » sur « app-network »" in other.message
    gateway = run("answer", ASK, state, answer="172.18.0.1")
    assert "c'est la passerelle du réseau « app-network »" in gateway.message
    nobody = run("answer", ASK, state, answer="10.9.9.9")
    assert nobody.status is FAIL and "c'est" not in nobody.message


def test_no_address_says_stopped_or_not_connected() -> None:
    stopped = _app(ctr("database", status="exited", networks={"app-network": ""}))
    text = run("answer", ASK, stopped, answer="172.18.0.2").message
    assert "il est arrêté (exited (0))" in text and "n'a pas d'adresse IP" in text
    elsewhere = _app(ctr("database", networks={"bridge": "172.17.0.2"}))
    text = run("answer", ASK, elsewhere, answer="172.18.0.2").message
    assert "il n'y est pas connecté (connecté à « bridge »)" in text
    assert "docker network connect app-network database" in text


def test_a_container_that_could_not_start_is_not_told_to_start() -> None:
    # docker run -d --name backend mon-api --network app-network: « --network » not found
    state = snap(ctr("backend", "mon-api:latest", status="created", exit_code=127))
    result = run("container", {"name": "backend"}, state)
    assert "a été créé mais n'a pas pu démarrer (code 127)" in result.message
    assert "une option écrite après l'image" in result.message
    assert "docker start" not in result.message and "docker rm -f backend" in result.message
    other = run("container", {"name": "backend"},
                snap(ctr("backend", status="created", exit_code=128)))
    assert "code 128" in other.message and "après l'image" not in other.message
    assert ".State.Error" in other.message


def test_a_variable_of_another_meaning_is_not_called_a_typo() -> None:
    logs = ["       You must specify POSTGRES_PASSWORD to a non-empty value for the"]
    user = ctr("db", "postgres:13", status="exited", exit_code=1, log_tail=logs,
               env={"POSTGRES_USER": "app", "POSTGRES_DB": "shop"})
    text = run("container", {"name": "db"}, snap(user)).message
    assert "POSTGRES_PASSWORD, absente du container" in text and "faute de frappe" not in text


def test_ports_reversed_without_a_host_port_asked() -> None:
    # -p 9090:19090: the container's 19090 on the host's 9090
    state = snap(replace(ctr("prometheus"), ports=(PortBinding(19090, "tcp", "0.0.0.0", 9090),)))
    for kind, params in (("container", {"name": "prometheus", "ports": [9090]}),
                         ("published", {"container": "prometheus", "port": 9090})):
        text = run(kind, params, state).message
        assert "Les ports sont inversés : -p 9090:19090 publie le port 19090 du container" in text


def test_several_missing_ports_are_plural() -> None:
    text = run("container", {"name": "lb", "ports": [80, 443]}, snap(ctr("lb"))).message
    assert "Les ports 80/tcp et 443/tcp du container « lb » ne sont pas publiés" in text


def test_isolation_fix_takes_off_the_container_that_joined_the_other_tier() -> None:
    # postgres-db joined frontend-net, nginx-lb's only network: nginx-lb keeps it
    state = snap(net("frontend-net"), net("data-net"),
                 ctr("nginx-lb", networks={"frontend-net": "10.0.0.2"}),
                 ctr("postgres-db", networks={"data-net": "10.2.0.2", "frontend-net": "10.0.0.3"}))
    params = {"from": "nginx-lb", "to": "postgres-db", "port": 5432}
    reached = [probe(ProbeKind.TCP, "nginx-lb", ip, True, port=5432)
               for ip in ("10.0.0.3", "10.2.0.2")]
    result = run("isolated", params, state, reached)
    assert "Essayez : docker network disconnect frontend-net postgres-db" in result.message
