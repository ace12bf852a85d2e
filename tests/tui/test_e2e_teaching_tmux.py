"""End to end in tmux, as a new student (issue 11, « Feedback that teaches »).

docker-lab runs in a private tmux server on the dns-interne exercise; everything is typed
in its console. The exercise panel is read from the screen (its column, cut by display
cells: emoji take two), and must:

* on the first screen, show the goals, no solution command and no « Essayez » ;
* quote a wrong command with its exit code and say what it means, in French ;
* name two misconceptions typed by hand — postgres without POSTGRES_PASSWORD (and the
  step is never validated while it runs its last half second), and a ``ping`` without
  ``-c`` in ``docker exec`` that never ends (named while it runs, then once stopped) ;
* keep the diagnostic step (a ``ran`` check) open until its command is run there.

Uses the exercise's fixed names: runs under the shared engine lock, skipped when one
of them exists, and resets the exercise afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docker_lab.course.loader import load_course
from docker_lab.paths import course_dirs
from tests.engine.exercise_support import skip_when_names_taken
from tests.helpers import wait_until
from tests.helpers_lock import engine_lock
from tests.tui.test_e2e_tmux import DOCKER_LAB

pytestmark = [
    pytest.mark.engine,
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux absent"),
]

EXERCISE = "dns-interne"
SIZE = ("120", "50")
BORDERS = "│╭╮╰╯─▎▊┃█▌▔▁▂▃▄▅▆▇"


class Student:
    """The tmux server, what the student types and what they see."""

    def __init__(self, socket: str, name: str) -> None:
        self.socket, self.name = socket, name

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=True).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)
        self.tmux("send-keys", "-t", self.name, "Enter")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def see(self, *texts: str, timeout: float = 30, why: str = "") -> str:
        """Wait until the panel shows every one of *texts*; return the panel."""
        def shown() -> str:
            text = self.panel()
            return text if all(t in text for t in texts) else ""

        return wait_until(shown, timeout=timeout, message=why or " + ".join(texts))

    def panel(self) -> str:
        """The exercise panel's text, on one line (its border title and subtitle included)."""
        lines = self.screen().splitlines()
        start = _cells(lines[0]).index("╮╭") + 1  # the lesson box ends, the right side begins
        right = [_from_cell(line, start) for line in lines]
        bottom = next(i for i, line in enumerate(right) if "étapes ─╯" in line)
        kept = "".join(ch for ch in " ".join(right[:bottom + 1]) if ch not in BORDERS)
        return " ".join(kept.split())


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _cells(line: str) -> str:
    """*line* with each wide character followed by a filler: one string index per cell."""
    return "".join(ch + ("\0" if _width(ch) == 2 else "") for ch in line)


def _from_cell(line: str, cell: int) -> str:
    """What *line* shows from display column *cell* on."""
    return _cells(line)[cell:].replace("\0", "")


@pytest.fixture
def student(docker_client: Any, tmp_path: Path) -> Iterator[Student]:
    socket = f"dlt-teach-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DOCKER_LAB_HOME": str(tmp_path)}
    with engine_lock():
        skip_when_names_taken("dns-interne")
        script = f"unset COLUMNS LINES; {DOCKER_LAB} --exercise {EXERCISE}; read x"
        subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s",
                        "teach", "-x", SIZE[0], "-y", SIZE[1], "-e", f"DOCKER_LAB_HOME={tmp_path}",
                        "-e", "TERM=xterm-256color", "sh", "-c", script], check=True)
        try:
            yield Student(socket, "teach")
        finally:
            subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
            subprocess.run([DOCKER_LAB, "reset", EXERCISE], capture_output=True, env=env,
                           timeout=120)


def test_a_new_student_is_taught_by_the_feedback(student: Student) -> None:
    panel = student.panel
    try:
        _play(student)
    except AssertionError as error:
        raise AssertionError(f"{error}\n--- panneau ---\n{panel()}\n--- écran ---\n"
                             f"{student.screen()}") from None


def _play(student: Student) -> None:
    course, _ = load_course(course_dirs())
    first = student.see("Étape 1/6", "Objectifs", "Le réseau « app-network » existe")
    wait_until(lambda: "#" in student.screen().split("Console", 1)[1], timeout=15,
               message="the console's prompt")
    for step in course.exercises[EXERCISE].steps:  # no solution command before any attempt
        for command in step.solution:
            assert command.strip() not in first, command
    assert "Essayez" not in first and "✗" not in first

    # A wrong command: quoted, with its exit code, and explained in French.
    student.type("docker network inspect app-network")
    student.see("Votre commande docker network inspect app-network a échoué (code 1)",
                "Le réseau « app-network » n’existe pas", why="the command is explained")
    student.type("docker network create app-network")
    student.see("1/6 étapes")

    # Misconception 1: postgres without its password. It runs half a second: never « ✓ ».
    student.type("docker run -d --name database --network app-network postgres:13")
    shown = student.see("Idée reçue : postgres sans POSTGRES_PASSWORD", "réclame POSTGRES_PASS")
    assert "1/6 étapes" in shown
    student.type("docker rm -f database && docker run -d --name database --network "
                 "app-network -e POSTGRES_PASSWORD=secret postgres:13")
    student.see("2/6 étapes", why="step 2 done once its container has run a while")
    student.type("docker run -d --name backend --network app-network mon-api:latest")
    student.see("3/6 étapes")

    # Misconception 2: ping without -c in docker exec never ends: named while it runs.
    student.type("docker exec backend ping database")
    student.see("Idée reçue : ping sans -c ne s'arrête pas", "Ctrl+C")
    student.keys("C-c")
    student.see("arrêté à la main", why="the ping stopped by hand does not count")

    # The diagnostic step waits for its command, run in the console, and only for it: the
    # interrupted ping lacks its -c (the goal line shows only until that check has run).
    shown = student.see("il y manque l'option -c", why="the ping without -c is not the command")
    assert "3/6 étapes" in shown
    student.type("docker exec backend nslookup database")
    student.see("4/6 étapes", why="the diagnostic step passes once its command was run")
    assert "133;" not in student.screen() and "633;" not in student.screen()
