"""Pilot tests: course outline on the main screen, keys left to the console, regressions."""

from __future__ import annotations

import itertools
import shlex
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from docker_lab.checks.model import CheckResult, Status, StepResult
from docker_lab.course.mermaid import draw, focus_column
from docker_lab.tui.app import make_app
from docker_lab.tui.messages import Navigate, StepEvaluated
from docker_lab.tui.screens.course_map import CourseMapScreen
from docker_lab.tui.screens.dialogs import HelpScreen
from docker_lab.tui.widgets.exercise_panel import ExercisePanel
from docker_lab.tui.widgets.lesson_pane import LessonPane
from tests.tui.app_support import (
    build,
    console_ready,
    load_test_course,
    open_store,
    unreachable_gateway,
    wait_for,
)

SIZE = (120, 40)
EXERCISE = "dlt-h7-exercice"


def text_of(widget: Any) -> str:
    return str(widget.render())


def contains(widget: Any, text: str) -> bool:
    return text in text_of(widget)


@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_first_screen_lists_the_lessons_and_a_click_opens_one(
        home: Path, size: tuple[int, int]) -> None:
    app, store = build(home, live=False)
    async with app.run_test(size=size) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        outline = panel.query_one("#ex-outline")
        await wait_for(pilot, lambda: "Réseaux de test" in text_of(outline), what="outline")
        text = text_of(outline)
        assert "▶  1. Premiers pas" in text, "the lesson shown is marked"
        assert "2. Réseaux de test" in text and "🧪 0/3" in text, "exercise progress shown"
        assert outline.region.bottom <= panel.region.bottom, "the whole outline is visible"
        assert outline.region.height == 2
        await pilot.click(outline, offset=(6, 1))  # the second lesson
        pane = app.screen.query_one(LessonPane)
        await wait_for(pilot, lambda: pane.lesson is not None
                       and pane.lesson.id == "reseaux-de-test", what="lesson 2 opened by a click")
        assert panel.state.exercise is not None and panel.state.exercise.id == EXERCISE
        assert not outline.display, "an open exercise replaces the outline"
        store.complete_step(EXERCISE, "creer")
        await pilot.press("left_square_bracket")  # back to lesson 1: the exercise stays open
        assert panel.state.exercise is not None


async def test_ctrl_p_goes_to_the_shell_and_f3_opens_the_palette(home: Path) -> None:
    from textual.command import CommandPalette

    app, _ = build(home, live=False)
    async with app.run_test(size=SIZE) as pilot:
        console = await console_ready(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette), "outside the console Ctrl+P is the palette"
        await pilot.press("escape")
        await pilot.press("c")
        console.send_text("echo dlt-r2-$((20 + 1))")
        await wait_for(pilot, lambda: "dlt-r2-21" in console.display_lines(), what="echo ran")
        await pilot.press("ctrl+p")  # bash: previous command
        assert not isinstance(app.screen, CommandPalette)
        await wait_for(pilot, lambda: [line for line in console.display_lines() if line][-1]
                       .endswith("echo dlt-r2-$((20 + 1))"), what="previous command recalled")
        await pilot.press("f3")
        assert isinstance(app.screen, CommandPalette), "F3 opens the palette from the console"


