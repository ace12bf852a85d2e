"""The exercise panel's console-aware feedback (a mixin of :class:`ExercisePanel`).

The learning screen hands the console's events to the panel: each command that ends is
kept in the command log (``ran`` checks), explained in a worker (the engine's state is
read there: :func:`docker_lab.lab.feedback.command_feedback`), and the step is checked
again; after that check, a command that succeeded but moved nothing is said so. A
command still running (a ``ping`` without ``-c``) is looked at again after a while. A
shell without integration is said once. The texts come from ``lab/``; this only shows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from docker_lab.engine.images import CATALOGUE
from docker_lab.lab.attempts import is_attempt
from docker_lab.lab.feedback import command_feedback, success_without_progress
from docker_lab.lab.imagefailure import absent_course_image
from docker_lab.lab.misconceptions import PING_SECONDS, LastCommand

if TYPE_CHECKING:
    from docker_lab.checks.model import StepResult
    from docker_lab.lab.link import EngineLink
    from docker_lab.tui.widgets.exercise_view import PanelState

NO_INTEGRATION = ("Suivi des commandes indisponible avec {shell} : les vérifications restent "
                  "actives.")


@dataclass
class CommandExplained(Message):
    """What to say about a console command (computed in a worker)."""

    command: str
    text: str


class ConsoleAware:
    """Console-aware parts of the exercise panel (see the module docstring)."""

    state: PanelState
    link: EngineLink
    _cmd_waiting: tuple[str, int | None] | None = None
    _cmd_running: tuple[str, float] | None = None
    _cmd_said_plain: bool = False

    def shell_started(self, shell: str, integrated: bool) -> None:
        """Say once that a shell without integration gets no command-aware feedback."""
        if integrated or self._cmd_said_plain:
            return
        self._cmd_said_plain = True
        self._set_console_note(NO_INTEGRATION.format(shell=shell or "ce shell"))

    def command_started(self, command: str) -> None:
        """A command started: look again later if it is still running."""
        self._cmd_running = (command, time.monotonic())
        self.set_timer(PING_SECONDS + 0.2, self._still_running)  # type: ignore[attr-defined]

    def _still_running(self) -> None:
        if self._cmd_running is None:
            return
        command, began = self._cmd_running
        self.explain_command(LastCommand(command, None, "", time.monotonic() - began))

    def command_finished(self, command: str, status: int | None, output: str,
                         seconds: float) -> None:
        """A command ended: keep it, explain it, check the step again."""
        self._cmd_running = None
        exercise = self.state.exercise
        self.link.commands.record(command, status, output, exercise.id if exercise else None)
        self._attempted_by(command)
        self._cmd_waiting = (command, status)
        self.explain_command(LastCommand(command, status, output, seconds))
        self.check_now()  # type: ignore[attr-defined]

    def _attempted_by(self, command: str) -> None:
        """A docker command is an attempt at the current step (its « Essayez » may show)."""
        exercise, step = self.state.exercise, self.state.current
        if exercise is not None and step is not None and is_attempt(command):
            self.link.attempts(exercise.id).tried(step.id)

    @work(thread=True, exit_on_error=False, group="console-feedback")
    def explain_command(self, last: LastCommand) -> None:
        """Explain *last* against the engine's state (runs in a thread)."""
        try:
            snapshot = self.link.gateway().snapshot()
        except Exception:  # no engine: explain from the command and its output alone
            snapshot = None
        absent = (absent_course_image(last.command, last.status, last.output,
                                      (spec.name for spec in CATALOGUE))
                  if last.status else None)
        text = absent.line if absent is not None else command_feedback(snapshot, last)
        self.post_message(CommandExplained(last.command, text))  # type: ignore[attr-defined]
        if absent is not None:  # the panel then offers « i » for that image
            self.app.call_from_thread(  # type: ignore[attr-defined]
                self.app.check_images, False)  # type: ignore[attr-defined]

    def on_command_explained(self, message: CommandExplained) -> None:
        """Show what the worker found to say."""
        if message.text or (self._cmd_waiting and self._cmd_waiting[0] ==
                            message.command):
            self._set_console_note(message.text)

    def command_progress(self, result: StepResult, newly_completed: tuple[str, ...]) -> None:
        """After the check that followed a command: say when it moved nothing."""
        waiting, self._cmd_waiting = self._cmd_waiting, None
        if waiting is None:
            return
        if newly_completed and waiting[1] == 0:
            self._set_console_note("")
            return
        text = success_without_progress(waiting[0], waiting[1], result)
        if text:
            self._set_console_note(text)

    def _set_console_note(self, text: str) -> None:
        self.state = replace(self.state, console_note=text)

