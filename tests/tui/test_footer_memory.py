"""Refreshing the keys many times keeps the footer's old keys from piling up in memory."""

from __future__ import annotations

import gc
from pathlib import Path

from textual.widgets._footer import FooterKey

from docker_lab.tui.widgets.footer import LabFooter
from tests.tui.app_support import build, console_ready, wait_for

SIZE = (120, 40)


def footer_keys_alive() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, FooterKey))


async def test_moving_in_and_out_of_the_console_does_not_keep_old_footer_keys(
        home: Path) -> None:
    app, _ = build(home, exercise_id="dlt-h7-exercice")
    async with app.run_test(size=SIZE) as pilot:
        console = await console_ready(pilot)
        footer = app.screen.query_one(LabFooter)
        await wait_for(pilot, lambda: footer.query(FooterKey))
        baseline = footer_keys_alive()
        for _ in range(40):  # each focus change refreshes the keys: the footer recomposes
            await pilot.press("f6")
            await wait_for(pilot, lambda: not console.has_focus)
            await pilot.press("c")
            await wait_for(pilot, lambda: console.has_focus)
        await pilot.pause()
        assert footer.query(FooterKey), "the footer still shows keys"
        assert footer_keys_alive() <= baseline + 20, (baseline, footer_keys_alive())
