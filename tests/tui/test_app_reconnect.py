"""The daemon goes away and comes back while the app runs (real engine behind a socket proxy).

The shared engine is never stopped: the app talks to it through a Unix socket
proxy that this test closes (every connection cut, socket removed) and reopens.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docker_lab.tui.app import make_app
from docker_lab.tui.widgets.exercise_panel import ExercisePanel
from docker_lab.tui.widgets.lesson_pane import LessonPane
from tests.conftest import test_labels  # type: ignore[attr-defined]
from tests.engine.socket_proxy import SocketProxy
from tests.tui.app_support import load_test_course, open_store, wait_for

NETWORK = "dlt-h7-reseau"


@pytest.fixture
def proxy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, docker_client: Any) -> Iterator[
        SocketProxy]:
    for net in docker_client.networks.list(names=[NETWORK]):
        if net.name == NETWORK and (net.attrs.get("Labels") or {}).get("docker-lab.test"):
            net.remove()
    path = tmp_path / "docker.sock"
    monkeypatch.setenv("DOCKER_HOST", f"unix://{path}")
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    relay = SocketProxy(str(path))
    relay.start()
    yield relay
    relay.stop()
    for net in docker_client.networks.list(names=[NETWORK]):
        if net.name == NETWORK:
            net.remove()


def gateway() -> Any:
    from docker_lab.engine.gateway import DockerGateway

    return DockerGateway(timeout=3)


@pytest.mark.engine
async def test_daemon_lost_and_back(proxy: SocketProxy, tmp_path: Path,
                                    docker_client: Any) -> None:
    app = make_app(load_test_course(), gateway, open_store(tmp_path),
                   exercise_id="dlt-h7-exercice")
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        banner = panel.query_one("#ex-engine")
        await wait_for(pilot, lambda: panel.state.result is not None, what="first verdict")
        assert not banner.display

        proxy.stop()
        await wait_for(pilot, lambda: banner.display, what="« Docker injoignable » shown")
        assert "Docker injoignable" in str(banner.render())
        await pilot.press("f6", "right")
        assert app.screen.query_one(LessonPane).index == 1, "lessons stay readable"

        proxy.start()
        await wait_for(pilot, lambda: not banner.display, timeout=15, what="reconnected")
        docker_client.networks.create(NETWORK, labels=test_labels())
        await wait_for(pilot, lambda: "creer" in panel.state.completed, timeout=10,
                       what="live checking works again")
