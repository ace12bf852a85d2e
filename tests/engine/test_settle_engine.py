"""A container that stops at once is not validated (issue 11): played on the real engine.

``docker run postgres:13`` without POSTGRES_PASSWORD runs for half a second. Checked in
that half second, the step used to pass (« ✓ Étape validée ») and break again at once,
and the misconception was never named. The app's link now holds a step whose container
has just started until it has run :data:`~docker_lab.lab.settle.SETTLE` seconds.
Unique ``dlt-st-`` names, test labels; each test removes what it made.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from docker_lab.checks.model import Status
from docker_lab.course.models import Exercise, Step
from docker_lab.engine.gateway import DockerGateway
from docker_lab.lab.link import EngineLink, Evaluation
from docker_lab.progress import ProgressStore
from tests.engine.exercise_support import TL, course_images, home  # noqa: F401 (fixtures)
from tests.helpers import unique_name, wait_until
from tests.unit.checks_support import check

pytestmark = pytest.mark.engine


@pytest.fixture
def link(home: Path) -> Iterator[EngineLink]:  # noqa: F811
    store = ProgressStore.open(home / "progress.sqlite3")
    engine = EngineLink(DockerGateway, store)
    yield engine
    engine.stop()
    store.close()


@pytest.fixture
def name() -> Iterator[str]:
    made = unique_name("dlt-st-")
    yield made
    subprocess.run(["docker", "rm", "-fv", made], capture_output=True, timeout=60)


def exercise(container: str, image: str) -> Exercise:
    step = Step("base", "La base", "…", (check("container", {"name": container,
                                                              "image": image}),))
    return Exercise(unique_name("dlt-st-ex-"), "Exercice", "lecon", "", (step,))


def run(command: str) -> None:
    subprocess.run(["bash", "-c", command], check=True, capture_output=True, timeout=120)


def test_postgres_without_its_password_is_never_validated_and_is_named(
        link: EngineLink, name: str, course_images: None) -> None:  # noqa: F811
    ex = exercise(name, "postgres:13")
    link.evaluate(ex)  # the exercise starts (nothing of it yet)
    run(f"docker run -d {TL} --name {name} postgres:13")
    link.attempts(ex.id).tried("base")  # typed in the console: an attempt
    seen: list[Evaluation] = []

    def stopped() -> bool:
        seen.append(link.evaluate(ex))
        return seen[-1].result.status is Status.FAIL

    wait_until(stopped, timeout=30, interval=0.2)
    assert all(not e.newly_completed for e in seen), "never « ✓ Étape validée »"
    assert all(e.settling == (name,) and 0 < e.recheck_in <= 2.0 for e in seen[:-1]), seen
    assert "postgres-sans-mot-de-passe" in [m.id for m in seen[-1].misconceptions]


def test_a_container_that_keeps_running_is_validated_once_settled(
        link: EngineLink, name: str, course_images: None) -> None:  # noqa: F811
    ex = exercise(name, "nginx:alpine")
    link.evaluate(ex)
    run(f"docker run -d {TL} --name {name} nginx:alpine")
    first = link.evaluate(ex)
    assert first.result.status is Status.PENDING and first.settling == (name,), first
    assert not first.newly_completed and 0 < first.recheck_in <= 2.0
    wait_until(lambda: link.evaluate(ex).completed == ("base",), timeout=15, interval=0.3)