async def test_full_screen_programs_get_the_f_keys(home: Path) -> None:
    app, _ = build(home, live=False)
    async with app.run_test(size=SIZE) as pilot:
        console = await console_ready(pilot)
        await pilot.press("c", "f2")
        assert isinstance(app.screen, CourseMapScreen), "F2 opens the map from the shell prompt"
        await pilot.press("escape")
        assert app.focused is console
        console.send_text("printf '\\033[?1049h'; cat")  # the alternate screen, like less or vim
        await wait_for(pilot, lambda: console.fullscreen, what="full-screen program")
        for key in ("f1", "f2", "f3", "f8"):
            await pilot.press(key)
            assert app.screen is app.screen_stack[0], f"{key} went to the program"
        pane = app.screen.query_one(LessonPane)
        assert pane.index == 0
        await pilot.press("f6")
        assert app.focused is not console, "F6 still leaves the console"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_help_lists_every_key(home: Path) -> None:
    app, _ = build(home, live=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        rows = {keys for _, group in app.screen.groups for keys, _ in group}
        for keys in ("→ / n", "← / p", "F1", "F2", "F3", "F5", "F7", "F8", "F9", "Ctrl+Q",
                     "F6", "Ctrl+C", "Ctrl+P", "1 … 9", "c / F6", "q", "plein écran"):
            assert keys in rows, keys


def result(step: str, *checks: CheckResult) -> StepResult:
    status = Status.PASS if all(c.status is Status.PASS for c in checks) else Status.FAIL
    return StepResult(step, step, status, checks)


async def test_the_panel_shows_checks_as_the_lab_marked_them(home: Path) -> None:
    # Whether a check is broken again is decided in lab/ (tests/unit/test_engine_link.py).
    app, _ = build(home, exercise_id=EXERCISE, live=False)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        checks = panel.query_one("#ex-checks")
        evaluations = [
            CheckResult("network", Status.FAIL, "Cassé à nouveau : Le réseau manque.",
                        regressed=True),
            CheckResult("network", Status.PASS, "Le réseau existe."),
            CheckResult("network", Status.FAIL, "Le réseau manque."),
        ]
        shown = []
        for seq, check in enumerate(evaluations, 1):
            panel.post_message(StepEvaluated(EXERCISE, result("creer", check), (), (), seq))
            await wait_for(pilot, partial(contains, checks, check.message), what=f"verdict {seq}")
            shown.append(text_of(checks))
        assert "⚠ Cassé à nouveau : Le réseau manque." in shown[0]
        assert "✓ Le réseau existe." in shown[1]
        assert "Cassé" not in shown[2] and "✗ Le réseau manque." in shown[2]


async def test_completed_steps_that_fail_now_are_flagged(home: Path) -> None:
    app, _ = build(home, exercise_id=EXERCISE, live=False)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        steps = panel.query_one("#ex-steps")
        ok = CheckResult("answer", Status.PENDING, "En attente de votre réponse.")
        app.screen.query_one(ExercisePanel).post_message(StepEvaluated(
            EXERCISE, result("reponse", ok), ("creer",), (), 1,
            (("creer", "Le réseau « dlt-h7-reseau » n'existe pas."),)))
        await wait_for(pilot, lambda: "cassée à nouveau" in text_of(steps), what="flagged")
        assert "⚠ 1" in text_of(steps)
        assert "Étape 1 cassée à nouveau : Le réseau « dlt-h7-reseau » n'existe pas." in text_of(
            steps)
        assert "▶ 2" in text_of(steps), "the current step is still the answer step"
        assert panel.border_subtitle == "1/3 étapes", "still counted as completed"


def test_wide_top_down_diagram_starts_on_its_top_node() -> None:
    diagram = draw("graph TD\n  A[Racine] --> B[Un]\n  A --> C[Deux]\n  A --> D[Trois]\n"
                   "  A --> E[Quatre]\n  A --> F[Cinq]")
    first = diagram.text.splitlines()[0]
    column = focus_column(diagram)
    assert first[column] == "─" and first.index("┌") < column < first.index("┐")
    assert focus_column(draw("graph LR\n  A --> B")) == 0
    lines = diagram.text.splitlines()
    assert not [a for a, b in itertools.pairwise(lines) if a == b and set(a) <= {" ", "│"}], (
        "runs of bare vertical lines are squeezed")


async def test_wide_terminal_lists_the_lessons_in_a_sidebar(home: Path) -> None:
    app, store = build(home, exercise_id=EXERCISE, live=False)
    async with app.run_test(size=(160, 45)) as pilot:
        sidebar = app.screen.query_one("#sidebar")
        await wait_for(pilot, lambda: "Premiers pas" in text_of(sidebar), what="sidebar")
        assert sidebar.region.width == 34 and sidebar.region.height > 10
        assert "▶  2. Réseaux de test  🧪 0/3" in text_of(sidebar), "current lesson marked"
        lesson, side = app.screen.query_one("#lesson"), app.screen.query_one("#side")
        assert abs(lesson.region.width - side.region.width) <= 1, "the rest is shared evenly"
        store.complete_step(EXERCISE, "creer")
        app.screen.query_one(ExercisePanel).post_message(StepEvaluated(
            EXERCISE, result("reponse", CheckResult("answer", Status.PENDING, "…")),
            ("creer",), ("creer",), 1))
        await wait_for(pilot, lambda: "🧪 1/3" in text_of(sidebar), what="progress shown")
        await pilot.click(sidebar, offset=(6, 1))  # under the border: lesson 1
        pane = app.screen.query_one(LessonPane)
        await wait_for(pilot, lambda: pane.lesson is not None and pane.lesson.id == "premiers-pas",
                       what="lesson 1 opened from the sidebar")
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: not sidebar.display or sidebar.region.width == 0,
                       what="no sidebar at 120 columns")


async def test_footer_keeps_help_visible_at_100_columns(home: Path) -> None:
    from textual.widgets._footer import FooterKey

    app, store = build(home, exercise_id=EXERCISE, live=False)
    store.complete_step(EXERCISE, "creer")  # the answer step: « a Répondre » is shown too
    async with app.run_test(size=(100, 30)) as pilot:
        await console_ready(pilot)

        def shown() -> dict[str, FooterKey]:
            return {key.description: key for key in app.screen.query(FooterKey)}

        await wait_for(pilot, lambda: "Sortir" in shown(), what="console footer")
        keys = shown()
        assert "Aide" in keys and keys["Aide"].region.right <= 100, list(keys)
        assert "Envoyer" not in keys and "Indice" not in keys, "letters go to the shell"
        await pilot.press("f6")
        await wait_for(pilot, lambda: "Répondre" in shown(), what="lesson footer")
        keys = shown()
        assert "Indice" in keys and keys["Aide"].region.right <= 100, list(keys)


class RecordingConsole(Static):
    """A console stand-in that records what the app types into it."""

    def __init__(self) -> None:
        super().__init__("", id="console")
        self.typed: list[str] = []

    def send_text(self, text: str, execute: bool = True) -> None:
        self.typed.append(text)


async def test_cd_into_an_exercise_directory_is_shell_quoted(home: Path) -> None:
    course = load_test_course()
    base = course.exercises[EXERCISE]
    files = replace(base, id="dlt-r2-fichiers", files={"compose.yaml": "services: {}\n"})
    course = replace(course, exercises={**course.exercises, files.id: files})
    workdirs = home / "mon dossier ; l'exercice"
    app = make_app(course, unreachable_gateway, open_store(home), exercise_id=EXERCISE,
                   console_factory=lambda cwd: RecordingConsole(), live=False,
                   workdir_for=lambda exercise: workdirs / exercise)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.post_message(Navigate("premiers-pas", 0, files.id))
        console = app.screen.query_one(RecordingConsole)
        await wait_for(pilot, lambda: console.typed, what="cd typed")
        assert shlex.split(console.typed[-1]) == ["cd", str(workdirs / files.id)]
