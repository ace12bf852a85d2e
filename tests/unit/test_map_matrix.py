"""The access matrix (planned and read from probe answers) and the map's text (pure)."""

from __future__ import annotations

import ipaddress

import pytest

from docker_lab.course.models import Exercise, Step
from docker_lab.engine.models import ProbeKind
from docker_lab.lab.maptext import map_lines, matrix_lines, plain_text, width_of
from docker_lab.lab.matrix import Matrix, Outcome, plan_matrix, read_matrix
from docker_lab.lab.netmap import map_of
from tests.engine.exercise_support import exercise
from tests.unit import map_support
from tests.unit.checks_support import check, ctr, snap
from tests.unit.map_support import answers, multi_tiers


def matrix_of(state: object, ex: Exercise | None = None) -> Matrix:
    view = map_of(state, ex or exercise("multi-tiers"))  # type: ignore[arg-type]
    plan = plan_matrix(view.snapshot, view.expected)
    return read_matrix(plan, answers(plan, view.snapshot))


def test_solution_every_checked_pair_as_expected() -> None:
    m = matrix_of(multi_tiers())
    assert m.containers[:3] == ("nginx-lb", "web-1", "api-1")
    checked = {k: c for k, c in m.cells.items() if c.expected}
    assert set(checked) == {("nginx-lb", "postgres-db"), ("web-1", "api-1"),
                            ("api-1", "postgres-db"), ("api-1", "redis-cache")}
    assert all(c.as_expected for c in checked.values())
    lb_db = m.cells[("nginx-lb", "postgres-db")]
    assert (lb_db.resolve, lb_db.ping, lb_db.tcp) == (Outcome.FAIL, Outcome.FAIL, Outcome.FAIL)
    api_db = m.cells[("api-1", "postgres-db")]
    assert (api_db.resolve, api_db.ping, api_db.tcp, api_db.port) == (
        Outcome.OK, Outcome.OK, Outcome.OK, 5432)


def test_probes_stay_on_this_engine() -> None:
    view = map_of(multi_tiers(), exercise("multi-tiers"))
    plan = plan_matrix(view.snapshot, view.expected)
    for r in plan.requests:
        if r.kind is ProbeKind.RESOLVE:  # a name only where Docker's DNS knows it
            src, dst = view.snapshot.containers[r.source], view.snapshot.containers[r.target]
            assert set(src.endpoints) & set(dst.endpoints) - {"bridge"}
        else:
            assert ipaddress.ip_address(r.target).is_private
    assert len(plan.sources) == 6  # one batch per source


def test_api_off_the_data_network_cannot_reach_the_database() -> None:
    m = matrix_of(multi_tiers(lambda layout: layout["api-1"].pop("data-net")))
    cell = m.cells[("api-1", "postgres-db")]
    assert cell.as_expected is False and not cell.reached
    assert cell.reason == ("aucun réseau commun (api-1 : backend-net ; "
                           "postgres-db : data-net)")


def test_api_off_the_backend_network_is_unreachable_from_web() -> None:
    m = matrix_of(multi_tiers(lambda layout: layout["api-1"].pop("backend-net")))
    assert m.cells[("web-1", "api-1")].as_expected is False
    assert m.cells[("api-1", "postgres-db")].as_expected is True


def test_internal_network_does_not_isolate_containers() -> None:
    def lb_on_data(layout: dict[str, dict[str, str]]) -> None:
        layout["nginx-lb"]["data-net"] = "172.22.0.9"

    m = matrix_of(multi_tiers(lb_on_data, internal=["data-net"]))
    cell = m.cells[("nginx-lb", "postgres-db")]
    assert cell.as_expected is False and cell.reached
    assert cell.reason.startswith("réseau interne commun « data-net » : --internal coupe")


