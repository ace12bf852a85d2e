"""The network map's model: expected topology from the checks, laid over a snapshot (pure)."""

from __future__ import annotations

from dataclasses import replace

from docker_lab.course.models import Exercise, Step
from docker_lab.lab.expected import expected_topology
from docker_lab.lab.mapjson import conforms, map_json
from docker_lab.lab.matrix import plan_matrix, read_matrix
from docker_lab.lab.netmap import map_of
from docker_lab.lab.topology import Mark, build_topology
from tests.engine.exercise_support import exercise
from tests.unit.checks_support import check, ctr, net, snap
from tests.unit.map_support import answers, multi_tiers


def marks(state: object) -> dict[str, dict[str, Mark]]:
    view = map_of(state, exercise("multi-tiers"))  # type: ignore[arg-type]
    return {n.name: {m.name: m.mark for m in n.members} | {"": n.mark}
            for n in view.topology.networks}


def test_expected_topology_of_multi_tiers() -> None:
    exp = expected_topology(exercise("multi-tiers"))
    assert list(exp.networks) == ["frontend-net", "backend-net", "data-net", "monitoring-net"]
    assert exp.networks["frontend-net"].internal is False
    assert ("api-1", "data-net") in exp.attachments
    assert exp.containers["web-1"].exact and not exp.containers["prometheus"].exact
    assert exp.containers["nginx-lb"].ports == {80: None, 443: None}
    assert [(p.kind, p.source, p.target, p.port) for p in exp.pairs] == [
        ("isolated", "nginx-lb", "postgres-db", 5432), ("reaches", "web-1", "api-1", 8080),
        ("reaches", "api-1", "postgres-db", 5432), ("reaches", "api-1", "redis-cache", 6379)]
    assert exp.port_of("postgres-db") == 5432


def test_solution_nothing_missing() -> None:
    found = marks(multi_tiers())
    for name in ("frontend-net", "backend-net", "data-net", "monitoring-net"):
        assert set(found[name].values()) == {Mark.OK}, (name, found[name])
    assert set(found["data-net"]) == {"", "api-1", "postgres-db", "redis-cache", "prometheus"}
    assert found["bridge"][""] is Mark.PLAIN and found["host"][""] is Mark.PLAIN
    view = map_of(multi_tiers(), exercise("multi-tiers"))
    nginx = view.topology.container("nginx-lb")
    assert nginx is not None and [p.mark for p in nginx.ports] == [Mark.OK, Mark.OK]
    plan = plan_matrix(view.snapshot, view.expected)
    matrix = read_matrix(plan, answers(plan, view.snapshot))
    assert conforms(view.topology, matrix)


def test_disconnected_attachment_is_missing_and_extra_one_is_extra() -> None:
    def change(layout: dict[str, dict[str, str]]) -> None:
        del layout["api-1"]["backend-net"]
        layout["nginx-lb"]["data-net"] = "172.22.0.9"

    found = marks(multi_tiers(change))
    assert found["backend-net"]["api-1"] is Mark.MISSING
    assert found["data-net"]["nginx-lb"] is Mark.EXTRA  # exact_networks: it should not be there
    assert found["data-net"]["api-1"] is Mark.OK


def test_student_own_resources_are_extra_and_do_not_spoil_conformity() -> None:
    own = [net("mon-reseau", subnet="10.9.0.0/16"), ctr("mon-test", networks={"mon-reseau":
                                                                                 "10.9.0.2"})]
    view = map_of(multi_tiers(extra=own), exercise("multi-tiers"))
    mine = view.topology.network("mon-reseau")
    assert mine is not None and mine.mark is Mark.EXTRA
    assert [(m.name, m.mark) for m in mine.members] == [("mon-test", Mark.EXTRA)]
    c = view.topology.container("mon-test")
    assert c is not None and c.mark is Mark.EXTRA
    plan = plan_matrix(view.snapshot, view.expected)
    assert "mon-test" not in plan.matrix.containers  # only the exercise's containers
    assert conforms(view.topology, read_matrix(plan, answers(plan, view.snapshot)))


def test_missing_network_and_container_show_what_is_expected() -> None:
    state = multi_tiers(lambda layout: layout.pop("prometheus"))
    state = replace(state, networks={k: v for k, v in state.networks.items()
                                     if k != "monitoring-net"})
    view = map_of(state, exercise("multi-tiers"))
    monitoring = view.topology.network("monitoring-net")
    assert monitoring is not None and monitoring.mark is Mark.MISSING
    assert [(m.name, m.mark) for m in monitoring.members] == [("prometheus", Mark.MISSING)]
    prom = view.topology.container("prometheus")
    assert prom is not None and prom.mark is Mark.MISSING
    assert [(p.container_port, p.mark) for p in prom.ports] == [(9090, Mark.MISSING)]


def test_network_properties_that_differ_are_noted() -> None:
    ex = Exercise("x", "X", "l", "", (Step("s", "S", "", (
        check("network", {"name": "data", "internal": True, "subnet": "10.1.0.0/24"}),)),))
    view = map_of(snap(net("data", subnet="10.2.0.0/24")), ex)
    data = view.topology.network("data")
    assert data is not None and data.mark is Mark.DIFFERS
    assert data.notes == ("sous-réseau attendu : 10.1.0.0/24", "devrait être interne (--internal)")


def test_without_exercise_everything_is_plain() -> None:
    topo = build_topology(multi_tiers())
    assert {n.mark for n in topo.networks} == {Mark.PLAIN}
    assert {c.mark for c in topo.containers} == {Mark.PLAIN}
    assert map_json(None, topo, None)["matrix"] is None


def test_later_steps_override_earlier_ones() -> None:
    ex = Exercise("x", "X", "l", "", (
        Step("a", "A", "", (check("network", {"name": "tmp-net"}),)),
        Step("b", "B", "", (check("network_absent", {"name": "tmp-net"}),))))
    exp = expected_topology(ex)
    assert "tmp-net" not in exp.networks and "tmp-net" in exp.absent
    view = map_of(snap(net("tmp-net")), ex)
    tmp = view.topology.network("tmp-net")
    assert tmp is not None and tmp.mark is Mark.EXTRA and tmp.notes == (
        "devrait avoir été supprimé",)


def test_compose_services_are_named_like_containers() -> None:
    labels = {"com.docker.compose.project": "shop", "com.docker.compose.service": "api",
              "com.docker.compose.project.working_dir": "/work/x"}
    state = snap(net("shop_back", labels={"com.docker.compose.project": "shop",
                                          "com.docker.compose.network": "back"}),
                 ctr("shop-api-1", networks={"shop_back": "172.30.0.2"}, labels=labels))
    ex = Exercise("x", "X", "l", "", (Step("s", "S", "", (
        check("attached", {"container": "api", "network": "shop_back"}),)),))
    view = map_of(state, ex, workdir="/work/x")  # type: ignore[arg-type]
    back = view.topology.network("shop_back")
    assert back is not None and [(m.name, m.mark) for m in back.members] == [
        ("shop-api-1", Mark.OK)]
    api = view.topology.container("shop-api-1")
    assert api is not None and api.mark is Mark.OK and api.service == "api"
