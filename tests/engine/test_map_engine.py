"""The network map and its matrix on the real engine: the multi-tiers solution, then broken.

Under the machine-wide engine lock (the exercise's names are fixed). The student's own
container and network (unique names, test labels) must show as extra and stay untouched.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from docker_lab.lab.mapjson import conforms
from docker_lab.lab.matrix import Matrix, fill_matrix, plan_matrix
from docker_lab.lab.netmap import MapView, read_map
from docker_lab.lab.topology import Mark
from tests.engine.exercise_support import Lab, course_images, home, lab, sh  # noqa: F401
from tests.helpers import wait_until

pytestmark = pytest.mark.engine

NETWORKS = ("frontend-net", "backend-net", "data-net", "monitoring-net")
ON = {"frontend-net": {"nginx-lb", "web-1", "prometheus"},
      "backend-net": {"web-1", "api-1", "prometheus"},
      "data-net": {"api-1", "postgres-db", "redis-cache", "prometheus"},
      "monitoring-net": {"prometheus"}}


def read(ex: Lab) -> tuple[MapView, Matrix]:
    view = read_map(ex.gateway, ex.exercise, ex.workdir)
    return view, fill_matrix(ex.gateway, view.snapshot, view.expected)


def members(view: MapView, network: str) -> dict[str, Mark]:
    node = view.topology.network(network)
    assert node is not None, network
    return {m.name: m.mark for m in node.members}


def test_multi_tiers_map_and_matrix(home: Path, course_images: None,  # noqa: F811
                                    engine_resources: Any) -> None:
    mine = engine_resources.network("dlt-map-own-")
    own = engine_resources.container("dlt-map-own-", network=mine.name)
    with lab("multi-tiers", home) as ex:
        for step in ex.exercise.steps:
            ex.solve(step.id)
        last: list[tuple[MapView, Matrix]] = []

        def as_expected() -> bool:  # postgres takes a few seconds to listen
            last[:] = [read(ex)]
            return conforms(last[0][0].topology, last[0][1])

        wait_until(as_expected, timeout=60, interval=0.5)
        view, matrix = last[0]
        for name in NETWORKS:
            node = view.topology.network(name)
            assert node is not None and node.mark is Mark.OK, name
            assert members(view, name) == dict.fromkeys(ON[name], Mark.OK), name
        assert matrix.filled and matrix.elapsed <= 2.0, matrix.elapsed
        assert all(c.as_expected for c in matrix.cells.values() if c.expected)
        assert members(view, mine.name) == {own.name: Mark.EXTRA}
        assert view.topology.container(own.name).mark is Mark.EXTRA  # type: ignore[union-attr]
        assert own.name not in matrix.containers

        out = subprocess.run([sys.executable, "-m", "docker_lab", "map", "multi-tiers", "--json"],
                             capture_output=True, text=True, timeout=60, check=True)
        document = json.loads(out.stdout)
        assert document["conforms"] is True
        assert {c["from"] for c in document["matrix"]["cells"]} >= {"nginx-lb", "api-1"}

        # The step: api-1 off backend-net. It stays on data-net with the database.
        sh("docker network disconnect backend-net api-1")
        start = time.monotonic()
        view, matrix = read(ex)
        took = time.monotonic() - start
        assert members(view, "backend-net")["api-1"] is Mark.MISSING
        web_api = matrix.cells[("web-1", "api-1")]
        assert web_api.as_expected is False and not web_api.reached
        assert web_api.reason.startswith("aucun réseau commun (web-1 : backend-net, frontend-net")
        assert matrix.cells[("api-1", "postgres-db")].as_expected is True
        assert took <= 2.0, took

        sh("docker network disconnect data-net api-1")
        start = time.monotonic()  # what the app shows before the probes answer
        seen = read_map(ex.gateway, ex.exercise, ex.workdir)
        foreseen = plan_matrix(seen.snapshot, seen.expected).matrix.cells[("api-1", "postgres-db")]
        assert time.monotonic() - start < 1.0 and foreseen.as_expected is False
        view, matrix = read(ex)
        assert members(view, "data-net")["api-1"] is Mark.MISSING
        api_db = matrix.cells[("api-1", "postgres-db")]
        assert api_db.as_expected is False and not api_db.reached
        assert api_db.reason == ("aucun réseau commun (api-1 : aucun réseau ; "
                                 "postgres-db : data-net)")
        assert not conforms(view.topology, matrix)
    # The student's own resources were never touched.
    engine_resources.client.networks.get(mine.id)
    assert engine_resources.client.containers.get(own.id).status == "running"
