"""End to end in tmux: a wrong docker command typed in the console, explained by the panel.

docker-lab runs in a private tmux server on the dns-interne exercise; the student types
``docker network inspect`` with a network that does not exist; the exercise panel must
quote the command and its exit code, and say what it means, in French. Then a
diagnostic step does not pass before its command is run. Uses the exercise's fixed
names: runs under the shared engine lock and resets the exercise afterwards.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.engine.exercise_support import skip_when_names_taken
from tests.helpers import wait_until
from tests.helpers_lock import engine_lock
from tests.tui.test_e2e_tmux import DOCKER_LAB

pytestmark = [pytest.mark.engine, pytest.mark.tmux]


@pytest.fixture
def app(docker_client: Any, tmp_path: Path) -> Iterator[tuple[str, str]]:
    socket = f"dlt-cf-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    name = "dlt-cf-app"
    env = {**os.environ, "DOCKER_LAB_HOME": str(tmp_path)}
    with engine_lock():
        skip_when_names_taken("dns-interne")
        script = f"unset COLUMNS LINES; {DOCKER_LAB} --exercise dns-interne; read x"
        subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", name,
                        "-x", "200", "-y", "60", "-e", f"DOCKER_LAB_HOME={tmp_path}",
                        "-e", "TERM=xterm-256color", "sh", "-c", script], check=True)
        try:
            yield socket, name
        finally:
            subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
            subprocess.run([DOCKER_LAB, "reset", "dns-interne"], capture_output=True, env=env,
                           timeout=120)


def _screen(socket: str, name: str) -> str:
    return subprocess.run(["tmux", "-L", socket, "capture-pane", "-p", "-J", "-t", name],
                          capture_output=True, text=True, check=True).stdout


def _type(socket: str, name: str, text: str) -> None:
    subprocess.run(["tmux", "-L", socket, "send-keys", "-t", name, "-l", text], check=True)
    subprocess.run(["tmux", "-L", socket, "send-keys", "-t", name, "Enter"], check=True)


def _flat(text: str) -> str:
    """The screen as one line: panel lines wrap, borders cut them."""
    kept = "".join(ch for ch in text if ch not in "│╭╮╰╯─▎▊┃█▌")
    return " ".join(kept.split())


def test_a_wrong_command_is_quoted_and_explained(app: tuple[str, str]) -> None:
    socket, name = app
    screen = lambda: _screen(socket, name)  # noqa: E731
    try:
        wait_until(lambda: "Étape 1/6" in screen() and "Console" in screen(), timeout=30,
                   message="app opened on the exercise")
        wait_until(lambda: "$" in screen().split("Console", 1)[1]
                   or "#" in screen().split("Console", 1)[1], timeout=15, message="prompt")
        _type(socket, name, "docker network inspect reseau-qui-nexiste-pas")
        wait_until(lambda: "Votre dernière commande" in screen(), timeout=20,
                   message="the panel talks about the command")
        flat = _flat(screen())
        assert "Votre commande docker network inspect reseau-qui-nexiste-pas a échoué (code 1)" \
            in flat, flat
        assert "reseau-qui-nexiste-pas » n’existe pas" in flat
        assert "docker network create reseau-qui-nexiste-pas" in flat
        assert "133;" not in screen() and "633;" not in screen()

        # The first three steps, typed in the console; then the diagnostic step waits for its
        # command, and passes once it was run there.
        _type(socket, name, "docker network create app-network && docker run -d --name database "
              "--network app-network -e POSTGRES_PASSWORD=secret postgres:13 && docker run -d "
              "--name backend --network app-network mon-api:latest")
        wait_until(lambda: "3/6 étapes" in screen(), timeout=60, message="three steps done")
        wait_until(lambda: "se vérifie en lançant la commande vous-même" in _flat(screen()),
                   timeout=20, message="the diagnostic step waits for its command")
        assert "4/6 étapes" not in screen()
        _type(socket, name, "docker exec backend nslookup database")
        wait_until(lambda: "4/6 étapes" in screen(), timeout=30,
                   message="the diagnostic step passes once its command was run")
    except AssertionError as error:
        raise AssertionError(f"{error}\n{screen()}") from None
