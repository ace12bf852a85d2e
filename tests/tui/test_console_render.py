"""Pilot tests of what the console draws: colours, wide characters, scrollback, full screen."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from rich.color import Color
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip

from docker_lab.tui.widgets.console import Console
from docker_lab.tui.widgets.terminal_testing import (
    shell_env_for_tests,
    shell_for_tests,
    wait_for,
    wait_for_prompt,
)


class ConsoleApp(App[None]):
    """Just a focused console."""

    def __init__(self, cwd: Path | None = None) -> None:
        super().__init__()
        self.cwd = cwd

    def compose(self) -> ComposeResult:
        yield Console(shell_for_tests(), cwd=self.cwd, env=shell_env_for_tests())

    def on_mount(self) -> None:
        self.query_one(Console).focus()


async def _run(pilot: Pilot[None], console: Console, command: str, marker: str) -> int:
    """Run a command whose output contains ``marker``; return the marker's line index."""
    await wait_for_prompt(pilot, console)
    console.send_text(command)

    def line_of_marker() -> int | None:
        for y, line in enumerate(console.display_lines()):
            if marker in line and "printf" not in line and "echo" not in line:
                return y
        return None

    await wait_for(pilot, lambda: line_of_marker() is not None, 10, console.screen_text())
    await wait_for_prompt(pilot, console)
    y = line_of_marker()
    assert y is not None
    return y


def _segment_with(strip: Strip, text: str) -> tuple[int, object]:
    """Cell position and style of the segment that contains ``text``."""
    x = 0
    for segment in strip:
        if text in segment.text:
            return x + cell_len(segment.text[: segment.text.index(text)]), segment.style
        x += cell_len(segment.text)
    raise AssertionError(f"{text!r} not in {strip.text!r}")


async def test_sgr_colours_become_rich_styles() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(Console)
        command = (
            r"printf '\e[31mrouge\e[0m \e[1;38;5;208morange\e[0m "
            r"\e[48;2;10;20;30mfond\e[0m \e[3;4;7minv\e[0m normal\n'"
        )
        y = await _run(pilot, console, command, "rouge orange")
        strip = console.render_line(y)
        assert strip.cell_length == console.size.width
        _, red = _segment_with(strip, "rouge")
        assert red.color == Color.from_ansi(1)  # type: ignore[attr-defined]
        _, orange = _segment_with(strip, "orange")
        assert orange.color.triplet == (0xFF, 0x87, 0x00)  # type: ignore[attr-defined]
        assert orange.bold  # type: ignore[attr-defined]
        _, background = _segment_with(strip, "fond")
        assert background.bgcolor.triplet == (10, 20, 30)  # type: ignore[attr-defined]
        _, styled = _segment_with(strip, "inv")
        assert styled.italic and styled.underline and styled.reverse  # type: ignore[attr-defined]
        _, plain = _segment_with(strip, "normal")
        assert plain.color != Color.from_ansi(1) and not plain.bold  # type: ignore[attr-defined]


async def test_wide_characters_and_emoji_keep_the_columns() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(Console)
        y = await _run(pilot, console, r"printf 'A🐳B|中文C|éèçàD|❤️E fin\n'", "A🐳B")
        line = console.display_lines()[y]
        assert line.endswith("E fin")  # pyte alone drops the text after the VS16
        strip = console.render_line(y)
        assert strip.cell_length == console.size.width
        position = {c: _segment_with(strip, c)[0] for c in "ABCDE"}
        # 🐳 and 中文 take two cells each, accents one: what a terminal shows.
        assert position == {"A": 0, "B": 3, "C": 9, "D": 15, "E": 18}
        for row in range(console.size.height):
            assert console.render_line(row).cell_length == console.size.width


async def test_cursor_shown_only_when_focused() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(Console)
        await wait_for_prompt(pilot, console)
        row = max(y for y, line in enumerate(console.display_lines()) if line)
        column = len("dlt$ ")

        def reversed_cells() -> list[int]:
            strip = console.render_line(row)
            return [x for x in range(strip.cell_length)
                    if any(s.style and s.style.reverse for s in strip.crop(x, x + 1))]

        assert reversed_cells() == [column]
        console.blur()
        await wait_for(pilot, lambda: not console.has_focus)
        assert reversed_cells() == []


async def test_scrollback_with_keys_and_wheel() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(Console)
        await _run(pilot, console, "seq 1 500", "500")
        history = console.history_lines()
        assert history[-1] not in ("", "500")
        assert "1" in history and "400" in history
        live_top = console.render_line(0).text.strip()
        await pilot.press("shift+pageup")
        assert console.history_offset == console.size.height - 1
        top = console.render_line(0).text.split()[0]
        assert int(top) < int(live_top)
        assert "historique" in console.render_line(0).text
        await pilot.press("shift+pagedown")
        assert console.history_offset == 0
        await pilot._post_mouse_events([events.MouseScrollUp], console, offset=(5, 5))
        assert console.history_offset == 3
        await pilot.press("x")  # typing goes back to the live screen
        assert console.history_offset == 0


async def test_less_uses_the_alternate_screen_and_quits_with_q(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("".join(f"ligne {n}\n" for n in range(1, 301)))
    app = ConsoleApp(cwd=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(Console)
        await _run(pilot, console, "echo avant-less", "avant-less")
        console.send_text("less long.txt")
        await wait_for(pilot, lambda: console.fullscreen and "ligne 1" in console.display_lines())
        assert "avant-less" not in console.screen_text()
        await pilot.press("space")
        await wait_for(pilot, lambda: "ligne 40" in console.display_lines())
        await pilot.press("q")
        await wait_for(pilot, lambda: not console.fullscreen)
        await wait_for_prompt(pilot, console)
        assert "avant-less" in console.display_lines()  # the shell's screen is back
        assert "ligne 40" not in console.display_lines()


async def test_top_renders_and_quits_with_q() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(Console)
        await wait_for_prompt(pilot, console)
        console.send_text("top -d 1")
        await wait_for(pilot, lambda: console.screen_text().lstrip().startswith("top -"))
        assert any("PID" in line and "COMMAND" in line for line in console.display_lines())
        await pilot.press("q")
        await wait_for(pilot, lambda: not console.fullscreen)
        await wait_for_prompt(pilot, console)


async def test_mouse_selection_is_copied_with_ctrl_c() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(Console)
        y = await _run(pilot, console, "echo 'id: 4f2a9c 🐳 fin'", "id: 4f2a9c")
        await pilot.mouse_down(console, offset=(4, y))
        await pilot.hover(console, offset=(9, y))
        await pilot.mouse_up(console, offset=(9, y))
        await wait_for(pilot, lambda: console.text_selection is not None)
        assert app.screen.get_selected_text() == "4f2a9c"
        strip = console.render_line(y)
        selection_style = app.screen.get_component_rich_style("screen--selection")
        _, style = _segment_with(strip, "4f2a9c")
        assert style.bgcolor == selection_style.bgcolor  # type: ignore[attr-defined]
        await pilot.press("ctrl+c")
        assert app.clipboard == "4f2a9c"
        assert console.text_selection is None
        console.send_text("sleep 50")
        await wait_for(pilot, lambda: "dlt$ sleep 50" in console.display_lines())
        await pilot.click(console, offset=(3, 3))  # a click selects nothing
        assert console.text_selection is None
        await pilot.press("ctrl+c")  # no selection: interrupts again
        await wait_for(pilot, lambda: "^C" in console.display_lines())
