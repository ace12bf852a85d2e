"""check/solve/reset with a --course folder that has no exercises/: a French message, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("command", ["check", "solve", "reset"])
def test_missing_exercises_folder_is_named(tmp_path: Path, command: str) -> None:
    course = tmp_path / "cours"
    (course / "lessons").mkdir(parents=True)
    done = subprocess.run([sys.executable, "-m", "docker_lab", "--course", str(course),
                           command, "dns-interne"], capture_output=True, text=True, timeout=60,
                          env={"DOCKER_LAB_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin",
                               "DOCKER_HOST": "unix:///nonexistent.sock"})
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"docker-lab : Dossier d'exercices introuvable : {course / 'exercises'} (")
    assert "Traceback" not in done.stderr


def test_json_error_document_names_it_too(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "docker_lab", "--course", str(tmp_path / "rien"),
                           "check", "dns-interne", "--json"], capture_output=True, text=True,
                          timeout=60, env={"DOCKER_LAB_HOME": str(tmp_path / "home"),
                                           "PATH": "/usr/bin:/bin"})
    assert done.returncode == 2
    document = json.loads(done.stdout)
    assert document["status"] == "error"
    assert document["error"].startswith("Dossier d'exercices introuvable")
