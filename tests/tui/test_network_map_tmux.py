"""The network map in a real tmux at 100×30 without colour: the signs alone tell the marks apart.

``TERM=xterm-mono`` and ``NO_COLOR=1``; the pane is captured without attributes. Under
the engine lock: ``frontend-net`` (a multi-tiers name) is created here with test labels
and removed after.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import wait_until
from tests.helpers_lock import engine_lock
from tests.sweep import test_labels
from tests.tui.test_e2e_tmux import DOCKER_LAB

pytestmark = [
    pytest.mark.tmux, pytest.mark.engine,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux absent"),
]


@pytest.fixture
def frontend(docker_client: Any) -> Iterator[Any]:
    with engine_lock():
        if docker_client.networks.list(names=["frontend-net"]):
            pytest.skip("frontend-net exists already on this engine")
        net = docker_client.networks.create("frontend-net", labels=test_labels())
        try:
            yield net
        finally:
            net.remove()


def test_signs_without_colour(frontend: Any, engine_resources: Any, tmp_path: Path) -> None:
    own = engine_resources.network("dlt-map-mono-")
    socket = f"dlt-map-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    tmux = ["tmux", "-L", socket]

    def screen() -> str:
        return subprocess.run([*tmux, "capture-pane", "-p", "-t", "map"], capture_output=True,
                              text=True, check=True).stdout

    try:
        subprocess.run([*tmux, "-f", "/dev/null", "new-session", "-d", "-s", "map", "-x", "100",
                        "-y", "30", "-e", f"DOCKER_LAB_HOME={tmp_path}", "-e", "TERM=xterm-mono",
                        "-e", "NO_COLOR=1", DOCKER_LAB, "--exercise", "multi-tiers"],
                       check=True, env=env)
        wait_until(lambda: "Console" in screen(), timeout=20)
        subprocess.run([*tmux, "send-keys", "-t", "map", "F4"], check=True)
        wait_until(lambda: "Légende" in screen() and "frontend-net" in screen(), timeout=10)
        text = screen()
        assert "┌ ✓ frontend-net" in text  # right
        assert "┌ ✗ backend-net" in text  # missing
        assert "✗ nginx-lb" in text
        subprocess.run([*tmux, "send-keys", "-t", "map", "End"], check=True)
        wait_until(lambda: f"┌ + {own.name}" in screen(), timeout=10)  # extra
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
