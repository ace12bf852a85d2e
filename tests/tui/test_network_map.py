"""The network map screen: SVG snapshots at 100×30 and 160×45, its keys (no Docker).

The snapshots show multi-tiers with api-1 off backend-net, redis-cache missing and a
student's own container, from a fixed state (no engine): update after an intended
change with ``pytest tests/tui/test_network_map.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from docker_lab.lab.matrix import plan_matrix, read_matrix
from docker_lab.lab.netmap import map_of
from docker_lab.tui.app import DockerLabApp, make_app
from docker_lab.tui.screens.dialogs import HelpScreen
from docker_lab.tui.screens.network_map import NetworkMapScreen
from tests.engine.exercise_support import exercise
from tests.tui.app_support import load_test_course, open_store, wait_for
from tests.tui.test_snapshots import console_stand_in, no_gateway
from tests.unit.checks_support import ctr, net
from tests.unit.map_support import answers, multi_tiers


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DockerLabApp:
    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    return make_app(load_test_course(), no_gateway, open_store(tmp_path),
                    console_factory=console_stand_in, live=False,
                    workdir_for=lambda exercise: tmp_path / exercise,
                    exercise_id="dlt-h7-exercice")


def broken_state() -> Any:
    def change(layout: dict[str, dict[str, str]]) -> None:
        del layout["api-1"]["backend-net"]
        layout.pop("redis-cache")

    own = [net("mon-reseau", subnet="10.9.0.0/24", gateway="10.9.0.1"),
           ctr("mon-test", networks={"mon-reseau": "10.9.0.2"})]
    return multi_tiers(change, extra=own, internal=["data-net"])


async def show_map(pilot: Pilot[Any]) -> None:
    view = map_of(broken_state(), exercise("multi-tiers"))
    plan = plan_matrix(view.snapshot, view.expected)
    screen = NetworkMapScreen(exercise("multi-tiers"), None, None)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    screen.show(view, read_matrix(plan, answers(plan, view.snapshot), 1.2))
    await pilot.pause()


def test_network_map_100x30(snap_compare: Any, app: DockerLabApp) -> None:
    assert snap_compare(app, terminal_size=(100, 30), run_before=show_map)


def test_network_map_160x45(snap_compare: Any, app: DockerLabApp) -> None:
    assert snap_compare(app, terminal_size=(160, 45), run_before=show_map)


async def test_keys_open_and_close_the_map(app: DockerLabApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")  # out of the console stand-in
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, NetworkMapScreen), what="map open")
        assert app.screen.query_one("#netmap-error").display  # not followed in this mode
        await pilot.press("g")
        await wait_for(pilot, lambda: not isinstance(app.screen, NetworkMapScreen),
                       what="map closed")
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, NetworkMapScreen), what="F4")
        await pilot.press("f4")
        await wait_for(pilot, lambda: not isinstance(app.screen, NetworkMapScreen),
                       what="F4 closes")


async def test_key_is_in_the_footer_and_the_help(app: DockerLabApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("f6")
        footer = " ".join(str(k.render()) for k in app.screen.query("FooterKey"))
        assert "Réseaux" in footer
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        rows = [row for _, group in app.screen.groups for row in group]  # type: ignore[attr-defined]
        assert ("g", "Carte des réseaux : attendu / réel, et qui joint qui (aussi F4)") in rows
        assert ("F4", "Carte des réseaux (marche aussi depuis la console)") in rows


async def test_g_opens_the_map_on_an_answer_step_at_100_columns(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The footer has no room for « g Réseaux » beside « a Répondre »: g still works."""
    from textual.widgets._footer import FooterKey

    monkeypatch.setenv("DOCKER_LAB_HOME", str(tmp_path))
    store = open_store(tmp_path)
    store.complete_step("dlt-h7-exercice", "creer")  # the next step takes an answer
    app = make_app(load_test_course(), no_gateway, store, console_factory=console_stand_in,
                   live=False, workdir_for=lambda e: tmp_path / e, exercise_id="dlt-h7-exercice")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f6")
        shown = lambda: {k.description for k in app.screen.query(FooterKey)}  # noqa: E731
        await wait_for(pilot, lambda: "Répondre" in shown(), what="answer step")
        assert "Réseaux" not in shown()
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, NetworkMapScreen), what="map")
