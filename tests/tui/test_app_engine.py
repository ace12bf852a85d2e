"""Pilot test on the real engine: steps turn green after commands typed in the console."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docker_lab.tui.app import make_app
from docker_lab.tui.widgets.console import Console
from docker_lab.tui.widgets.exercise_panel import ExercisePanel
from tests.tui.app_support import load_test_course, open_store, wait_for

NETWORK = "dlt-h7-reseau"
LABELS = "--label docker-lab.test=true --label docker-lab.managed=true"


def _remove(client: Any) -> None:
    for net in client.networks.list(names=[NETWORK]):
        if net.name == NETWORK and (net.attrs.get("Labels") or {}).get("docker-lab.test"):
            net.remove()


@pytest.fixture
def clean_network(docker_client: Any) -> Iterator[Any]:
    _remove(docker_client)
    yield docker_client
    _remove(docker_client)


def gateway() -> Any:
    from docker_lab.engine.gateway import DockerGateway

    return DockerGateway()


@pytest.mark.engine
async def test_steps_turn_green_from_the_console(
    clean_network: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    store = open_store(tmp_path)
    app = make_app(load_test_course(), gateway, store, exercise_id="dlt-h7-exercice")
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        console = app.screen.query_one(Console)
        assert app.focused is console, "--exercise gives the console the focus"
        await wait_for(pilot, lambda: panel.state.result is not None, what="first verdict")
        assert panel.state.result is not None and panel.state.result.status.value == "fail"
        checks = panel.query_one("#ex-checks")
        assert "✗" in str(checks.render())

        await wait_for(pilot, lambda: console.shell_running, what="shell started")
        console.send_text(f"docker network create {LABELS} {NETWORK}")
        await wait_for(pilot, lambda: "creer" in panel.state.completed, timeout=10,
                       what="step « creer » green")
        assert "creer" in store.completed_steps("dlt-h7-exercice")
        assert "✓ 1" in str(panel.query_one("#ex-steps").render())

        # The answer step: a wrong value, then the right one.
        await pilot.press("f6", "a")
        assert app.focused is panel.query_one("#ex-answer")
        await pilot.press("4", "1", "enter")
        await wait_for(pilot, lambda: panel.state.result is not None
                       and panel.state.result.id == "reponse"
                       and panel.state.result.status.value == "fail", what="wrong answer refused")
        answer = panel.query_one("#ex-answer")
        answer.value = ""  # type: ignore[attr-defined]
        await pilot.press("4", "2", "enter")
        await wait_for(pilot, lambda: "reponse" in panel.state.completed, what="answer accepted")

        console.send_text(f"docker network rm {NETWORK}")
        await wait_for(pilot, lambda: "supprimer" in panel.state.completed, timeout=10,
                       what="last step green")
        assert "Exercice terminé" in str(panel.query_one("#ex-checks").render())


@pytest.mark.engine
def test_a_completed_step_whose_state_breaks_is_reported(
    clean_network: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docker_lab.lab.link import EngineLink

    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    store = open_store(tmp_path)
    exercise = load_test_course().exercises["dlt-h7-exercice"]
    link = EngineLink(gateway, store)
    try:
        clean_network.networks.create(NETWORK, labels={"docker-lab.test": "true",
                                                       "docker-lab.managed": "true"})
        first = link.evaluate(exercise)
        assert first.newly_completed == ("creer",) and first.broken == ()
        _remove(clean_network)
        again = link.evaluate(exercise)
        assert "creer" in again.completed, "a broken step stays completed in the store"
        assert [step for step, _ in again.broken] == ["creer"]
        assert "dlt-h7-reseau" in again.broken[0][1]
    finally:
        link.stop()
