"""The app's panel and the console's commands, with a real shell on a PTY (Docker unreachable)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Static

from docker_lab.checks.model import CheckResult, Status, StepResult
from docker_lab.tui.focus import CONSOLE_ID
from docker_lab.tui.messages import StepEvaluated
from docker_lab.tui.widgets.console import Console
from docker_lab.tui.widgets.exercise_panel import ExercisePanel
from tests.tui.app_support import build, console_ready, wait_for

EXERCISE = "dlt-h7-exercice"


def _note(app: object) -> str:
    return str(app.screen.query_one("#ex-console", Static).render())  # type: ignore[attr-defined]


@pytest.mark.skipif(shutil.which("dash") is None, reason="dash absent")
async def test_a_shell_without_integration_is_said_once(home: Path) -> None:
    app, store = build(home, exercise_id=EXERCISE, live=False,
                       console_factory=lambda cwd: Console(["dash"], cwd=cwd, id=CONSOLE_ID))
    async with app.run_test(size=(120, 40)) as pilot:
        await console_ready(pilot)
        await wait_for(pilot, lambda: "indisponible avec dash" in _note(app), what="note")
        text = " ".join(_note(app).split())
        assert text.startswith("💬 La console Suivi des commandes indisponible avec dash : "
                               "les vérifications de l'état restent actives"), text
        assert "ne peut pas se valider" in text and "SHELL=/bin/bash docker-lab" in text
    store.close()


async def test_a_failed_command_is_explained_without_docker(home: Path) -> None:
    app, store = build(home, exercise_id=EXERCISE, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await console_ready(pilot)
        console.send_text("ls /nexiste-pas-dlt")
        await wait_for(pilot, lambda: "Votre dernière commande" in _note(app), what="note")
        text = " ".join(_note(app).split())
        assert "Votre commande ls /nexiste-pas-dlt a échoué (code 2)" in text
        log = app.screen.panel.link.commands.since(None)
        assert [(c.command, c.status, c.exercise_id) for c in log] == [
            ("ls /nexiste-pas-dlt", 2, EXERCISE)]
    store.close()


def _evaluated(step: str, status: Status, seq: int, completed: tuple[str, ...] = (),
               newly: tuple[str, ...] = ()) -> StepEvaluated:
    check = CheckResult("network", status, "Le réseau « front » n'existe pas. Essayez : "
                        "docker network create front", fix="docker network create front")
    return StepEvaluated(EXERCISE, StepResult(step, step, status, (check,)), completed, newly,
                         seq)


async def test_a_command_that_changed_nothing_keeps_its_misconception_beside(home: Path) -> None:
    app, store = build(home, exercise_id=EXERCISE, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        command = "docker run -d --name web alpine sleep 60 --network front"
        panel.console_feedback.command_finished(command, 0, "3f2a", 0.4)
        await wait_for(pilot, lambda: "Idée reçue" in _note(app), what="misconception named")
        # A check begun before the command ended saw the engine before it: not about it.
        panel.post_message(_evaluated("creer", Status.FAIL, panel.evaluations_begun))
        await pilot.pause()
        assert "a réussi" not in _note(app)
        panel.post_message(_evaluated("creer", Status.FAIL, panel.evaluations_begun + 1))
        await wait_for(pilot, lambda: "a réussi" in _note(app), what="what the step waits for")
        text = " ".join(_note(app).split())
        assert f"Votre commande {command} a réussi, mais l'étape attend encore : Le réseau « " \
               "front » n'existe pas." in text
        assert "Essayez" not in text, "the check above shows it; the note does not repeat it"
        assert "💡 Idée reçue : --network placé après l'image" in text, "not overwritten"
        assert "docker run [OPTIONS] IMAGE" in text, "brackets shown, not read as markup"
    store.close()


async def test_a_step_done_by_an_answer_clears_the_note_of_its_commands(home: Path) -> None:
    app, store = build(home, exercise_id=EXERCISE, live=False)
    async with app.run_test(size=(120, 24)) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        panel.console_feedback.command_finished("docker network inspect nexiste-pas", 1,
                                                "Error: No such network: nexiste-pas", 0.1)
        await wait_for(pilot, lambda: "nexiste-pas" in _note(app), what="explained")
        note = app.screen.query_one("#ex-console", Static)
        await wait_for(pilot, lambda: note.region.height > 0 and panel.scrollable_content_region
                       .contains_region(note.region), what="the note scrolled into view")
        assert panel.scroll_y > 0, "the instructions above it were scrolled away"
        panel.post_message(_evaluated("creer", Status.FAIL, 1))  # the command's own check
        await pilot.pause()
        assert "nexiste-pas" in _note(app)
        panel.post_message(_evaluated("reponse", Status.FAIL, 2, ("creer",), ("creer",)))
        await wait_for(pilot, lambda: not _note(app).strip(), what="cleared with its step")
    store.close()

