"""docker-lab in a real tmux, no Docker needed: slide widths and closing the terminal.

Docker is made unreachable on purpose (``DOCKER_HOST=unix:///nonexistent``): the
lessons stay readable, and nothing here touches the engine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

from tests.helpers import wait_until
from tests.tui.test_e2e_tmux import DOCKER_LAB, alive, descendants

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux absent"),
]


@pytest.fixture
def plain_session(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """docker-lab (shipped course) in a private tmux server, without Docker needs."""
    # One server per test: a server still dying from the previous test's kill-server would
    # take the next new-session down with it (« server exited unexpectedly »).
    socket = f"dlt-r2-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    name = "dlt-r2-app"
    try:
        yield socket, name
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def start(socket: str, name: str, home: Path, size: tuple[int, int]) -> None:
    # COLUMNS/LINES (set under pytest) would override the pane's size in Textual.
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", name,
                    "-x", str(size[0]), "-y", str(size[1]),
                    "-e", f"DOCKER_LAB_HOME={home}", "-e", "TERM=xterm-256color",
                    "-e", "DOCKER_HOST=unix:///nonexistent", DOCKER_LAB], check=True, env=env)


def moved(position: Callable[[], str], before: str) -> bool:
    return position() not in ("", before)


def on(socket: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], check=True, capture_output=True,
                          text=True).stdout


@pytest.mark.parametrize("size", [(100, 30)])
def test_every_slide_keeps_its_borders_in_tmux(plain_session: tuple[str, str], tmp_path: Path,
                                               size: tuple[int, int]) -> None:
    """Each of the 74 slides: every captured line is exactly the terminal's width."""
    from rich.cells import cell_len

    socket, name = plain_session
    start(socket, name, tmp_path, size)

    def screen() -> list[str]:
        return on(socket, "capture-pane", "-p", "-N", "-t", name).split("\n")[:size[1]]

    def position() -> str:
        found = [line for line in screen() if "diapo " in line and "◀" in line]
        return found[0].split("diapo ")[1].split()[0] if found else ""

    wait_until(lambda: position() == "1/9", timeout=20, message="first slide shown")
    seen = 0
    lesson = 1
    while True:
        here = position()
        wait_until(lambda: all(cell_len(line) == size[0] for line in screen()), timeout=5,
                   message=f"lesson {lesson}, slide {here}: a line is not {size[0]} cells wide:\n"
                           + "\n".join(screen()))
        seen += 1
        number, total = here.split("/")
        if number == total:
            lesson += 1
        if lesson > 10:
            break
        on(socket, "send-keys", "-t", name, "Right")
        wait_until(partial(moved, position, here), timeout=5, message="next slide")
    assert seen == 74


def test_closing_the_terminal_leaves_no_process(plain_session: tuple[str, str],
                                                tmp_path: Path) -> None:
    """SIGHUP (tmux pane killed) with a job that ignores SIGHUP in the console."""
    socket, name = plain_session
    start(socket, name, tmp_path, (120, 40))
    pane_pid = int(on(socket, "display-message", "-p", "-t", name, "#{pane_pid}").strip())
    try:
        wait_until(lambda: "libre" in on(socket, "capture-pane", "-p", "-t", name).split(
            "💻 Console")[-1], timeout=20, message="shell prompt")
    except AssertionError as error:
        raise AssertionError(f"{error}\n{on(socket, 'capture-pane', '-p', '-t', name)}") from None
    on(socket, "send-keys", "-t", name, "c")
    wait_until(lambda: "F6" in on(socket, "capture-pane", "-p", "-t", name), timeout=10,
               message="console focused (F6 in the footer)")
    on(socket, "send-keys", "-t", name, "-l", "(trap '' HUP; exec sleep 1234) &")
    on(socket, "send-keys", "-t", name, "Enter")
    try:
        wait_until(lambda: len(descendants(pane_pid)) >= 2, timeout=10, message="job started")
    except AssertionError as error:
        screen = on(socket, "capture-pane", "-p", "-t", name)
        raise AssertionError(f"{error}: {descendants(pane_pid)}\n{screen}") from None
    running = descendants(pane_pid) | {pane_pid}
    on(socket, "kill-session", "-t", name)
    try:
        wait_until(lambda: not [p for p in running if alive(p)], timeout=10,
                   message="no process left behind after SIGHUP")
    except AssertionError as error:
        left = [Path(f"/proc/{p}/cmdline").read_bytes() for p in running if alive(p)]
        raise AssertionError(f"{error}: {left}") from None
