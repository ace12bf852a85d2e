"""Shared pieces of the exercise replay tests (real engine, fixed contract names).

The exercises' resources have fixed names (``app-network``, ``database``…):
tests using them hold H7's cross-process engine lock and reset the exercise
(``force``) before and after, so nothing of it is left behind.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from docker_lab.checks.model import Status, StepResult
from docker_lab.course.loader import load_course
from docker_lab.course.models import Exercise
from docker_lab.engine.gateway import DockerGateway
from docker_lab.lab.sandbox import compose_owned, existing_named, labelled, reset_exercise
from docker_lab.lab.session import ExerciseSession
from docker_lab.paths import course_dirs
from docker_lab.progress import ProgressStore
from tests.helpers import wait_until
from tests.helpers_lock import engine_lock

DUMMY = "dlt-dummy0"
#: The uplink as a macvlan parent: creating the network sends nothing (DESIGN « Network safety »).
UPLINK = "$(ip route show default | awk '{print $5; exit}')"


def exercise(exercise_id: str) -> Exercise:
    course, _ = load_course(course_dirs())
    return course.exercises[exercise_id]


def sh(command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a shell command as a student would type it."""
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=check,
                          timeout=120)


def leftovers(ex: Exercise, gateway: DockerGateway) -> dict[str, list[str]]:
    """Resources of the exercise still on the engine (named, labelled, or made by Compose in
    its working directory)."""
    from docker_lab.paths import workdir_for

    snap = gateway.snapshot()
    named, tagged = existing_named(ex, snap), labelled(snap, ex.id)
    composed = compose_owned(snap, workdir_for(ex.id))
    return {k: sorted(set(named[k]) | set(tagged[k]) | set(composed[k])) for k in named
            if named[k] or tagged[k] or composed[k]}


def force_clean(ex: Exercise, gateway: DockerGateway) -> None:
    from docker_lab.paths import workdir_for

    reset_exercise(ex, gateway.client, gateway.snapshot(), None, started=True, force=True,
                   workdir=workdir_for(ex.id))


def exercise_ids() -> list[str]:
    """Every exercise of the shipped course, in lesson order."""
    course, _ = load_course(course_dirs())
    return [e for lesson in course.lessons for e in lesson.exercises if e in course.exercises]


#: Labels of the helper resources wrong-state tests create beside the exercise's own.
TL = "--label docker-lab.test=true --label docker-lab.managed=true"


def failing_messages(ex: Lab, step: str, answer: str | None = None) -> str:
    """The messages of a step's failing checks; asserts the step fails."""
    result = ex.step(step, answer)
    assert result.status is Status.FAIL, result
    return "\n".join(c.message for c in result.checks if c.status is Status.FAIL)


def says(ex: Lab, step: str, *fragments: str, answer: str | None = None) -> str:
    """The step fails and its messages name each fragment; returns the messages."""
    text = failing_messages(ex, step, answer)
    for fragment in fragments:
        assert fragment in text, text
    return text


def said(ex: Lab, step: str, *fragments: str, answer: str | None = None,
         timeout: float = 30.0) -> str:
    """Like :func:`says`, polled: containers take a moment to start or to exit."""
    seen = [""]

    def complete() -> bool:
        result = ex.step(step, answer)
        seen[0] = "\n".join(c.message for c in result.checks if c.status is Status.FAIL)
        return all(fragment in seen[0] for fragment in fragments)

    try:
        wait_until(complete, timeout=timeout, interval=0.3)
    except AssertionError:
        raise AssertionError(f"{step} : {fragments} absent de :\n{seen[0]}") from None
    return seen[0]


def skip_when_names_taken(exercise_id: str) -> None:
    """Skip the test when a resource the exercise names already exists (never touched)."""
    gateway = DockerGateway()
    try:
        taken = existing_named(exercise(exercise_id), gateway.snapshot())
    finally:
        gateway.close()
    names = sorted(name for found in taken.values() for name in found)
    if names:
        pytest.skip(f"{names} existent déjà : le test n'y touche pas")


def skip_unless_port_free_for_docker(*ports: int) -> None:
    """Skip when a host port is held by something other than a Docker container.

    Only a program of the host (not a container, which the exercise resets) makes
    ``conflit-de-ports`` impossible here: its setup publishes 8080, its solution 8081.
    """
    import socket

    lines = sh("docker ps --format '{{.Names}} {{.Ports}}'").stdout.splitlines()
    for port in ports:
        holders = [ln.split()[0] for ln in lines if f":{port}->" in ln]
        strangers = [h for h in holders if h not in ("occupant", "mon-app")]
        if strangers:
            pytest.skip(f"le port {port} est publié par le container « {strangers[0]} », "
                        "étranger à l'exercice : conflit-de-ports ne peut pas tourner ici")
        if holders:
            continue  # the exercise's own container: the reset removes it
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                pytest.skip(f"le port {port} de cette machine est pris par un programme de "
                            "l'hôte (pas un container) : conflit-de-ports ne peut pas y tourner")


def ensure_dummy_parent() -> bool:
    """Create the dummy interface macvlan tests use as parent (root only)."""
    if sh(f"ip link show {DUMMY}", check=False).returncode == 0:
        return True
    return sh(f"ip link add {DUMMY} type dummy", check=False).returncode == 0


@dataclass
class Lab:
    """One exercise on the real engine: its session, gateway and store."""

    exercise: Exercise
    gateway: DockerGateway
    store: Any
    session: ExerciseSession
    workdir: Path

    def step(self, step_id: str, answer: str | None = None) -> StepResult:
        return self.session.evaluate(step_id, answer=answer)

    def wait(self, step_id: str, status: Status, timeout: float = 60.0,
             answer: str | None = None) -> StepResult:
        """Poll a step's verdict until it is ``status`` (servers take a moment to listen)."""
        from tests.helpers import wait_until

        last: list[StepResult] = []

        def reached() -> bool:
            last[:] = [self.step(step_id, answer)]
            return last[0].status is status

        try:
            wait_until(reached, timeout=timeout, interval=0.3)
        except AssertionError:
            raise AssertionError(f"{step_id}: {status.value} attendu, trouvé "
                                 f"{[(c.status.value, c.message) for c in last[0].checks]}"
                                 ) from None
        return last[0]

    def solve(self, step_id: str) -> StepResult:
        from docker_lab.commands.solve import solve_step

        step = self.exercise.step(step_id)
        assert step is not None
        return solve_step(self.session, step, self.workdir)


@contextmanager
def lab(exercise_id: str, home: Path, start: bool = True) -> Iterator[Lab]:
    """The exercise, clean before and after, under the engine lock."""
    from docker_lab.paths import workdir_for

    ex = exercise(exercise_id)
    with engine_lock():
        gateway = DockerGateway()
        store = ProgressStore.open(home / "progress.sqlite3")
        try:
            force_clean(ex, gateway)
            session = ExerciseSession(ex, gateway, store)
            if start:
                session.start()
            yield Lab(ex, gateway, store, session, workdir_for(ex.id))
        finally:
            force_clean(ex, gateway)
            store.close()
            gateway.close()


@pytest.fixture(scope="session")
def course_images(docker_client: Any, lab_image: str) -> None:
    """The images the exercises use (``docker-lab setup --offline``), built once if missing."""
    from docker_lab.engine.images import run_setup

    failed = [r for r in run_setup(docker_client, offline=True) if r.status == "failed"]
    assert not failed, failed


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty ``DOCKER_LAB_HOME``."""
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    yield tmp_path
