"""SVG snapshots of the main screens at 120×40 (fixed course, no PTY, no Docker).

Update after an intended change: ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from docker_lab.tui.app import DockerLabApp, make_app
from docker_lab.tui.messages import EngineStatus
from docker_lab.tui.widgets.exercise_panel import ExercisePanel
from tests.tui.app_support import load_test_course, open_store, wait_for

SIZE = (120, 40)


def console_stand_in(cwd: Path) -> Widget:
    """A static console: snapshots must not depend on a shell."""
    return Static("$ docker network ls\nNETWORK ID     NAME      DRIVER    SCOPE\n$ ",
                  id="console")


def no_gateway() -> Any:
    raise AssertionError("snapshot tests never talk to Docker")


@pytest.fixture
def app_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))

    def build(**kwargs: Any) -> DockerLabApp:
        return make_app(load_test_course(), no_gateway, open_store(tmp_path),
                        console_factory=console_stand_in, live=False,
                        workdir_for=lambda exercise: tmp_path / exercise, **kwargs)

    return build


def test_first_slide(snap_compare: Any, app_for: Any) -> None:
    assert snap_compare(app_for(), terminal_size=SIZE)


def test_slide_with_shell_blocks(snap_compare: Any, app_for: Any) -> None:
    assert snap_compare(app_for(), terminal_size=SIZE, press=["right"])


def test_mermaid_slide(snap_compare: Any, app_for: Any) -> None:
    assert snap_compare(app_for(), terminal_size=SIZE, press=["right", "right"])


def test_exercise_panel(snap_compare: Any, app_for: Any) -> None:
    app = app_for(exercise_id="dlt-h7-exercice")
    assert snap_compare(app, terminal_size=SIZE, press=["f6", "h"])


def test_docker_unreachable(snap_compare: Any, app_for: Any) -> None:
    async def down(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.query(ExercisePanel), what="panel")
        pilot.app.screen.query_one(ExercisePanel).post_message(EngineStatus(
            False, "Le démon Docker ne répond pas sur unix:///var/run/docker.sock.",
            "Démarrez Docker, puis vérifiez avec : docker info"))
        await pilot.pause()

    app = app_for(exercise_id="dlt-h7-exercice")
    assert snap_compare(app, terminal_size=SIZE, press=["f6"], run_before=down)


def test_help_screen(snap_compare: Any, app_for: Any) -> None:
    assert snap_compare(app_for(), terminal_size=SIZE, press=["f1"])


def test_course_map(snap_compare: Any, app_for: Any) -> None:
    assert snap_compare(app_for(), terminal_size=SIZE, press=["m"])


def test_wide_layout_with_lessons_sidebar(snap_compare: Any, app_for: Any) -> None:
    app = app_for(exercise_id="dlt-h7-exercice")
    assert snap_compare(app, terminal_size=(160, 45), press=["f6"])
