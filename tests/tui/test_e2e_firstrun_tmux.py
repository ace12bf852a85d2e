"""End to end, as a new student, in tmux: an engine without the course's images.

The engine is a throwaway ``dockerd`` of its own (:mod:`tests.engine.registry_support`:
own network namespace, own data root, no image at all); the shared engine and
its course images are never touched. ``docker-lab --exercise dns-interne``
opens, the first-run dialog lists the missing images, Enter prepares them
(no registry answers there: stand-ins, as ``docker-lab setup`` would), and the
step that runs ``mon-api`` is completed from the console.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.registry_support import throwaway_engine
from tests.helpers import wait_until

pytestmark = [
    pytest.mark.engine,
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux absent"),
]

DOCKER_LAB = str(Path(sys.executable).with_name("docker-lab"))
SOCKET = f"dlt-fr-{os.getpid()}"  # a private tmux server


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", *args], check=True,
                          capture_output=True, text=True).stdout


def test_first_launch_prepares_the_images_then_mon_api_runs(tmp_path: Path) -> None:
    with throwaway_engine() as engine:
        assert engine.client.api.images() == []
        name = "dlt-fr-e2e"
        script = (f"unset COLUMNS LINES; {DOCKER_LAB} --exercise dns-interne; "
                  "echo DLT-EXIT=$?; read x")
        tmux("new-session", "-d", "-s", name, "-x", "140", "-y", "45",
             "-e", f"DOCKER_LAB_HOME={tmp_path}", "-e", f"DOCKER_HOST={engine.host}",
             "-e", "TERM=xterm-256color", "sh", "-c", script)

        def screen() -> str:
            return tmux("capture-pane", "-p", "-t", name)

        def see(text: str, timeout: float, what: str) -> None:
            try:
                wait_until(lambda: re.search(text, screen()), timeout=timeout, interval=0.2,
                           message=what)
            except AssertionError as error:
                raise AssertionError(f"{error}\n{screen()}") from None

        def type_line(line: str) -> None:
            tmux("send-keys", "-t", name, "-l", line)
            tmux("send-keys", "-t", name, "Enter")

        try:
            see("Premier lancement", 60, "first-run dialog")
            assert "mon-api:latest" in screen() and "dns-interne" in screen()
            tmux("send-keys", "-t", name, "Enter")  # « Préparer maintenant »
            see("Tout est prêt", 600, "every image prepared")
            tags = {t for i in engine.client.api.images() for t in i.get("RepoTags") or []}
            assert {"mon-api:latest", "postgres:13", "docker-lab/outils:latest"} <= tags
            tmux("send-keys", "-t", name, "Escape")  # « Fermer »: back in the console
            wait_until(lambda: "Tout est prêt" not in screen(), timeout=10)
            type_line("docker network create app-network")
            see("1/6 étapes", 30, "network step")
            type_line("docker run -d --name database --network app-network "
                      "-e POSTGRES_PASSWORD=secret postgres:13")
            see("2/6 étapes", 60, "database step")
            type_line("docker run -d --name backend --network app-network mon-api:latest")
            # Its step, and the next (already true: backend resolves database), turn green.
            see("[3-6]/6 étapes", 60, "the step that runs mon-api")
            backend = engine.client.containers.get("backend")
            assert backend.status == "running"
            assert "pull access denied" not in screen()
            tmux("send-keys", "-t", name, "C-q")
            see("DLT-EXIT=0", 30, "docker-lab exited 0")
        finally:
            subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
