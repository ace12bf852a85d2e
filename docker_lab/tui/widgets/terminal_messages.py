"""Messages the console posts to the app (exposed as ``Console.Exited`` / ``Console.Output``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from docker_lab.tui.widgets.console import Console
    from docker_lab.tui.widgets.terminal_marks import FinishedCommand

EXIT_MESSAGE = "Le shell s'est terminé (code {code}). Entrée pour relancer."
START_FAILED = "Impossible de lancer le shell {shell} : {error}. Entrée pour réessayer."


class ConsoleExited(Message):
    """The shell ended (``return_code``: exit status, 128+N for signal N).

    Handled by ``on_console_exited``.
    """

    def __init__(self, console: Console, return_code: int) -> None:
        super().__init__()
        self.console = console
        self.return_code = return_code

    @property
    def control(self) -> Console:
        """The console whose shell ended."""
        return self.console


class ConsoleOutput(Message):
    """The shell printed something (throttled). Handled by ``on_console_output``."""

    def __init__(self, console: Console) -> None:
        super().__init__()
        self.console = console

    @property
    def control(self) -> Console:
        """The console that received output."""
        return self.console


class ConsoleShellStarted(Message):
    """A shell started; ``integrated``: it reports its commands (bash, zsh).

    Handled by ``on_console_shell_started``.
    """

    def __init__(self, console: Console, shell: str, integrated: bool) -> None:
        super().__init__()
        self.console = console
        self.shell = shell
        self.integrated = integrated

    @property
    def control(self) -> Console:
        """The console whose shell started."""
        return self.console


class ConsoleCommandStarted(Message):
    """The shell started running ``command`` (as typed). Handled by
    ``on_console_command_started``."""

    def __init__(self, console: Console, command: str) -> None:
        super().__init__()
        self.console = console
        self.command = command

    @property
    def control(self) -> Console:
        """The console that runs the command."""
        return self.console


class ConsoleCommandFinished(Message):
    """A command ended: its line, exit status and output. Handled by
    ``on_console_command_finished``."""

    def __init__(self, console: Console, finished: FinishedCommand) -> None:
        super().__init__()
        self.console = console
        self.finished = finished

    @property
    def control(self) -> Console:
        """The console that ran the command."""
        return self.console


class Throttle:
    """Run an action at most once per interval: at once, then once at the interval's end.

    Args:
        interval: Seconds between two runs.
        action: What to run.
        set_timer: Schedules a callback after a delay (a widget's ``set_timer``).
    """

    def __init__(
        self,
        interval: float,
        action: Callable[[], None],
        set_timer: Callable[[float, Callable[[], None]], Any],
    ) -> None:
        self.interval = interval
        self._action = action
        self._set_timer = set_timer
        self._last = 0.0
        self._pending = False

    def __call__(self) -> None:
        """Ask for the action to run."""
        if self._pending:
            return
        delay = self._last + self.interval - time.monotonic()
        if delay > 0:
            self._pending = True
            self._set_timer(delay, self._run)
        else:
            self._run()

    def _run(self) -> None:
        self._pending = False
        self._last = time.monotonic()
        self._action()
