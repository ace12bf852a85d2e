"""Pilot tests of the learning app: navigation, console, hints, resume, Docker down."""

from __future__ import annotations

from pathlib import Path

import pytest

from docker_lab.tui.app import StartError, make_app
from docker_lab.tui.widgets.console import Console
from docker_lab.tui.widgets.exercise_panel import ExercisePanel
from docker_lab.tui.widgets.lesson_pane import LessonPane
from docker_lab.tui.widgets.slide_parts import MermaidView, ShellBlock
from tests.tui.app_support import (
    build,
    console_ready,
    load_test_course,
    open_store,
    unreachable_gateway,
    wait_for,
)

SIZE = (120, 40)


async def test_navigation_and_position_saved(home: Path) -> None:
    app, store = build(home)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(LessonPane)
        await wait_for(pilot, lambda: pane.lesson is not None)
        assert (pane.lesson.id, pane.index) == ("premiers-pas", 0)
        assert "diapo 1/3" in str(pane.border_title)
        await pilot.press("right")
        assert pane.index == 1
        assert "Une commande à envoyer" in str(pane.query_one(".slide-title").source)
        position = store.position()
        assert position is not None and position.slide_index == 1
        await pilot.press("right", "right")  # past the last slide: next lesson
        assert (pane.lesson.id, pane.index) == ("reseaux-de-test", 0)
        await pilot.press("left")
        assert (pane.lesson.id, pane.index) == ("premiers-pas", 2)
        assert pane.query(MermaidView), "the diagram slide shows a drawn diagram"
        assert pane.query_one(MermaidView).diagram.drawn
        await pilot.press("left_square_bracket")
        assert pane.index == 0
        await pilot.press("right_square_bracket")
        assert pane.lesson.id == "reseaux-de-test"
        pos = store.position()
        assert pos is not None and (pos.lesson_id, pos.slide_index) == ("reseaux-de-test", 0)


async def test_send_block_and_click(home: Path) -> None:
    app, _ = build(home, lesson_id="premiers-pas")
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(LessonPane)
        await pilot.press("right")
        console = await console_ready(pilot)
        await pilot.press("1")
        await wait_for(pilot, lambda: "dlt-h7-bonjour-42" in console.screen_text().replace(
            'echo "dlt-h7-bonjour-$((6 * 7))"', ""), what="block 1 output")
        assert app.focused is console, "sending a block focuses the console"
        await pilot.press("f6")
        assert app.focused is not console
        blocks = pane.query(ShellBlock)
        assert len(blocks) == 2
        await pilot.click(blocks[1])
        await wait_for(pilot, lambda: "dlt-h7-suite 42" in console.screen_text(),
                       what="continuation block output")


async def test_hints_are_revealed_one_at_a_time_and_saved(home: Path) -> None:
    app, store = build(home, exercise_id="dlt-h7-exercice", live=False)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        await pilot.press("f6")  # --exercise focuses the console: leave it
        hints = panel.query_one("#ex-hints")
        assert "Indices (0/2)" in str(hints.render())
        await pilot.press("h")
        assert "Indices (1/2)" in str(hints.render())
        assert "docker network create" in str(hints.render())
        assert "dlt-h7-reseau" not in str(hints.render())
        assert store.hints_revealed("dlt-h7-exercice", "creer") == 1
        await pilot.press("h", "h")
        assert store.hints_revealed("dlt-h7-exercice", "creer") == 2
    store.close()
    app2, _ = build(home, exercise_id="dlt-h7-exercice", live=False)
    async with app2.run_test(size=SIZE) as pilot:
        hints = app2.screen.query_one("#ex-hints")
        await wait_for(pilot, lambda: "Indices (2/2)" in str(hints.render()))


