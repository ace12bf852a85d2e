"""End to end, as a student: docker-lab in tmux at 120×40, a command typed in its console.

Uses the exercise's fixed name ``mon-app-network``: runs under the shared engine
lock (:mod:`tests.helpers_lock`) so it never overlaps other fixed-name tests, and
is skipped when that network already exists (it is never touched then).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import wait_until
from tests.helpers_lock import engine_lock

pytestmark = [
    pytest.mark.engine,
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux absent"),
]

NETWORK = "mon-app-network"
DOCKER_LAB = str(Path(sys.executable).with_name("docker-lab"))


SOCKET = f"dlt-h7-{os.getpid()}"  # a private tmux server: no other session's options


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", *args], check=True,
                          capture_output=True, text=True).stdout


def descendants(pid: int) -> set[int]:
    """Every process below *pid* (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def session(docker_client: Any, tmp_path: Path) -> Iterator[str]:
    with engine_lock():
        if docker_client.networks.list(names=[NETWORK]) and any(
                n.name == NETWORK for n in docker_client.networks.list(names=[NETWORK])):
            pytest.skip(f"« {NETWORK} » existe déjà : le test n'y touche pas")
        name = f"dlt-h7-e2e-{os.getpid()}"
        script = (f"unset COLUMNS LINES; {DOCKER_LAB} --exercise gestion-des-reseaux; "
                  "echo DLT-EXIT=$?; read x")
        tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40",
             "-e", f"DOCKER_LAB_HOME={tmp_path}", "-e", "TERM=xterm-256color",
             "sh", "-c", script)
        try:
            yield name
        finally:
            subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
            # The next test's new-session must not meet this server while it dies.
            wait_until(lambda: subprocess.run(["tmux", "-L", SOCKET, "list-sessions"],
                                              capture_output=True).returncode != 0,
                       timeout=10, message="tmux server gone")
            subprocess.run([DOCKER_LAB, "reset", "gestion-des-reseaux"], capture_output=True,
                           env={**os.environ, "DOCKER_LAB_HOME": str(tmp_path)}, timeout=120)
            for net in docker_client.networks.list(names=[NETWORK]):
                if net.name == NETWORK:
                    net.remove()


def test_first_step_turns_green_in_tmux(session: str) -> None:
    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    try:
        wait_until(lambda: "Étape 1/5" in screen() and "Console" in screen(), timeout=20,
                   message="app opened on the exercise")
    except AssertionError as error:
        raise AssertionError(f"{error}\n{screen()}") from None
    wait_until(lambda: "#" in screen().split("Console", 1)[1] or "$" in screen().split(
        "Console", 1)[1], timeout=10, message="shell prompt in the console")
    pane_pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
    running = descendants(pane_pid)
    assert len(running) >= 2, "docker-lab and its console shell run under the pane"

    tmux("send-keys", "-t", session, "-l", f"docker network create {NETWORK}")
    tmux("send-keys", "-t", session, "Enter")
    wait_until(lambda: "✓ 1" in screen() and "1/5 étapes" in screen(), timeout=10,
               message="first step shown complete")

    tmux("send-keys", "-t", session, "C-q")
    wait_until(lambda: "DLT-EXIT=0" in screen(), timeout=15, message="docker-lab exited 0")
    wait_until(lambda: not [p for p in running if alive(p)], timeout=5,
               message="no process left behind")

