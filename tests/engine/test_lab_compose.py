"""The exercise's Compose project on the real engine (Compose v1 here; v2 where installed).

Found by the working directory label whatever the project's name; its services can be
named like containers; reset removes its containers, networks and volumes and nothing of
another project that has the same service names.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docker_lab.course.models import Exercise
from docker_lab.engine.gateway import DockerGateway
from docker_lab.lab.compose import project_of, scope
from docker_lab.lab.sandbox import reset_exercise
from tests.helpers import unique_name

pytestmark = pytest.mark.engine

COMPOSE_FILE = """\
services:
  api:
    image: alpine:latest
    command: sleep 600
    networks: [front, data]
  db:
    image: alpine:latest
    command: sleep 600
    networks:
      data:
        aliases: [base.local]
    volumes: [dbdata:/data]
networks:
  front: {}
  data: {internal: true}
volumes:
  dbdata: {}
"""


def compose_commands() -> list[list[str]]:
    """The Compose commands installed: v1 ``docker-compose`` and/or v2 ``docker compose``."""
    found = []
    if shutil.which("docker-compose"):
        found.append(["docker-compose"])
    v2 = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    if v2.returncode == 0:
        found.append(["docker", "compose"])
    return found


@pytest.fixture(params=compose_commands() or [pytest.param(None, marks=pytest.mark.skip)],
                ids=lambda c: " ".join(c) if c else "none")
def compose(request: pytest.FixtureRequest) -> list[str]:
    command: list[str] = request.param
    return command


@pytest.fixture
def two_projects(tmp_path: Path, compose: list[str]) -> Iterator[tuple[Path, str, str]]:
    """The exercise's project in ``work/`` and the student's own one in ``mine/``."""
    work, mine = tmp_path / "work", tmp_path / "mine"
    names = (unique_name("dltc"), unique_name("dltc"))
    for folder, name in zip((work, mine), names, strict=True):
        folder.mkdir()
        (folder / "docker-compose.yml").write_text(COMPOSE_FILE)
        subprocess.run([*compose, "-p", name, "up", "-d"], cwd=folder, check=True,
                       capture_output=True, timeout=120)
    try:
        yield work, *names
    finally:
        for folder, name in zip((work, mine), names, strict=True):
            subprocess.run([*compose, "-p", name, "down", "-v", "-t", "0"], cwd=folder,
                           capture_output=True, timeout=120, check=False)


def test_the_project_started_from_the_working_directory_is_found_by_labels(
        two_projects: tuple[Path, str, str]) -> None:
    work, name, _ = two_projects
    with DockerGateway() as gateway:
        snapshot = gateway.snapshot()
    found = project_of(snapshot, work)
    assert found is not None and found.name == name
    assert sorted(found.services) == ["api", "db"]
    assert sorted(found.networks) == ["data", "front"]
    assert found.networks["data"].internal and not found.networks["front"].internal
    assert list(found.volumes) == ["dbdata"]
    scoped = scope(snapshot, work)
    api = scoped.container("api")
    assert api is not None and api.compose_project == name
    assert scoped.compose_project == name
    assert scope(snapshot, work.parent).container("api") is None


def test_reset_takes_down_only_the_exercise_project(two_projects: tuple[Path, str, str]) -> None:
    work, name, other = two_projects
    exercise = Exercise("dlt-compose", "Compose", "docker-compose", "…", steps=())
    with DockerGateway() as gateway:
        report = reset_exercise(exercise, gateway.client, gateway.snapshot(), None,
                                started=True, workdir=work)
        after = gateway.snapshot()
    assert not report.errors, report.lines()
    labels: list[dict[str, Any]] = [c.labels for c in after.containers.values()]
    assert not [x for x in labels if x.get("com.docker.compose.project") == name]
    assert not [n for n in after.networks.values()
                if n.labels.get("com.docker.compose.project") == name]
    assert not [v for v in after.volumes.values()
                if v.labels.get("com.docker.compose.project") == name]
    kept = [x for x in labels if x.get("com.docker.compose.project") == other]
    assert len(kept) == 2
    assert len([n for n in after.networks.values()
                if n.labels.get("com.docker.compose.project") == other]) == 2
