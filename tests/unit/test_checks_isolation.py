"""Kinds ``healthy`` and ``no_way_out``, ``network_mode: container:NAME``, port conflicts and
reversed ports, on hand-built snapshots."""

from __future__ import annotations

from dataclasses import replace

from docker_lab.checks.model import Status
from docker_lab.course.exercises import parse_check
from tests.unit.checks_support import ctr, net, run, snap

PASS, FAIL, PENDING = Status.PASS, Status.FAIL, Status.PENDING


# -- healthy ---------------------------------------------------------------------------------
def test_healthy_passes_and_starting_is_pending_not_a_failure() -> None:
    assert run("healthy", {"container": "api"}, snap(ctr("api", health="healthy"))
               ).status is PASS
    starting = run("healthy", {"container": "api"}, snap(ctr("api", health="starting")))
    assert starting.status is PENDING
    assert "n'a pas encore conclu (starting)" in starting.message


def test_unhealthy_shows_the_last_runs_of_the_healthcheck() -> None:
    sick = replace(ctr("api", health="unhealthy"),
                   health_log=("code 1 : wget: can't connect", "code 1 : wget: bad address"))
    result = run("healthy", {"container": "api"}, snap(sick))
    assert result.status is FAIL and result.actual == "unhealthy"
    assert "    code 1 : wget: bad address" in result.message
    assert "docker exec api" in result.message


def test_no_healthcheck_says_how_to_add_one() -> None:
    result = run("healthy", {"container": "api"}, snap(ctr("api")))
    assert result.status is FAIL
    assert "n'a pas de healthcheck" in result.message
    assert "--health-cmd" in result.message and "healthcheck:" in result.message


def test_healthy_finds_a_compose_service_and_fails_on_a_stopped_container() -> None:
    state = replace(snap(ctr("pf-api-1", health="healthy")), services={"api": "pf-api-1"})
    assert run("healthy", {"container": "api"}, state).status is PASS
    stopped = run("healthy", {"container": "api"}, snap(ctr("api", status="exited",
                                                              exit_code=1, networks={})))
    assert stopped.status is FAIL and "arrêté (code de sortie 1)" in stopped.message
    assert "n'existe pas" in run("healthy", {"container": "api"}, snap()).message


# -- no_way_out ------------------------------------------------------------------------------
def test_only_internal_networks_or_none_mean_no_way_out() -> None:
    inside = snap(net("secure-backend", internal=True),
                  ctr("coffre", networks={"secure-backend": "172.18.0.2"}))
    result = run("no_way_out", {"container": "coffre"}, inside)
    assert result.status is PASS and "secure-backend" in result.message
    alone = run("no_way_out", {"container": "coffre"}, snap(ctr("coffre", mode="none")))
    assert alone.status is PASS and "none" in alone.message


def test_a_non_internal_network_is_named_as_the_way_out() -> None:
    both = snap(net("secure-backend", internal=True),
                ctr("coffre", networks={"secure-backend": "172.18.0.2", "bridge": "172.17.0.3"}))
    result = run("no_way_out", {"container": "coffre"}, both)
    assert result.status is FAIL
    assert "peut sortir par le réseau « bridge »" in result.message
    assert "docker network disconnect bridge coffre" in result.message
    plain = snap(net("secure-backend"), ctr("coffre", networks={"secure-backend": "172.18.0.2"}))
    result = run("no_way_out", {"container": "coffre"}, plain)
    assert "« secure-backend »" in result.message and "--internal" in result.message
    assert "docker network create --internal secure-backend" in result.message


def test_no_way_out_host_mode_and_shared_stack() -> None:
    host = run("no_way_out", {"container": "coffre"}, snap(ctr("coffre", mode="host")))
    assert host.status is FAIL and "mode host" in host.message
    api = ctr("api", networks={"front": "172.18.0.2"})
    rider = ctr("coffre", mode=f"container:{api.id}", networks={})
    result = run("no_way_out", {"container": "coffre"}, snap(net("front"), api, rider))
    assert result.status is FAIL
    assert "partage la pile réseau de « api »" in result.message and "« front »" in result.message


# -- container: network_mode container:NAME ---------------------------------------------------
DEBUG = {"name": "debug", "image": "docker-lab/diagnostic:latest",
         "network_mode": "container:shop-api"}


def _shop() -> tuple[object, object]:
    api = ctr("shop-api", "mon-api:latest", networks={"shop-front": "172.18.0.2"})
    other = ctr("shop-db", "postgres:13", networks={"shop-data": "172.19.0.2"})
    return api, other


