"""Pilot tests of the live console on a real PTY with a real bash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Footer, Input

from docker_lab.tui.widgets.console import Console
from docker_lab.tui.widgets.terminal_messages import ConsoleExited, ConsoleOutput
from docker_lab.tui.widgets.terminal_testing import (
    pid_gone,
    shell_env_for_tests,
    shell_for_tests,
    wait_for,
    wait_for_prompt,
    wait_for_text,
    wait_until_gone,
)

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")


class ConsoleApp(App[None]):
    """A console and an input field, as in the learning screen."""

    CSS = "Console { height: 1fr; } Input { height: 3; }"

    def __init__(self, cwd: Path | None = None) -> None:
        super().__init__()
        self.cwd = cwd
        self.exits: list[int] = []
        self.outputs: list[float] = []

    def compose(self) -> ComposeResult:
        yield Console(shell_for_tests(), cwd=self.cwd, env=shell_env_for_tests(), id="console")
        yield Input(id="other")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Console).focus()

    def on_console_exited(self, message: ConsoleExited) -> None:
        self.exits.append(message.return_code)

    def on_console_output(self, message: ConsoleOutput) -> None:
        self.outputs.append(time.monotonic())


async def _started(pilot: object, app: ConsoleApp) -> Console:
    console = app.query_one(Console)
    await wait_for_prompt(pilot, console)  # type: ignore[arg-type]
    return console


async def test_typed_keys_run_a_command_with_accents() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        await pilot.press(*"echo bonjour-", "é", "enter")
        await wait_for(pilot, lambda: "bonjour-é" in console.display_lines(), 10,
                       console.screen_text())
        await wait_for_prompt(pilot, console)


async def test_send_text_types_continuation_lines() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        console.send_text("echo un \\\n  deux \\\n  trois\necho fin-$((6*7))")
        await wait_for(pilot, lambda: "un deux trois" in console.display_lines())
        await wait_for(pilot, lambda: "fin-42" in console.display_lines())
        assert "> " in console.screen_text()  # continuation prompt: typed line by line
        console.send_text("echo pas-encore", execute=False)
        await wait_for_text(pilot, console, "dlt$ echo pas-encore")
        assert "pas-encore" not in console.display_lines()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "pas-encore" in console.display_lines())


async def test_ctrl_c_interrupts_the_foreground_job() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        console.send_text("sleep 100; echo fini-$?")
        await wait_for_text(pilot, console, "sleep 100; echo fini")
        await pilot.press("ctrl+c")
        await wait_for_prompt(pilot, console)
        assert "^C" in console.display_lines()
        # the whole command line was interrupted, not just sleep
        assert not any(line.startswith("fini-") for line in console.display_lines())
        assert console.shell_running


async def test_shell_sees_the_new_size_after_resize() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        columns, lines = console.terminal_size
        assert (columns, lines) == (console.size.width, console.size.height)
        console.send_text("stty size")
        await wait_for(pilot, lambda: f"{lines} {columns}" in console.display_lines())
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: console.terminal_size[0] == 120)
        columns, lines = console.terminal_size
        console.send_text("clear; stty size")
        await wait_for(pilot, lambda: f"{lines} {columns}" in console.display_lines())


async def test_working_directory_is_the_exercise_directory(tmp_path: Path) -> None:
    workdir = tmp_path / "exercice à faire"
    workdir.mkdir()
    app = ConsoleApp(cwd=workdir)
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        console.send_text("pwd")
        await wait_for(pilot, lambda: str(workdir) in console.display_lines())


async def test_f6_moves_focus_out_and_shows_in_footer() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        assert console.has_focus
        bindings = {b.binding.key: b.binding for b in app.active_bindings.values()}
        assert bindings["f6"].description == "Sortir"
        assert "Sortir de la console" in (bindings["f6"].tooltip or "")
        assert bindings["f6"].show
        await pilot.press("tab")  # tab belongs to the shell (completion), focus stays
        assert console.has_focus
        await pilot.press("f6")
        assert isinstance(app.focused, Input)
        await pilot.press(*"abc")
        assert app.query_one(Input).value == "abc"
        assert "abc" not in console.screen_text()


async def test_quitting_kills_the_shell_and_its_background_jobs() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        shell_pid = console.pid
        assert shell_pid is not None
        console.send_text("sleep 1000 & echo bg=$!")
        await wait_for(
            pilot, lambda: any(line.startswith("bg=") for line in console.display_lines())
        )
        line = next(line for line in console.display_lines() if line.startswith("bg="))
        sleep_pid = int(line.removeprefix("bg="))
        assert not pid_gone(sleep_pid)
    assert await wait_until_gone(sleep_pid), "background job survived the app"
    assert await wait_until_gone(shell_pid), "shell survived the app"


async def test_exit_shows_status_and_enter_restarts() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        first_pid = console.pid
        console.send_text("exit 3")
        notice = "Le shell s'est terminé (code 3). Entrée pour relancer."
        await wait_for_text(pilot, console, notice)
        await wait_for(pilot, lambda: app.exits == [3])
        assert not console.shell_running
        await pilot.press("enter")
        await wait_for_prompt(pilot, console)
        assert console.shell_running and console.pid != first_pid
        assert first_pid is not None and await wait_until_gone(first_pid)


async def test_paste_goes_to_the_shell() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        console.post_message(events.Paste("echo collé-ici"))
        await wait_for_text(pilot, console, "dlt$ echo collé-ici")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "collé-ici" in console.display_lines())


async def test_ui_stays_responsive_during_a_flood() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        start = time.monotonic()
        app.outputs.clear()
        console.send_text("yes flot-continu")
        await wait_for(pilot, lambda: console.display_lines().count("flot-continu") > 20)
        pressed = time.monotonic()
        await pilot.press("ctrl+c")
        await wait_for_prompt(pilot, console, timeout=5)
        assert time.monotonic() - pressed < 5
        # Output messages are throttled (one per 0.25 s plus the trailing one).
        await wait_for(pilot, lambda: len(app.outputs) >= 1)
        assert len(app.outputs) <= (time.monotonic() - start) / 0.25 + 2
        await pilot.press("f6")  # the app still handles its own keys
        assert isinstance(app.focused, Input)


async def test_ctrl_d_ends_the_shell_and_restart_api() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        await pilot.press("ctrl+d")
        await wait_for_text(pilot, console, "Le shell s'est terminé (code 0)")
        assert app.exits == [0] and console.return_code == 0
        console.restart()
        await wait_for_prompt(pilot, console)
        assert console.shell_running and console.return_code is None


async def test_removing_the_console_ends_its_processes() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        shell_pid = console.pid
        assert shell_pid is not None
        await console.remove()
        assert await wait_until_gone(shell_pid)


async def test_cursor_position_reports_reach_the_program() -> None:
    app = ConsoleApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        # the program asks where the cursor is and reads the terminal's answer
        console.send_text("clear; printf '\\e[3;7H\\e[6n'; read -rsdR pos; echo")
        await wait_for(pilot, lambda: console.display_lines()[3] == "dlt$")
        console.send_text('echo "pos=${pos#*[}"')
        await wait_for(pilot, lambda: "pos=3;7" in console.display_lines())


async def test_missing_shell_is_reported_in_french() -> None:
    class BrokenApp(ConsoleApp):
        def compose(self) -> ComposeResult:
            yield Console(["/chemin/introuvable/shell"], env=shell_env_for_tests())

    app = BrokenApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(Console)
        notice = "Impossible de lancer le shell /chemin/introuvable/shell"
        await wait_for_text(pilot, console, notice)
        await wait_for(pilot, lambda: app.exits == [127])
        assert not console.shell_running and console.return_code == 127


async def test_plain_sh_works_too() -> None:
    class ShApp(ConsoleApp):
        def compose(self) -> ComposeResult:
            yield Console(["sh"], env={"PS1": "sh$ ", "ENV": ""})

    app = ShApp()
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(Console)
        console.focus()
        await wait_for_text(pilot, console, "sh$")
        await pilot.press(*"echo sh-", "é", "enter")
        await wait_for(pilot, lambda: "sh-é" in console.display_lines())
        console.send_text("sleep 100")
        await wait_for_text(pilot, console, "sh$ sleep 100")
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: [ln for ln in console.display_lines() if ln][-1] == "sh$")


async def test_quitting_during_a_flood_is_quick_and_clean(tmp_path: Path) -> None:
    app = ConsoleApp(cwd=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        console = await _started(pilot, app)
        shell_pid = console.pid
        assert shell_pid is not None
        # a background flood, then a foreground one that ignores SIGHUP (needs SIGKILL)
        console.send_text("yes > /dev/null & echo $! > bg.pid; trap '' HUP; yes encore")
        await wait_for(pilot, lambda: console.display_lines().count("encore") > 5)
        flood_pid = int((tmp_path / "bg.pid").read_text())
        quitting = time.monotonic()
    assert time.monotonic() - quitting < 5
    assert await wait_until_gone(flood_pid), "a flooding job survived"
    assert await wait_until_gone(shell_pid)
