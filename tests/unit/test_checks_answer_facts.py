"""``answer`` questions about a container's live state: network, interfaces, port_owner, mtu."""

from __future__ import annotations

from dataclasses import replace

from docker_lab.checks.model import Status
from docker_lab.course.exercises import parse_check
from docker_lab.engine.models import ProbeKind
from tests.unit.checks_support import ctr, net, probe, run, snap

PASS, FAIL, PENDING = Status.PASS, Status.FAIL, Status.PENDING


def shop() -> object:
    return snap(net("shop-front"), net("shop-data"),
                ctr("shop-api", "mon-api:latest", networks={"shop-front": "172.18.0.2"}),
                ctr("shop-db", "postgres:13", networks={"shop-data": "172.19.0.2"}))


def test_network_of_a_container() -> None:
    params = {"expect": "network", "container": "shop-db"}
    assert run("answer", params, shop(), answer=" shop-data ").status is PASS
    assert run("answer", params, shop(), answer="« shop-data »").status is PASS
    assert run("answer", params, shop(), answer="id-shop").status is FAIL  # too short an id
    wrong = run("answer", params, shop(), answer="shop-front")
    assert wrong.status is FAIL
    assert "« shop-db » n'est pas connecté à « shop-front »" in wrong.message
    assert "shop-data" not in wrong.message  # the value is never given away
    unknown = run("answer", params, shop(), answer="shopdata")
    assert "aucun réseau ne s'appelle « shopdata »" in unknown.message
    pending = run("answer", params, shop())
    assert pending.status is PENDING and "docker inspect shop-db" in pending.message


def test_interfaces_count_lo_plus_one_per_network() -> None:
    params = {"expect": "interfaces", "container": "isolated-worker"}
    alone = snap(ctr("isolated-worker", "mon-worker:latest", mode="none"))
    assert run("answer", params, alone, answer="1").status is PASS
    zero = run("answer", params, alone, answer="0")
    assert zero.status is FAIL and "lo" in zero.message
    two = run("answer", params, alone, answer="2")
    assert "en mode none, Docker ne crée aucune interface eth0" in two.message
    word = run("answer", params, alone, answer="lo")
    assert "répondez par un nombre" in word.message
    both = snap(ctr("isolated-worker", networks={"bridge": "172.17.0.2", "x-net": "172.18.0.2"}))
    assert run("answer", params, both, answer="3").status is PASS
    assert "avez-vous compté lo" in run("answer", params, both, answer="2").message
    stopped = snap(ctr("isolated-worker", status="exited", mode="none"))
    assert "arrêté" in run("answer", params, stopped, answer="1").message


def test_interfaces_of_a_container_sharing_another_stack() -> None:
    api = ctr("api", networks={"a-net": "172.18.0.2", "b-net": "172.19.0.2"})
    rider = ctr("debug", mode=f"container:{api.id}", networks={})
    params = {"expect": "interfaces", "container": "debug"}
    assert run("answer", params, snap(api, rider), answer="3").status is PASS


def test_port_owner() -> None:
    occupant = ctr("occupant", "nginx:alpine", ports=[(80, 8080)])
    other = ctr("mon-app", "nginx:alpine", ports=[(80, 8081)])
    state = snap(occupant, other)
    params = {"expect": "port_owner", "port": 8080}
    assert run("answer", params, state, answer="occupant").status is PASS
    assert run("answer", params, state, answer=occupant.id[:12]).status is PASS
    wrong = run("answer", params, state, answer="mon-app")
    assert wrong.status is FAIL and "« mon-app » ne publie pas le port 8080" in wrong.message
    image = run("answer", params, state, answer="nginx:alpine")
    assert "c'est l'image du container" in image.message
    nobody = run("answer", params, snap(other), answer="occupant")
    assert "Aucun container ne publie le port 8080" in nobody.message
    blocked = replace(other, status="created", ports=occupant.ports)
    text = run("answer", params, snap(occupant, blocked), answer="mon-app").message
    assert "demande ce port mais il est arrêté" in text


def test_mtu_read_by_a_probe_inside_the_container() -> None:
    params = {"expect": "mtu", "container": "shop-api"}
    measured = [probe(ProbeKind.MTU, "shop-api", "eth0", True, detail="1450")]
    assert run("answer", params, shop(), measured, answer="1450").status is PASS
    default = run("answer", params, shop(), measured, answer="1500")
    assert default.status is FAIL and "valeur par défaut" in default.message
    assert "1450" not in default.message
    assert "MTU de lo" in run("answer", params, shop(), measured, answer="65536").message
    none = [probe(ProbeKind.MTU, "shop-api", "eth0", False, detail="pas d'interface « eth0 »")]
    assert "n'a pas d'interface eth0" in run("answer", params, shop(), none, answer="1").message
    broken = [probe(ProbeKind.MTU, "shop-api", "eth0", False, error=True, detail="arrêté")]
    assert run("answer", params, shop(), broken, answer="1450").status is Status.ERROR


def test_mtu_probe_is_asked_only_for_a_running_container() -> None:
    spec, _ = parse_check({"kind": "answer", "expect": "mtu", "container": "shop-api"})
    assert spec is not None
    [request] = spec.check.probes(shop())
    assert (request.kind, request.source, request.target) == (ProbeKind.MTU, "shop-api", "eth0")
    assert spec.check.probes(snap()) == []


def test_new_expectations_need_their_parameters() -> None:
    for params, missing in (({"expect": "port_owner"}, "port"), ({"expect": "mtu"}, "container"),
                            ({"expect": "interfaces"}, "container")):
        spec, problems = parse_check({"kind": "answer", **params})
        assert spec is None and f"demande « {missing} »" in problems[0].format()


def test_existing_expectations_are_unchanged() -> None:
    state = snap(net("app", subnet="172.20.0.0/16", gateway="172.20.0.1"))
    assert run("answer", {"expect": "subnet", "network": "app"}, state,
               answer="172.20.0.0/16").status is PASS
    assert run("answer", {"expect": "value", "value": "Oui"}, state, answer="oui").status is PASS


def test_numbers_may_carry_their_unit_and_a_network_option_is_named() -> None:
    params = {"expect": "mtu", "container": "shop-api"}
    measured = [probe(ProbeKind.MTU, "shop-api", "eth0", True, detail="1500")]
    assert run("answer", params, shop(), measured, answer="1500 octets").status is PASS
    assert run("answer", params, shop(), measured, answer="mtu 1500").status is PASS
    tuned = snap(net("shop-front", options={"com.docker.network.driver.mtu": "1450"}),
                 ctr("shop-api", networks={"shop-data": "172.19.0.2"}))
    text = run("answer", params, tuned, measured, answer="1450").message
    assert "c'est l'option MTU du réseau « shop-front »" in text
    assert run("answer", {"expect": "interfaces", "container": "shop-api"}, shop(),
               answer="2 interfaces").status is PASS
