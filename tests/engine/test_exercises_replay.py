"""Replay of every exercise on the real engine (rustlings ``dev check``).

Start state: every step fails. Each step's reference solution, in order: that
step passes. Reset: nothing of the exercise is left.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docker_lab.checks.model import Status
from docker_lab.lab.sandbox import reset_exercise
from tests.engine.exercise_support import (  # noqa: F401 (fixtures)
    course_images,
    ensure_dummy_parent,
    exercise_ids,
    home,
    lab,
    leftovers,
    sh,
    skip_unless_port_free_for_docker,
)

pytestmark = pytest.mark.engine

EXERCISES = exercise_ids()
#: A wrong answer for each answer step in the start state.
WRONG = {"sous-reseau-bridge": "10.99.0.0/16", "adresse-ip": "10.99.0.2", "preuve": "2",
         "constat": "shop-front", "mtu": "1500", "diagnostic": "mon-app"}


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_replay(exercise_id: str, course_images: None, home: Path) -> None:  # noqa: F811
    if exercise_id == "types-de-reseaux":
        ensure_dummy_parent()  # else the solution uses the default route's interface
    if exercise_id == "conflit-de-ports":
        skip_unless_port_free_for_docker(8080, 8081)
    with lab(exercise_id, home) as ex:
        for step in ex.exercise.steps:
            result = ex.step(step.id, answer=WRONG.get(step.id))
            assert result.status is Status.FAIL, (step.id, result)
            for check in result.checks:
                assert check.message and check.message != "échec"
        for step in ex.exercise.steps:
            result = ex.solve(step.id)
            assert result.status is Status.PASS, (step.id, [c.message for c in result.checks])
            ex.session.record(result)
        assert ex.session.current_step() is None
        if exercise_id == "types-de-reseaux":  # what the « none » check stands for
            dev = sh("docker exec isole cat /proc/net/dev").stdout
            assert [ln.split(":")[0].strip() for ln in dev.splitlines() if ":" in ln] == ["lo"]
        report = reset_exercise(ex.exercise, ex.gateway.client, ex.gateway.snapshot(),
                                ex.store.preexisting(exercise_id), started=True,
                                workdir=ex.workdir)
        assert report.errors == []
        assert leftovers(ex.exercise, ex.gateway) == {}


def test_advanced_network_when_docker_gave_its_subnet_to_mon_app_network(
    course_images: None, home: Path  # noqa: F811
) -> None:
    """Docker's allocator may give 172.20.0.0/16 to mon-app-network (created first, without
    --subnet); the check says so and how to move it, and the reference solution copes."""
    with lab("gestion-des-reseaux", home) as ex:
        sh("docker network create --subnet 172.20.0.0/16 mon-app-network")
        assert ex.step("creer").status is Status.PASS
        blocked = ex.step("creer-avance")
        assert blocked.status is Status.FAIL
        assert "chevauche celui du réseau « mon-app-network »" in blocked.checks[0].message
        assert "docker network rm mon-app-network, puis" in blocked.checks[0].message
        assert ex.solve("creer-avance").status is Status.PASS
        assert ex.step("creer").status is Status.PASS, "mon-app-network exists again"
