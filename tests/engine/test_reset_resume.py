"""Reset finishes what it started: a partial reset keeps the record (the retry removes the
rest), and a reset from another shell while the app has the exercise open starts it afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from docker_lab.engine.gateway import DockerGateway
from docker_lab.lab.link import EngineLink
from tests.engine.exercise_support import course_images, home, lab, sh  # noqa: F401

pytestmark = pytest.mark.engine
TL = "--label docker-lab.test=true --label docker-lab.managed=true"


def reset(home: Path, exercise: str) -> tuple[int, str]:  # noqa: F811
    done = sh(f"DOCKER_LAB_HOME={home} docker-lab reset {exercise}", check=False)
    assert "Traceback" not in done.stdout + done.stderr
    return done.returncode, done.stdout


def test_a_failed_reset_keeps_the_record_and_the_retry_finishes(
        home: Path, course_images: None) -> None:  # noqa: F811
    with lab("gestion-des-reseaux", home) as ex:
        for step in ("creer", "creer-avance"):
            ex.session.record(ex.solve(step))
        sh(f"docker run -d {TL} --name dlt-intrus --network mon-app-network "
           "docker-lab/outils:latest sleep 600")
        try:
            code, out = reset(home, "gestion-des-reseaux")
            assert code == 1
            assert "docker network disconnect mon-app-network dlt-intrus" in out
            assert "gardée" in out
            assert ex.store.exercise_started_at("gestion-des-reseaux") is not None
            assert sh("docker network inspect mon-app-network", check=False).returncode == 0
            assert sh("docker network inspect mon-reseau-avance", check=False).returncode != 0
            sh("docker network disconnect mon-app-network dlt-intrus")
            code, out = reset(home, "gestion-des-reseaux")
            assert code == 0, out
            assert "Réseau « mon-app-network » supprimé." in out
            assert ex.store.exercise_started_at("gestion-des-reseaux") is None
        finally:
            sh("docker rm -f dlt-intrus", check=False)


def test_reset_from_another_shell_while_the_app_has_the_exercise_open(
        home: Path, course_images: None) -> None:  # noqa: F811
    with lab("gestion-des-reseaux", home, start=False) as ex:
        link = EngineLink(DockerGateway, ex.store)
        try:
            first = link.evaluate(ex.exercise)
            started = ex.store.exercise_started_at("gestion-des-reseaux")
            assert started is not None and first.completed == ()
            sh("docker network create mon-app-network")
            assert link.evaluate(ex.exercise).newly_completed == ("creer",)
            code, _ = reset(home, "gestion-des-reseaux")  # another shell
            assert code == 0
            assert ex.store.exercise_started_at("gestion-des-reseaux") is None
            sh("docker network create --subnet 10.124.0.0/24 mon-app-network")  # after the reset
            again = link.evaluate(ex.exercise)
            restarted = ex.store.exercise_started_at("gestion-des-reseaux")
            assert restarted is not None and restarted > started
            assert ex.store.preexisting("gestion-des-reseaux")["networks"] == ["mon-app-network"]
            assert again.newly_completed == ("creer",)
            assert ex.store.completed_steps("gestion-des-reseaux").keys() == {"creer"}
            sh("docker network create mon-reseau-avance --subnet 172.20.0.0/16 "
               "--ip-range 172.20.240.0/20 --gateway 172.20.0.1")  # made since the new start
            code, out = reset(home, "gestion-des-reseaux")
            assert code == 0
            assert "Réseau « mon-reseau-avance » supprimé." in out
            assert "« mon-app-network » existait avant l'exercice" in out
        finally:
            link.stop()
            sh("docker network rm mon-app-network", check=False)
