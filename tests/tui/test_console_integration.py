"""The console's shell integration on a real PTY: a real bash, a real zsh, a plain dash.

Each shell runs with a temporary HOME holding a tiny rc file (a recognisable prompt, a
history file): the console must report each command with its status and output, and
leave the prompt, the history and the rc files as they were.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from docker_lab.tui.widgets.console import Console
from docker_lab.tui.widgets.terminal_marks import FinishedCommand
from docker_lab.tui.widgets.terminal_messages import (
    ConsoleCommandFinished,
    ConsoleCommandStarted,
    ConsoleShellStarted,
)
from docker_lab.tui.widgets.terminal_testing import wait_for

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")

PROMPT = "maison> "


class ShellApp(App[None]):
    """One console, recording what it reports."""

    def __init__(self, shell: list[str], env: dict[str, str]) -> None:
        super().__init__()
        self.shell, self.env = shell, env
        self.started: list[str] = []
        self.finished: list[FinishedCommand] = []
        self.shells: list[tuple[str, bool]] = []

    def compose(self) -> ComposeResult:
        yield Console(self.shell, env=self.env)

    def on_console_shell_started(self, message: ConsoleShellStarted) -> None:
        self.shells.append((message.shell, message.integrated))

    def on_console_command_started(self, message: ConsoleCommandStarted) -> None:
        self.started.append(message.command)

    def on_console_command_finished(self, message: ConsoleCommandFinished) -> None:
        self.finished.append(message.finished)


def _home(tmp_path: Path, rc_name: str, rc_text: str) -> tuple[Path, dict[str, float]]:
    home = tmp_path / "maison"
    home.mkdir()
    (home / rc_name).write_text(rc_text, encoding="utf-8")
    return home, {p.name: p.stat().st_mtime for p in home.iterdir()}


async def _run(app: ShellApp, pilot: object, command: str, count: int) -> FinishedCommand:
    console = app.query_one(Console)
    console.send_text(command)
    await wait_for(pilot, lambda: len(app.finished) >= count, 10,  # type: ignore[arg-type]
                   f"{command!r} not reported:\n{console.screen_text()}")
    return app.finished[count - 1]


async def _play_commands(app: ShellApp, pilot: object) -> None:
    """The same session in any integrated shell."""
    console = app.query_one(Console)
    await wait_for(pilot, lambda: PROMPT.strip() in console.screen_text(), 15,  # type: ignore
                   console.screen_text())
    done = await _run(app, pilot, "echo bonjour; echo 'a;b' | tr a x", 1)
    assert (done.command, done.status) == ("echo bonjour; echo 'a;b' | tr a x", 0)
    assert done.output == "bonjour\nx;b"
    done = await _run(app, pilot, "ls /nexiste-pas-dlt", 2)
    assert done.command == "ls /nexiste-pas-dlt" and done.status == 2
    assert "No such file or directory" in done.output
    done = await _run(app, pilot, 'printf "\\033[31mrouge\\033[0m\\n"; sh -c "exit 3"', 3)
    assert (done.status, done.output) == (3, "rouge")
    done = await _run(app, pilot, 'echo "[$PS1]"', 4)
    assert done.output == f"[{PROMPT}]", "the prompt seen from a command is the user's"
    assert app.started == [f.command for f in app.finished]
    screen = console.screen_text()
    assert "133;" not in screen and "633;" not in screen and "\x1b" not in screen
    assert screen.count(PROMPT.strip()) >= 5, screen


async def _exit_and_check(app: ShellApp, pilot: object, home: Path,
                          mtimes: dict[str, float], history: list[str]) -> None:
    console = app.query_one(Console)
    console.send_text("exit")
    await wait_for(pilot, lambda: not console.shell_running, 10)  # type: ignore[arg-type]
    assert (home / "historique").read_text(encoding="utf-8").splitlines() == history
    for name, mtime in mtimes.items():
        assert (home / name).stat().st_mtime == mtime, f"{name} changed"
    assert sorted(p.name for p in home.iterdir()) == sorted([*mtimes, "historique"])


async def test_bash_reports_commands_and_keeps_prompt_history_and_rc(tmp_path: Path) -> None:
    rc = (f"PS1='{PROMPT}'\nHISTFILE=$HOME/historique\nPROMPT_COMMAND='vu_par_rc=$((vu_par_rc+1))'"
          "\nHISTCONTROL=ignorespace\n")
    home, mtimes = _home(tmp_path, ".bashrc", rc)
    app = ShellApp(["bash"], {"HOME": str(home), "HISTFILE": ""})
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.shells == [("bash", True)])
        await _play_commands(app, pilot)
        done = await _run(app, pilot, "echo $vu_par_rc", 5)
        assert int(done.output) >= 5, "the user's PROMPT_COMMAND still runs at each prompt"
        done = await _run(app, pilot, " echo cache", 6)  # not kept in history (ignorespace)
        assert (done.command, done.output) == ("echo cache", "cache")
        await _exit_and_check(app, pilot, home, mtimes, [
            "echo bonjour; echo 'a;b' | tr a x", "ls /nexiste-pas-dlt",
            'printf "\\033[31mrouge\\033[0m\\n"; sh -c "exit 3"', 'echo "[$PS1]"',
            "echo $vu_par_rc", "exit"])


async def test_bash_norc_still_reports_commands(tmp_path: Path) -> None:
    home, _ = _home(tmp_path, ".bashrc", "echo NE-DOIT-PAS-ETRE-LU\n")
    app = ShellApp(["bash", "--norc", "--noprofile"], {"HOME": str(home), "PS1": PROMPT})
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(Console)
        await wait_for(pilot, lambda: PROMPT.strip() in console.screen_text(), 10)
        done = await _run(app, pilot, "true && false", 1)
        assert (done.command, done.status) == ("true && false", 1)
        assert "NE-DOIT-PAS" not in console.screen_text()


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh absent (.ci/run installs it)")
@pytest.mark.parametrize("own_zdotdir", [False, True])
async def test_zsh_reports_commands_and_keeps_prompt_history_and_rc(
        tmp_path: Path, own_zdotdir: bool) -> None:
    rc = f"PS1='{PROMPT}'\nHISTFILE=$HOME/historique\nSAVEHIST=100\nHISTSIZE=100\n"
    home, mtimes = _home(tmp_path, ".zshrc", rc)
    env = {"HOME": str(home), "HISTFILE": ""}
    if own_zdotdir:  # the user's files live in their own ZDOTDIR
        env["ZDOTDIR"] = str(home)
        (home / ".zshrc").write_text(rc.replace("$HOME", "$ZDOTDIR"), encoding="utf-8")
        mtimes = {p.name: p.stat().st_mtime for p in home.iterdir()}
    app = ShellApp(["zsh"], env)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.shells == [("zsh", True)])
        await _play_commands(app, pilot)
        done = await _run(app, pilot, "print -r -- ${ZDOTDIR-aucun}", 5)
        assert done.output == (str(home) if own_zdotdir else "aucun")
        await _exit_and_check(app, pilot, home, mtimes, [
            "echo bonjour; echo 'a;b' | tr a x", "ls /nexiste-pas-dlt",
            'printf "\\033[31mrouge\\033[0m\\n"; sh -c "exit 3"', 'echo "[$PS1]"',
            "print -r -- ${ZDOTDIR-aucun}", "exit"])


@pytest.mark.parametrize("shell", ["dash", "sh"])
async def test_a_shell_without_integration_still_works(shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} absent")
    app = ShellApp([shell], {"PS1": PROMPT})
    async with app.run_test(size=(100, 30)) as pilot:
        console = app.query_one(Console)
        await wait_for(pilot, lambda: app.shells == [(shell, False)])
        await wait_for(pilot, lambda: PROMPT.strip() in console.screen_text(), 10)
        console.send_text("echo ok-$((6*7))")
        await wait_for(pilot, lambda: "ok-42" in console.display_lines(), 10)
        assert app.finished == [] and app.started == []
