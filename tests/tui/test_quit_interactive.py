"""Quitting with « docker run --rm -it … sh » in the console: the app offers to stop it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from docker_lab.engine.gateway import DockerGateway
from docker_lab.tui.screens.dialogs import ConfirmScreen
from tests.tui.app_support import build, console_ready, wait_for

pytestmark = pytest.mark.engine
SIZE = (120, 40)


def running(client: Any, name: str) -> bool:
    found = client.containers.list(filters={"name": f"^{name}$"})
    return bool(found)


@pytest.mark.parametrize("stop_it", [True, False], ids=["oui", "non"])
async def test_quit_offers_to_stop_the_consoles_interactive_container(
        home: Path, docker_client: Any, lab_image: str, stop_it: bool) -> None:
    name = f"dlt-it-{uuid.uuid4().hex[:8]}"
    app, _ = build(home, gateway_factory=DockerGateway, exercise_id="dlt-h7-exercice")
    try:
        async with app.run_test(size=SIZE) as pilot:
            console = await console_ready(pilot)
            console.focus()
            console.send_text(f"docker run --rm -it --name {name} --label docker-lab.test=true "
                              f"{lab_image} sh")
            await wait_for(pilot, lambda: running(docker_client, name), timeout=30,
                           what="container started from the console")
            await pilot.press("ctrl+q")
            dialog = await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen)
                                    and app.screen, timeout=15, what="quit dialog")
            assert name in dialog.question + dialog.detail or name in dialog.detail
            await pilot.press("o" if stop_it else "n")
            await wait_for(pilot, lambda: app.return_code is not None, timeout=20,
                           what="app quit")
        assert running(docker_client, name) is not stop_it
    finally:
        for container in docker_client.containers.list(all=True, filters={"name": name}):
            container.remove(force=True)


async def test_quit_without_interactive_container_asks_nothing(home: Path) -> None:
    app, _ = build(home, gateway_factory=DockerGateway, exercise_id="dlt-h7-exercice")
    async with app.run_test(size=SIZE) as pilot:
        await console_ready(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None, timeout=20, what="app quit")
