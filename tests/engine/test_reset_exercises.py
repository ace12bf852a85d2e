"""Reset on the real engine: what the exercise made goes, what the user had stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from docker_lab.lab.sandbox import reset_exercise
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
            assert "Réseau « mon-reseau-avance » supprimé." in report.removed
            assert report.kept == ["« web-server » existait avant l'exercice : conservé "
                                   "(utilisez --force pour le supprimer)."]
            assert ex.gateway.snapshot().container("web-server") is not None
            assert leftovers(ex.exercise, ex.gateway) == {"containers": ["web-server"]}
            forced = reset_exercise(ex.exercise, ex.gateway.client, ex.gateway.snapshot(),
                                    ex.store.preexisting(ex.exercise.id), started=True,
                                    force=True)
            assert "Container « web-server » supprimé." in forced.removed
        finally:
            sh("docker rm -fv web-server; docker network rm dlt-h5-user", check=False)


def test_never_started_exercise_removes_only_labelled(home: Path,  # noqa: F811
                                                      course_images: None) -> None:  # noqa: F811
    with lab("dns-interne", home, start=False) as ex:
        sh(f"docker network create {TL} app-network && docker run -d {TL} "
           "--label docker-lab.exercise=dns-interne --name dlt-h5-tagged alpine sleep 60")
        report = reset_exercise(ex.exercise, ex.gateway.client, ex.gateway.snapshot(),
                                ex.store.preexisting(ex.exercise.id), started=False)
        assert report.removed == ["Container « dlt-h5-tagged » supprimé."]
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


SETUP_EXERCISE = """\
format_version: 1
id: dlt-h5-setup
title: Avec un setup
lesson: gestion-des-reseaux
introduction: Un état cassé est préparé.
setup:
  networks:
    - {name: dlt-h5-setup-net, subnet: 10.124.0.0/24}
  volumes:
    - {name: dlt-h5-setup-vol}
  containers:
    - name: dlt-h5-setup-web
      image: docker-lab/outils:latest
      command: [sleep, "600"]
      networks: [dlt-h5-setup-net]
      volumes: {dlt-h5-setup-vol: /data}
files:
  notes/lisez-moi.txt: "Bonjour\\n"
steps:
  - id: voir
    title: Voir
    instructions: Regardez dlt-h5-setup-web.
    solution: ["true"]
    checks:
      - {kind: container, name: dlt-h5-setup-web, networks: [dlt-h5-setup-net],
         volumes: {dlt-h5-setup-vol: /data}}
"""


def test_setup_files_and_their_reset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     lab_image: str) -> None:
    from docker_lab.course.exercises import parse_exercise_file
    from docker_lab.engine.gateway import DockerGateway
    from docker_lab.lab.session import ExerciseSession
    from docker_lab.paths import workdir_for
    from docker_lab.progress import ProgressStore

    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    path = tmp_path / "setup.yaml"
    path.write_text(SETUP_EXERCISE, encoding="utf-8")
    ex, problems = parse_exercise_file(path)
    assert problems == [] and ex is not None
    gateway = DockerGateway()
    store = ProgressStore.open(tmp_path / "p.sqlite3")
    try:
        session = ExerciseSession(ex, gateway, store)
        session.start()
        assert len(session.setup_messages) == 3
        assert (workdir_for(ex.id) / "notes" / "lisez-moi.txt").read_text() == "Bonjour\n"
        result = session.evaluate()
        assert result.status.value == "pass", result
        web = gateway.snapshot().container("dlt-h5-setup-web")
        assert web is not None and web.labels["docker-lab.exercise"] == ex.id
        report = reset_exercise(ex, gateway.client, gateway.snapshot(), store.preexisting(ex.id),
                                started=False)  # labelled: removed even if never started
        assert len(report.removed) == 3 and report.errors == []
        assert leftovers(ex, gateway) == {}
    finally:
        reset_exercise(ex, gateway.client, gateway.snapshot(), None, started=True, force=True)
        store.close()
        gateway.close()
