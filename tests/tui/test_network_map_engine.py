"""The network map in the app follows the real engine: a new network shows within 0.5 s."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from docker_lab.tui.app import make_app
from docker_lab.tui.screens.network_map import NetworkMapScreen
from tests.tui.app_support import load_test_course, open_store, wait_for
from tests.tui.test_snapshots import console_stand_in

pytestmark = pytest.mark.engine


def gateway() -> Any:
    from docker_lab.engine.gateway import DockerGateway

    return DockerGateway()


def map_text(app: Any) -> str:
    screen = app.screen
    assert isinstance(screen, NetworkMapScreen)
    return str(screen.query_one("#netmap-body").render())


async def test_map_follows_engine_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         engine_resources: Any) -> None:
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    app = make_app(load_test_course(), gateway, open_store(tmp_path),
                   console_factory=console_stand_in, workdir_for=lambda e: tmp_path / e)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("f6", "g")
        await wait_for(pilot, lambda: "· bridge" in map_text(app), timeout=30, what="map read")
        await wait_for(pilot, lambda: app.screen.following, timeout=30, what="events followed")
        start = time.monotonic()
        net = engine_resources.network("dlt-map-live-")
        await wait_for(pilot, lambda: net.name in map_text(app), timeout=20, what="new network")
        took = time.monotonic() - start
        assert took <= 0.5, f"{took:.2f} s"
        ctr = engine_resources.container("dlt-map-live-", network=net.name)
        await wait_for(pilot, lambda: f"· {ctr.name}" in map_text(app), timeout=20,
                       what="its container")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, NetworkMapScreen),
                       what="closed")
