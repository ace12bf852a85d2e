"""Pilot tests on the real engine: steps turn green after commands typed in the console.

The first screen of a step is neutral (issue 11): before any attempt the panel shows
the step's goals — no ✗, no « Essayez » — ; asking to check says what is wrong without
the command; a wrong attempt typed in the console gets the message that names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docker_lab.lab.attempts import Feedback
from docker_lab.tui.app import make_app
from docker_lab.tui.widgets.console import Console
from docker_lab.tui.widgets.exercise_panel import ExercisePanel
from tests.tui.app_support import (
    console_ready,
    engine_gateway,
    load_test_course,
    open_store,
    remove_test_network,
    wait_for,
)

NETWORK = "dlt-h7-reseau"
TYPO = "dlt-h7-resau"  # close to the asked dlt-h7-reseau
LABELS = "--label docker-lab.test=true --label docker-lab.managed=true"


@pytest.fixture
def clean_network(docker_client: Any) -> Iterator[Any]:
    for name in (NETWORK, TYPO):
        remove_test_network(docker_client, name)
    yield docker_client
    for name in (NETWORK, TYPO):
        remove_test_network(docker_client, name)



@pytest.mark.engine
async def test_steps_turn_green_from_the_console(
    clean_network: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    store = open_store(tmp_path)
    app = make_app(load_test_course(), engine_gateway, store, exercise_id="dlt-h7-exercice")
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        console = app.screen.query_one(Console)
        assert app.focused is console, "--exercise gives the console the focus"
        await wait_for(pilot, lambda: panel.state.result is not None, what="first verdict")
        assert panel.state.result is not None and panel.state.result.status.value == "fail"
        checks = str(panel.query_one("#ex-checks").render())
        assert "✗" not in checks and "Essayez" not in checks, "untouched: neutral (issue 11)"

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
    link = EngineLink(engine_gateway, store)
    try:
        clean_network.networks.create(NETWORK, labels={"docker-lab.test": "true",
                                                       "docker-lab.managed": "true"})
        first = link.evaluate(exercise)
        assert first.newly_completed == ("creer",) and first.broken == ()
        remove_test_network(clean_network, NETWORK)
        again = link.evaluate(exercise)
        assert "creer" in again.completed, "a broken step stays completed in the store"
        assert [step for step, _ in again.broken] == ["creer"]
        assert "dlt-h7-reseau" in again.broken[0][1]
    finally:
        link.stop()


@pytest.mark.engine
async def test_first_screen_is_neutral_then_a_wrong_attempt_is_named(
    clean_network: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    app = make_app(load_test_course(), engine_gateway, open_store(tmp_path),
                   exercise_id="dlt-h7-exercice")
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        await wait_for(pilot, lambda: panel.state.result is not None, what="first verdict")

        def checks() -> str:
            return str(panel.query_one("#ex-checks").render())

        assert panel.state.feedback is Feedback.GOALS
        first = checks()
        assert "✗" not in first and "Essayez" not in first
        assert "docker network create" not in first
        assert "Le réseau « dlt-h7-reseau » existe" in first, first

        panel.check()  # « Vérifier » before any attempt: what is wrong, not the command
        await wait_for(pilot, lambda: panel.state.feedback is Feedback.DIAGNOSIS,
                       what="diagnosis")
        assert "✗" in checks() and "n'existe pas" in checks()
        assert "Essayez" not in checks()

        console = await console_ready(pilot)
        console.send_text(f"docker network create {LABELS} {TYPO}")
        await wait_for(pilot, lambda: panel.state.feedback is Feedback.FULL, timeout=10,
                       what="attempt seen")
        wrong = checks()
        assert "✗" in wrong and f"« {TYPO} » existe : faute de frappe" in wrong, wrong
        assert "Essayez" in wrong
