"""The first-run dialog and the preparation screen, on the real engine (Pilot).

The app is given a catalogue of test images that do not exist on the engine
(:mod:`tests.engine.firstrun_support`: small images ``FROM docker-lab/outils``,
labelled, removed after) instead of the course's, and a copy of the test
course whose exercise runs one of them. The real setup code builds them, so
the bars follow real progress events. The course's own images are not touched.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import ProgressBar, Static

from docker_lab.progress.firstrun import FILE_NAME
from docker_lab.tui.app import make_app
from docker_lab.tui.screens.firstrun import FirstRunScreen
from docker_lab.tui.screens.prepare import PrepareScreen
from docker_lab.tui.widgets.exercise_panel import ExercisePanel
from docker_lab.tui.widgets.setup_progress import ImageRow, SetupProgress
from tests.engine.firstrun_support import ImageSet, scratch_images, tags_of
from tests.tui.app_support import TUI_COURSE, load_test_course, open_store, wait_for

pytestmark = pytest.mark.engine

EXERCISE = "dlt-h7-exercice"


def gateway() -> Any:
    from docker_lab.engine.gateway import DockerGateway

    return DockerGateway()


def course_using(tmp_path: Path, image: str) -> Any:
    """The test course, its answer step's solution running *image*."""
    root = tmp_path / "cours"
    shutil.copytree(TUI_COURSE, root)
    path = root / "exercises" / f"{EXERCISE}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- echo 42", f"- docker run --rm {image} echo 42"),
                    encoding="utf-8")
    return load_test_course(root)


@pytest.fixture
def images(docker_client: Any, lab_image: str) -> Iterator[ImageSet]:
    with scratch_images(docker_client, "dlt-fr-app-", 2, slow=3) as made:
        yield made


def app_for(home: Path, tmp_path: Path, images: ImageSet) -> Any:
    course = course_using(tmp_path, images.names[0])
    return make_app(course, gateway, open_store(home), exercise_id=EXERCISE,
                    images=images.specs)


def texts(screen: Any) -> str:
    return "\n".join(str(s.render()) for s in screen.query(Static))


async def dialog(pilot: Any) -> FirstRunScreen:
    found: FirstRunScreen = await wait_for(
        pilot, lambda: isinstance(pilot.app.screen, FirstRunScreen) and pilot.app.screen,
        timeout=20, what="first-run dialog")
    await wait_for(pilot, lambda: "Voie" in texts(found), what="dialog drawn")
    return found


async def ended(pilot: Any, screen: PrepareScreen, timeout: float = 60) -> Any:
    return await wait_for(pilot, lambda: screen.outcome, timeout=timeout, what="setup ended")


async def accept_until_slow_build(pilot: Any, images: ImageSet) -> tuple[PrepareScreen, ImageRow]:
    """Accept the dialog; return the preparation screen once the slow image is building."""
    app = pilot.app
    await dialog(pilot)
    await pilot.press("enter")
    screen: PrepareScreen = await wait_for(
        pilot, lambda: isinstance(app.screen, PrepareScreen) and app.screen)
    slow = await wait_for(pilot, lambda: {
        r.image: r for r in screen.query(ImageRow)}.get(images.names[1]))
    await wait_for(pilot, lambda: "construction en cours" in str(
        slow.query_one(".image-line", Static).render()), timeout=30)
    return screen, slow


def notice(app: Any) -> Static:
    panel = app.screen_stack[0].query_one(ExercisePanel)
    widget: Static = panel.query_one("#ex-images", Static)
    return widget


async def test_the_dialog_lists_what_is_missing_and_a_skip_is_remembered(
        home: Path, tmp_path: Path, images: ImageSet) -> None:
    app = app_for(home, tmp_path, images)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = await dialog(pilot)
        words = texts(shown)
        for name in images.names:
            assert name in words
        assert f"bloque : {EXERCISE}" in words  # the exercise runs the first image
        assert "ne bloque aucun exercice" in words  # the second one is used by none
        assert "Voie" in words and "Dockerfile" in words  # official images there: builds only
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, FirstRunScreen))
        # The exercise says, before its first step, which of its images are missing.
        await wait_for(pilot, lambda: notice(app).display, what="panel notice")
        said = str(notice(app).render())
        assert images.names[0] in said and images.names[1] not in said
        assert "i" in said and "docker-lab setup" in said
    assert set(images.names) <= set((home / FILE_NAME).read_text(encoding="utf-8").split('"'))
    assert tags_of(pilot.app.gateway_factory().client, images.run) == set()

    again = app_for(home, tmp_path / "2", images)  # next launch: no dialog
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: again.missing_images is not None, timeout=20)
        for _ in range(5):
            await pilot.pause(0.05)
        assert not isinstance(again.screen, FirstRunScreen)
        assert notice(again).display


