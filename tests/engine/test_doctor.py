"""docker-lab doctor: French lines with ✓/✗ and fixes; exit 0/1/2; never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from docker_lab.commands import doctor


def _run_cli(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **env_extra}
    return subprocess.run([sys.executable, "-m", "docker_lab", "doctor"], capture_output=True,
                          text=True, env=env, timeout=60, check=False)


def test_daemon_unreachable_exits_2_in_french_without_traceback() -> None:
    done = _run_cli({"DOCKER_HOST": "unix:///nonexistent"})
    assert done.returncode == 2, done
    assert "✗ Le démon Docker ne répond pas (unix:///nonexistent)." in done.stdout
    assert "→ Démarrez-le : sudo systemctl start docker (ou dockerd)" in done.stdout
    assert "Docker n'est pas utilisable" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.engine
def test_healthy_machine_lists_every_point(docker_client: object) -> None:
    done = _run_cli({})
    assert done.returncode in (0, 1), done
    out = done.stdout
    assert "✓ Démon Docker joignable (" in out
    assert "✓ Droits d'accès au socket : autorisés" in out
    assert "✓ Version de l'API : 1.4" in out
    assert ("ℹ Moteur : Docker Engine " in out and "/x86_64" in out) or "/aarch64" in out
    assert "rootless" in out
    assert "Voie de docker-lab setup : " in out
    for image in doctor.course_images():
        assert f"Image {image}" in out or f"Image absente : {image}" in out
    assert "Docker Compose" in out
    assert "Accès Internet des containers" in out
    assert ("Tout est prêt" in out) == (done.returncode == 0)
    assert "Traceback" not in out + done.stderr


@pytest.mark.engine
def test_missing_image_exits_1_with_setup_fix(
    docker_client: object, lab_image: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(doctor, "course_images",
                        lambda: (lab_image, "dlt-h3-absente:latest"))
    status = doctor.run(None)  # type: ignore[arg-type]
    out = capsys.readouterr().out
    assert status == 1
    assert f"✓ Image {lab_image}" in out
    assert "✗ Image absente : dlt-h3-absente:latest — ne bloque aucun exercice" in out
    assert "→ Rendez les images du cours disponibles : docker-lab setup" in out
    assert "1 point(s) à corriger" in out


def test_course_images_cover_the_course() -> None:
    names = set(doctor.course_images())
    for image in ("nginx:alpine", "postgres:13", "redis:alpine", "mon-api:latest",
                  "mon-webapp:latest", "mon-worker:latest", "docker-lab/outils:latest"):
        assert image in names
    assert {"prom/prometheus:latest", "alpine:latest"} <= names
