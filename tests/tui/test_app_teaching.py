"""Pilot tests of issue 11: the slide follows the current step; misconceptions are named.

The lesson pane shows the slide of the step that becomes current, only when progress
changes the current step: a verdict on the same step leaves the student on the slide
they browsed to.
"""

from __future__ import annotations

from pathlib import Path

from docker_lab.checks.model import CheckResult, Status, StepResult
from docker_lab.lab.attempts import Feedback
from docker_lab.lab.misconceptions_state import Detected
from docker_lab.tui.messages import StepEvaluated
from docker_lab.tui.widgets.exercise_panel import ExercisePanel
from docker_lab.tui.widgets.lesson_pane import LessonPane
from tests.tui.app_support import build, wait_for

EXERCISE = "dlt-h7-exercice"  # steps creer (slide 1), reponse (slide 2), supprimer (3)


def verdict(step: str, status: Status) -> StepResult:
    return StepResult(step, step, status, (CheckResult("network", status, f"{step} {status}"),))


async def test_the_slide_follows_the_current_step_not_every_verdict(home: Path) -> None:
    app, store = build(home, exercise_id=EXERCISE, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        pane = app.screen.query_one(LessonPane)
        assert pane.lesson.id == "reseaux-de-test" and pane.index == 0, "step 1: slide 1"

        def post(seq: int, result: StepResult, completed: tuple[str, ...],
                 newly: tuple[str, ...] = ()) -> None:
            panel.post_message(StepEvaluated(EXERCISE, result, completed, newly, seq))

        post(1, verdict("creer", Status.FAIL), ())
        await wait_for(pilot, lambda: panel.state.result is not None, what="first verdict")
        post(2, verdict("reponse", Status.PENDING), ("creer",), ("creer",))
        await wait_for(pilot, lambda: pane.index == 1, what="step 2 shows slide 2")
        position = store.position()
        assert position is not None and position.slide_index == 1

        await pilot.press("f7")  # back to slide 1 (F7: the console has the focus)
        await wait_for(pilot, lambda: pane.index == 0, what="browsed away")
        post(3, verdict("reponse", Status.FAIL), ("creer",))
        await pilot.pause(0.2)
        assert pane.index == 0, "a verdict on the same step does not move the lesson"

        post(4, verdict("supprimer", Status.FAIL), ("creer", "reponse"), ("reponse",))
        await wait_for(pilot, lambda: pane.index == 2, what="step 3 shows slide 3")


async def test_opening_an_exercise_shows_its_current_step_slide(home: Path) -> None:
    from tests.tui.app_support import open_store

    open_store(home).complete_step(EXERCISE, "creer")
    app, _ = build(home, exercise_id=EXERCISE, live=False)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(LessonPane)
        await wait_for(pilot, lambda: pane.index == 1, what="step 2 is current: slide 2")


async def test_a_misconception_is_named_and_explained_in_the_panel(home: Path) -> None:
    app, _ = build(home, exercise_id=EXERCISE, live=False)
    async with app.run_test(size=(120, 24)) as pilot:  # small: it is scrolled into view
        panel = app.screen.query_one(ExercisePanel)
        found = Detected("dns-bridge-defaut", "Le DNS par nom sur le bridge par défaut",
                         "Le DNS interne n'existe pas sur le bridge par défaut.",
                         "« a » et « b » ne partagent que le réseau « bridge » par défaut.")
        panel.post_message(StepEvaluated(EXERCISE, verdict("creer", Status.FAIL), (), (), 1,
                                         (), Feedback.FULL, (found,)))
        checks = panel.query_one("#ex-checks")
        await wait_for(pilot, lambda: "Idée reçue" in str(checks.render()), what="named")
        text = str(checks.render())
        assert "Idée reçue : Le DNS par nom sur le bridge par défaut" in text
        assert "ne partagent que le réseau « bridge »" in text and "n'existe pas sur" in text

        def end_shown() -> bool:  # the misconception ends the checks
            end, top = checks.virtual_region.bottom, panel.scroll_y
            return top < end <= top + panel.scrollable_content_region.height

        await wait_for(pilot, end_shown, what="the misconception scrolled into view")
