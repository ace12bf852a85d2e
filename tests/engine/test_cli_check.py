"""The ``check``, ``solve`` and ``reset`` commands as a grader runs them (subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.exercise_support import (  # noqa: F401 (fixtures)
    course_images,
    ensure_dummy_parent,
    exercise,
    home,
    sh,
)
from tests.helpers_lock import engine_lock


def cli(*args: str, home: Path, **env: str  # noqa: F811
        ) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "DOCKER_LAB_HOME": str(home), **env}
    return subprocess.run([sys.executable, "-m", "docker_lab", *args], capture_output=True,
                          text=True, env=environ, timeout=300, check=False)


def test_daemon_unreachable_is_exit_2_in_french(tmp_path: Path) -> None:
    done = cli("check", "dns-interne", home=tmp_path, DOCKER_HOST="unix:///nonexistent")
    assert done.returncode == 2
    assert "Docker injoignable" in done.stderr and "unix:///nonexistent" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    as_json = cli("check", "dns-interne", "--json", home=tmp_path,
                  DOCKER_HOST="unix:///nonexistent")
    assert as_json.returncode == 2
    assert json.loads(as_json.stdout)["status"] == "error"
    for command in (["solve", "dns-interne"], ["reset", "dns-interne"]):
        other = cli(*command, home=tmp_path, DOCKER_HOST="unix:///nonexistent")
        assert other.returncode == 2 and "Traceback" not in other.stderr


def test_unknown_exercise_and_step(tmp_path: Path) -> None:
    done = cli("check", "dns", home=tmp_path)
    assert done.returncode == 2
    assert "Exercice inconnu « dns »" in done.stderr
    assert ("conflit-de-ports, diagnostic, dns-interne, gestion-des-reseaux, multi-tiers"
            in done.stderr)
    step = cli("check", "dns-interne", "--step", "nope", home=tmp_path)
    assert step.returncode == 2 and "Étape inconnue « nope »" in step.stderr


@pytest.mark.engine
def test_grader_flow(home: Path, course_images: None) -> None:  # noqa: F811
    ensure_dummy_parent()
    names = "web-host isole"
    with engine_lock():
        sh(f"docker rm -fv {names}; docker network rm macvlan-network", check=False)
        try:
            start = cli("check", "types-de-reseaux", "--json", home=home)
            assert start.returncode == 1, start.stderr
            doc = json.loads(start.stdout)
            assert doc["exercise"] == "types-de-reseaux" and doc["status"] != "pass"
            assert [s["id"] for s in doc["steps"]] == [s.id for s in
                                                       exercise("types-de-reseaux").steps]
            assert set(doc["steps"][0]) >= {"id", "title", "status", "checks"}
            assert set(doc["steps"][0]["checks"][0]) == {"kind", "status", "message",
                                                         "expected", "actual"}
            one = cli("check", "types-de-reseaux", "--step", "none", "--json", home=home)
            assert one.returncode == 1
            [step] = json.loads(one.stdout)["steps"]
            assert step["status"] == "fail" and "« isole » n'existe pas" in (
                step["checks"][0]["message"])
            solved = cli("solve", "types-de-reseaux", home=home)
            assert solved.returncode == 0, solved.stdout + solved.stderr
            assert "$ docker run -d --name isole --network none alpine sleep 3600" in (
                solved.stdout)
            again = cli("solve", "types-de-reseaux", home=home)  # idempotent
            assert again.returncode == 0 and "déjà validée" in again.stdout
            done = cli("check", "types-de-reseaux", "--json", home=home)
            assert done.returncode == 0, done.stdout
            assert {s["status"] for s in json.loads(done.stdout)["steps"]} == {"pass"}
            text = cli("check", "types-de-reseaux", home=home)
            assert text.returncode == 0 and "Tout est validé." in text.stdout
            reset = cli("reset", "types-de-reseaux", home=home)
            assert reset.returncode == 0, reset.stdout + reset.stderr
            assert "Container « isole » supprimé." in reset.stdout
            left = sh("docker ps -a --format '{{.Names}}'; docker network ls --format "
                      "'{{.Name}}'").stdout.split()
            assert not {"web-host", "isole", "macvlan-network"} & set(left)
        finally:
            sh(f"docker rm -fv {names}; docker network rm macvlan-network", check=False)