def test_nothing_listening(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(map_support.LISTENS, "postgres-db", 5433)
    cell = matrix_of(multi_tiers()).cells[("api-1", "postgres-db")]
    assert cell.tcp is Outcome.REFUSED and cell.ping is Outcome.OK
    assert cell.reason == "rien n'écoute sur le port 5432 de « postgres-db » (port fermé)"


def test_no_dns_on_the_default_bridge() -> None:
    state = snap(ctr("client", networks={"bridge": "172.17.0.2"}),
                 ctr("server", networks={"bridge": "172.17.0.3"}))
    ex = Exercise("x", "X", "l", "", (Step("s", "S", "", (
        check("resolves", {"from": "client", "name": "server"}),)),))
    view = map_of(state, ex)
    plan = plan_matrix(view.snapshot, view.expected)
    assert ProbeKind.RESOLVE not in {r.kind for r in plan.requests}  # never asked outside
    cell = read_matrix(plan, answers(plan, view.snapshot)).cells[("client", "server")]
    assert cell.resolve is Outcome.FAIL and cell.ping is Outcome.OK
    assert cell.reason.startswith("pas de DNS sur le bridge par défaut")


def test_matrix_text_before_and_after_the_probes() -> None:
    view = map_of(multi_tiers(lambda layout: layout["api-1"].pop("data-net")),
                  exercise("multi-tiers"))
    plan = plan_matrix(view.snapshot, view.expected)
    pending = plain_text(matrix_lines(plan.matrix))
    assert "…" in pending and "Sondes en cours" in pending
    text = plain_text(matrix_lines(read_matrix(plan, answers(plan, view.snapshot), 0.8)))
    assert "≠ api-1 → postgres-db : attendu joignable (port 5432)\n    aucun réseau commun" in text
    assert "= web-1 → api-1 : joignable (port 8080), comme attendu" in text
    assert "Remplie en 0.8 s." in text
    row = next(line for line in text.splitlines() if line.startswith(" 3 api-1"))
    assert row.count("≠") == 2 and "=" not in row  # api-1 → postgres-db, redis-cache


@pytest.mark.parametrize("width", [100, 160])
def test_map_text_fits_and_reads_without_colour(width: int) -> None:
    def change(layout: dict[str, dict[str, str]]) -> None:
        del layout["api-1"]["backend-net"]
        layout.pop("redis-cache")

    view = map_of(multi_tiers(change, extra=[ctr("mon-test")]), exercise("multi-tiers"))
    lines = map_lines(view.topology, width)
    assert max(width_of(line) for line in lines if "─" in "".join(t for t, _ in line)) <= width
    text = plain_text(lines)
    assert "✓ nginx-lb" in text and "✗ api-1" in text and "✗ redis-cache" in text
    assert "+ mon-test" in text and "· bridge" in text
    assert "Légende : ✓ conforme  ✗ manquant  + en trop  ≠ différent  · sans attente" in text


def test_checked_pair_with_a_missing_container_is_listed() -> None:
    m = matrix_of(multi_tiers(lambda layout: layout.pop("redis-cache")))
    assert "redis-cache" not in m.containers
    assert [(p.source, p.target, why) for p, why in m.unplaced] == [
        ("api-1", "redis-cache", "« redis-cache » n'existe pas")]
    text = plain_text(matrix_lines(m))
    assert ("✗ api-1 → redis-cache : attendu joignable (port 6379)\n"
            "    « redis-cache » n'existe pas") in text


def test_no_common_network_is_foreseen_before_the_probes() -> None:
    view = map_of(multi_tiers(lambda layout: layout["api-1"].pop("data-net")),
                  exercise("multi-tiers"))
    cells = plan_matrix(view.snapshot, view.expected).matrix.cells
    api_db = cells[("api-1", "postgres-db")]
    assert api_db.ping is Outcome.PENDING and api_db.as_expected is False  # shown at once
    assert api_db.reason.startswith("aucun réseau commun")
    assert cells[("nginx-lb", "postgres-db")].as_expected is True  # isolated, foreseen
    assert cells[("web-1", "api-1")].as_expected is None  # shared network: probes tell