def test_container_mode_is_compared_by_name_through_the_id() -> None:
    api, other = _shop()
    debug = ctr("debug", "docker-lab/diagnostic:latest", mode=f"container:{api.id}", networks={})
    result = run("container", DEBUG, snap(api, other, debug))
    assert result.status is PASS, result.message
    wrong = replace(debug, network_mode=f"container:{other.id}")
    result = run("container", DEBUG, snap(api, other, wrong))
    assert result.status is FAIL
    assert "partage la pile réseau de « shop-db » au lieu de partager celle de « shop-api »" \
        in result.message


def test_container_mode_missing_says_how_to_share_and_keeps_it_running() -> None:
    api, _ = _shop()
    own = ctr("debug", "docker-lab/diagnostic:latest", networks={"bridge": "172.17.0.5"})
    result = run("container", DEBUG, snap(api, own))
    assert result.status is FAIL
    assert "a sa propre pile réseau (connecté à « bridge »)" in result.message
    assert ("docker run -d --name debug --network container:shop-api "
            "docker-lab/diagnostic:latest sleep 3600") in result.message


def test_container_mode_validation_and_references() -> None:
    spec, problems = parse_check({"kind": "container", "name": "xx",
                                  "network_mode": "conteneur:yy"})
    assert spec is None and "container:NOM" in problems[0].format()
    spec, problems = parse_check({"kind": "container", "name": "xx", "networks": ["aa"],
                                  "network_mode": "container:yy"})
    assert spec is None and "container:NOM ne peut pas avoir" in problems[0].format()
    spec, _ = parse_check({"kind": "container", **DEBUG})
    assert spec is not None
    found = spec.check.references()
    assert found.containers == {"debug", "shop-api"} and not found.networks


# -- ports: conflicts and reversed host/container ports ----------------------------------------
def _occupied() -> tuple[object, ...]:
    occupant = ctr("occupant", "nginx:alpine", ports=[(80, 8080)])
    blocked = ctr("mon-app", "nginx:alpine", status="created", networks={}, ports=[(80, 8080)])
    return occupant, blocked


def test_a_container_that_could_not_start_for_a_taken_port_names_the_holder() -> None:
    state = snap(*_occupied())
    for kind, params in (("container", {"name": "mon-app", "ports": ["8081:80"]}),
                         ("published", {"container": "mon-app", "port": 80, "host_port": 8081})):
        result = run(kind, params, state)
        assert result.status is FAIL
        assert "port 8080 de l'hôte, déjà pris par le container « occupant »" in result.message
        assert "docker start" not in result.message


def test_reversed_ports_are_named() -> None:
    swapped = snap(ctr("mon-app", "nginx:alpine", ports=[(8081, 80)]))
    for kind, params in (("container", {"name": "mon-app", "ports": ["8081:80"]}),
                         ("published", {"container": "mon-app", "port": 80, "host_port": 8081})):
        result = run(kind, params, swapped)
        assert result.status is FAIL
        assert "Les ports sont inversés : -p 80:8081" in result.message


def test_a_setup_container_refused_for_a_taken_port_is_a_french_line() -> None:
    from docker_lab.lab.sandbox import start_refusal

    host = ("driver failed programming external connectivity on endpoint occupant (fc9c): "
            "Error starting userland proxy: listen tcp4 0.0.0.0:8080: bind: address already in use")
    assert start_refusal(host).startswith("le port 8080 de l'hôte est déjà pris")
    other = "Bind for 0.0.0.0:8080 failed: port is already allocated"
    assert "ss -ltnp | grep 8080" in start_refusal(other)
    assert "refusé" in start_refusal("no such image")


def test_optimized_network_on_docker0_is_refused_by_its_name() -> None:
    params = {"name": "optimized-network",
              "options": {"com.docker.network.bridge.name": "docker1",
                          "com.docker.network.driver.mtu": "1450"}}
    wrong = net("optimized-network", options={"com.docker.network.bridge.name": "docker0",
                                              "com.docker.network.driver.mtu": "1450"})
    result = run("network", params, snap(wrong))
    assert result.status is FAIL and "vaut « docker0 » au lieu de « docker1 »" in result.message


def test_a_passing_shared_container_names_whose_stack_it_uses() -> None:
    api, other = _shop()
    debug = ctr("debug", "docker-lab/diagnostic:latest", mode=f"container:{api.id}", networks={})
    result = run("container", DEBUG, snap(api, other, debug))
    assert "partage la pile réseau de « shop-api » (--network container:shop-api)" \
        in result.message