async def test_solution_needs_confirmation(home: Path) -> None:
    app, _ = build(home, exercise_id="dlt-h7-exercice", live=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        solution = app.screen.query_one("#ex-solution")
        await pilot.press("s")
        await pilot.press("n")
        assert not solution.display
        await pilot.press("s")
        await pilot.press("o")
        await wait_for(pilot, lambda: solution.display)
        assert "docker network create" in str(solution.render())


async def test_resume_after_restart(home: Path) -> None:
    app, store = build(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket", "right")
    store.close()
    app2, _ = build(home)
    async with app2.run_test(size=SIZE) as pilot:
        pane = app2.screen.query_one(LessonPane)
        await wait_for(pilot, lambda: pane.lesson is not None)
        assert (pane.lesson.id, pane.index) == ("reseaux-de-test", 1)


async def test_docker_unreachable_keeps_lessons_readable(home: Path) -> None:
    app, _ = build(home, exercise_id="dlt-h7-exercice")
    async with app.run_test(size=SIZE) as pilot:
        banner = app.screen.query_one("#ex-engine")
        await wait_for(pilot, lambda: banner.display, what="« Docker injoignable » shown")
        assert "Docker injoignable" in str(banner.render())
        assert "Pour corriger : Démarrez" in str(banner.render()), "the fix is shown"
        await pilot.press("f6", "right")
        assert app.screen.query_one(LessonPane).index == 1


def test_unknown_ids_are_refused(home: Path) -> None:
    course = load_test_course()
    store = open_store(home)
    with pytest.raises(StartError, match="Leçon inconnue"):
        make_app(course, unreachable_gateway, store, lesson_id="nulle-part")
    with pytest.raises(StartError, match="Exercice inconnu"):
        make_app(course, unreachable_gateway, store, exercise_id="nulle-part")


async def test_palette_jumps_to_a_slide(home: Path) -> None:
    app, _ = build(home, live=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(LessonPane)
        await pilot.press("ctrl+p")
        await pilot.press(*"inspecter")
        await wait_for(pilot, lambda: "Inspecter" in str(
            app.screen.query_one("CommandList").get_option_at_index(0).prompt),
            what="palette offers the slide")
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.lesson is not None
                       and (pane.lesson.id, pane.index) == ("reseaux-de-test", 1))


async def test_course_map_opens_a_slide(home: Path) -> None:
    app, _ = build(home, live=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(LessonPane)
        await pilot.press("m")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CourseMapScreen")
        await pilot.press("down", "down", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "LearnScreen")
        assert (pane.lesson.id, pane.index) == ("premiers-pas", 1)


async def test_zoom_and_split(home: Path) -> None:
    app, _ = build(home, live=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        lesson, exercise = screen.query_one("#lesson"), screen.query_one("#exercise")
        shared = lesson.region
        await pilot.press("z")  # nothing focused in a pane: the lesson
        assert screen.maximized is lesson
        await pilot.pause()
        assert lesson.region.width == SIZE[0], "the zoomed lesson fills the width, no more"
        await pilot.press("z")  # z again comes back
        assert screen.maximized is None
        await pilot.pause()
        assert lesson.region == shared, "back in its share"
        exercise.focus()
        await pilot.press("z")
        assert screen.maximized is exercise
        await pilot.pause()
        assert exercise.region.height == SIZE[1] - 1, "the zoomed panel fills the screen"
        await pilot.press("z")
        assert screen.maximized is None
        screen.query_one(Console).focus()
        await pilot.press("f9")  # in the console, « z » is typed: F9 zooms it
        assert screen.maximized is screen.query_one("#console-box")
        await pilot.press("f9")
        assert screen.maximized is None
        screen.query_one("#exercise").focus()
        width = screen.query_one("#lesson").size.width
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert screen.query_one("#lesson").size.width > width


async def test_narrow_terminal_stacks_the_panes(home: Path) -> None:
    app, _ = build(home, live=False)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        lesson, side = app.screen.query_one("#lesson"), app.screen.query_one("#side")
        assert app.screen.has_class("-narrow")
        assert lesson.region.bottom <= side.region.y, "lesson above, exercise and console below"


async def test_corrupt_store_is_reported(home: Path) -> None:
    (home / "progress.sqlite3").write_bytes(b"ceci n'est pas une base SQLite" * 100)
    app, store = build(home, live=False)
    assert store.warning
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: any("illisible" in str(n.message)
                                          for n in app._notifications))


async def test_a_check_that_breaks_again_says_so(home: Path) -> None:
    from docker_lab.checks.model import CheckResult, Status, StepResult
    from docker_lab.tui.messages import StepEvaluated

    app, _ = build(home, exercise_id="dlt-h7-exercice", live=False)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(ExercisePanel)
        broken = CheckResult("network", Status.FAIL,
                             "Cassé à nouveau : Le réseau « dlt-h7-reseau » n'existe pas.",
                             regressed=True)
        app.screen.query_one(ExercisePanel).post_message(StepEvaluated(
            "dlt-h7-exercice", StepResult("creer", "Créer", Status.FAIL, (broken,)), (), (), 1))
        checks = panel.query_one("#ex-checks")
        await wait_for(pilot, lambda: "Cassé à nouveau" in str(checks.render()))
        assert "⚠" in str(checks.render())