async def test_prepare_now_builds_the_images_with_a_bar_each(
        home: Path, tmp_path: Path, images: ImageSet, docker_client: Any) -> None:
    app = app_for(home, tmp_path, images)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, slow = await accept_until_slow_build(pilot, images)
        progress = screen.query_one(SetupProgress)
        rows = {row.image: row for row in progress.query(ImageRow)}
        assert set(rows) == set(images.names)
        # While its « RUN sleep » runs, the slow image's bar moves without a total.
        assert slow.bar.total is None
        outcome = await ended(pilot, screen)
        assert outcome.ready == tuple(images.names) and not outcome.cancelled
        total = progress.query_one("#sp-total", ProgressBar)
        assert (total.progress, total.total) == (2, 2)
        assert all(row.bar.progress == row.bar.total == 1 for row in rows.values())
        assert "Tout est prêt" in texts(screen)
        assert tags_of(docker_client, images.run) == set(images.names)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.missing_images == frozenset(), timeout=20)
        assert not notice(app).display
    assert '"declined": []' in (home / FILE_NAME).read_text(encoding="utf-8")


async def test_cancel_stops_without_naming_the_image_being_built(
        home: Path, tmp_path: Path, images: ImageSet, docker_client: Any) -> None:
    app = app_for(home, tmp_path, images)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, _ = await accept_until_slow_build(pilot, images)
        await pilot.press("escape")  # « Annuler »: « Annulation… », then the outcome
        outcome = await ended(pilot, screen)
        assert outcome.cancelled and outcome.ready == (images.names[0],)
        assert tags_of(docker_client, images.run) == {images.names[0]}
        assert "annulée" in texts(screen)
        await pilot.press("escape")  # « Fermer »
        await wait_for(pilot, lambda: app.missing_images == {images.names[1]}, timeout=20)
    assert images.names[1] in (home / FILE_NAME).read_text(encoding="utf-8")


async def test_key_i_prepares_only_what_the_exercise_needs(
        home: Path, tmp_path: Path, images: ImageSet, docker_client: Any) -> None:
    app = app_for(home, tmp_path, images)
    async with app.run_test(size=(120, 40)) as pilot:
        await dialog(pilot)
        await pilot.press("escape")  # plus tard
        await wait_for(pilot, lambda: notice(app).display, what="panel notice")
        app.screen.query_one("#slide").focus()  # out of the console: « i » is the app's
        await pilot.press("i")
        screen: PrepareScreen = await wait_for(
            pilot, lambda: isinstance(app.screen, PrepareScreen) and app.screen)
        assert screen.names == [images.names[0]]
        outcome = await ended(pilot, screen)
        assert outcome.ready == (images.names[0],)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not notice(app).display, what="notice gone")
    assert tags_of(docker_client, images.run) == {images.names[0]}


async def test_a_console_command_missing_a_course_image_looks_at_the_images_again(
        home: Path, tmp_path: Path, images: ImageSet, docker_client: Any,
        lab_image: str) -> None:
    from docker_lab.lab.misconceptions import LastCommand

    app = app_for(home, tmp_path, images)
    async with app.run_test(size=(120, 40)) as pilot:
        await dialog(pilot)
        await pilot.press("escape")  # plus tard
        await wait_for(pilot, lambda: app.missing_images == set(images.names), timeout=20)
        docker_client.api.tag(lab_image, images.names[0])  # made behind the app's back
        try:
            panel = app.screen.query_one(ExercisePanel)
            panel.console_feedback.explain(LastCommand(
                "docker run -d mon-api:latest", 125,
                "Unable to find image 'mon-api:latest' locally\n"
                "docker: Error response from daemon: pull access denied for mon-api.", 0.4))
            # the panel names the image and « i »; the app asked the engine again
            await wait_for(pilot, lambda: "mon-api:latest" in panel.state.console_note,
                           what="console note")
            await wait_for(pilot, lambda: app.missing_images == {images.names[1]}, timeout=20)
        finally:
            docker_client.api.remove_image(images.names[0])  # the tag only
