"""``solve`` never removes or recreates what the student had before the exercise began."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docker_lab.checks.model import Status
from docker_lab.lab.guard import SolutionBlocked
from docker_lab.lab.sandbox import reset_exercise
from tests.engine.exercise_support import course_images, home, lab, sh  # noqa: F401

pytestmark = pytest.mark.engine
MINE = "--label moi=oui"


def create_overlapping(subnet: str = "172.20.0.0/16") -> None:
    """The student's own mon-app-network on the subnet the next step needs."""
    done = sh(f"docker network create {MINE} --subnet {subnet} mon-app-network", check=False)
    if "Pool overlaps" in done.stderr:
        pytest.skip(f"{subnet} est déjà pris par un autre réseau de ce moteur")
    assert done.returncode == 0, done.stderr


def network_id_and_labels(name: str) -> tuple[str, dict[str, str]]:
    raw = json.loads(sh(f"docker network inspect {name}").stdout)[0]
    return raw["Id"], raw["Labels"] or {}


def test_solve_stops_instead_of_removing_the_students_network(
        home: Path, course_images: None) -> None:  # noqa: F811
    with lab("gestion-des-reseaux", home, start=False) as ex:
        create_overlapping()
        before = network_id_and_labels("mon-app-network")
        ex.session.start()
        assert ex.store.preexisting("gestion-des-reseaux")["networks"] == ["mon-app-network"]
        assert ex.step("creer").status is Status.PASS
        with pytest.raises(SolutionBlocked) as stopped:
            ex.solve("creer-avance")
        message = str(stopped.value)
        assert "le réseau « mon-app-network »" in message and "existait avant" in message
        assert "docker network rm mon-app-network" in message
        assert network_id_and_labels("mon-app-network") == before
        assert ex.step("creer-avance").status is Status.FAIL  # the check says what is in the way
        report = reset_exercise(ex.exercise, ex.gateway.client, ex.gateway.snapshot(),
                                ex.store.preexisting("gestion-des-reseaux"), started=True)
        assert any("mon-app-network" in line and "conservé" in line for line in report.kept)
        assert network_id_and_labels("mon-app-network") == before


def test_solve_passes_when_the_students_network_is_not_in_the_way(
        home: Path, course_images: None) -> None:  # noqa: F811
    with lab("gestion-des-reseaux", home, start=False) as ex:
        sh(f"docker network create {MINE} --subnet 10.123.0.0/24 mon-app-network")
        before = network_id_and_labels("mon-app-network")
        ex.session.start()
        assert ex.solve("creer-avance").status is Status.PASS
        assert network_id_and_labels("mon-app-network") == before


def test_the_cli_says_what_is_in_the_way_and_exits_1(
        home: Path, course_images: None) -> None:  # noqa: F811
    with lab("gestion-des-reseaux", home, start=False) as ex:
        create_overlapping()
        ex.session.start()
        done = sh(f"DOCKER_LAB_HOME={home} docker-lab solve gestion-des-reseaux "
                  "--step creer-avance", check=False)
        assert done.returncode == 1, done
        assert "existait avant le début de l'exercice" in done.stdout
        assert "Traceback" not in done.stdout + done.stderr
        assert network_id_and_labels("mon-app-network")[1] == {"moi": "oui"}
