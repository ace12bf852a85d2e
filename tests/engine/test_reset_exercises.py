"""Reset on the real engine: what the exercise made goes, what the user had stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from docker_lab.engine.sandbox import reset_exercise
from tests.engine.exercise_support import (  # noqa: F401 (fixtures)
    course_images,
    home,
    lab,
    leftovers,
    sh,
)

pytestmark = pytest.mark.engine
TL = "--label docker-lab.test=true --label docker-lab.managed=true"


def test_preexisting_container_survives_reset(home: Path, course_images: None) -> None:  # noqa: F811
    with lab("gestion-des-reseaux", home, start=False) as ex:
        sh(f"docker network create {TL} dlt-h5-user && "
           f"docker run -d {TL} --name web-server --network dlt-h5-user nginx:alpine")
        try:
            ex.session.start()
            assert ex.store.preexisting(ex.exercise.id)["containers"] == ["web-server"]
            assert ex.solve("creer-avance").status.value == "pass"
            report = reset_exercise(ex.exercise, ex.gateway.client, ex.gateway.snapshot(),
                                    ex.store.preexisting(ex.exercise.id), started=True)
            assert "Le réseau « mon-reseau-avance » supprimé." in report.removed
            assert report.kept == ["« web-server » existait avant l'exercice : conservé "
                                   "(utilisez --force pour le supprimer)."]
            assert ex.gateway.snapshot().container("web-server") is not None
            assert leftovers(ex.exercise, ex.gateway) == {"containers": ["web-server"]}
            forced = reset_exercise(ex.exercise, ex.gateway.client, ex.gateway.snapshot(),
                                    ex.store.preexisting(ex.exercise.id), started=True,
                                    force=True)
            assert "Le container « web-server » supprimé." in forced.removed
        finally:
            sh("docker rm -f web-server; docker network rm dlt-h5-user", check=False)


def test_never_started_exercise_removes_only_labelled(home: Path,  # noqa: F811
                                                      course_images: None) -> None:  # noqa: F811
    with lab("dns-interne", home, start=False) as ex:
        sh(f"docker network create {TL} app-network && docker run -d {TL} "
           "--label docker-lab.exercise=dns-interne --name dlt-h5-tagged alpine sleep 60")
        report = reset_exercise(ex.exercise, ex.gateway.client, ex.gateway.snapshot(),
                                ex.store.preexisting(ex.exercise.id), started=False)
        assert report.removed == ["Le container « dlt-h5-tagged » supprimé."]
        assert any("« app-network » n'a pas été créé par docker-lab" in k for k in report.kept)
        snapshot = ex.gateway.snapshot()
        assert snapshot.network("app-network") is not None
        assert snapshot.container("dlt-h5-tagged") is None


def test_predefined_networks_are_never_removed(home: Path,  # noqa: F811
                                               course_images: None) -> None:  # noqa: F811
    with lab("types-de-reseaux", home) as ex:
        report = reset_exercise(ex.exercise, ex.gateway.client, ex.gateway.snapshot(),
                                None, started=True, force=True)
        assert not any("bridge" in line or "« host »" in line for line in report.lines())
        assert {"bridge", "host", "none"} <= set(ex.gateway.snapshot().networks)
