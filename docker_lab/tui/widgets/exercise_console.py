"""The exercise panel's console-aware feedback (a part the panel owns).

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
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message

from docker_lab.engine.images import CATALOGUE
from docker_lab.lab.attempts import is_attempt
from docker_lab.lab.feedback import command_feedback, success_without_progress
from docker_lab.lab.imagefailure import absent_course_image
from docker_lab.lab.misconceptions import PING_SECONDS, LastCommand

if TYPE_CHECKING:
    from docker_lab.checks.model import StepResult
    from docker_lab.tui.widgets.exercise_panel import ExercisePanel

NO_INTEGRATION = ("Suivi des commandes indisponible avec {shell} : les vérifications restent "
                  "actives.")


@dataclass
class CommandExplained(Message):
    """What to say about a console command (computed in a worker)."""

    command: str
    text: str


class CourseImageAbsent(Message):
    """A console command failed for want of a course image (handled by the app)."""


class ConsoleFeedback:
    """Console-aware parts of the exercise panel (see the module docstring).

    Owned by the panel (``panel.console_feedback``), not inherited: it reads the panel's
    state and link, sets its console note, and runs its worker on the panel.
    """

    def __init__(self, panel: ExercisePanel) -> None:
        self.panel = panel
        self._waiting: tuple[str, int | None] | None = None
        self._running: tuple[str, float] | None = None
        self._said_plain = False

    def shell_started(self, shell: str, integrated: bool) -> None:
        """Say once that a shell without integration gets no command-aware feedback."""
        if integrated or self._said_plain:
            return
        self._said_plain = True
        self._set_note(NO_INTEGRATION.format(shell=shell or "ce shell"))

    def command_started(self, command: str) -> None:
        """A command started: look again later if it is still running."""
        self._running = (command, time.monotonic())
        self.panel.set_timer(PING_SECONDS + 0.2, self._still_running)

    def _still_running(self) -> None:
        if self._running is None:
            return
        command, began = self._running
        self.explain(LastCommand(command, None, "", time.monotonic() - began))

    def command_finished(self, command: str, status: int | None, output: str,
                         seconds: float) -> None:
        """A command ended: keep it, explain it, check the step again."""
        self._running = None
        state, link = self.panel.state, self.panel.link
        link.commands.record(command, status, output, state.exercise.id if state.exercise
                             else None)
        if state.exercise is not None and state.current is not None and is_attempt(command):
            # a docker command is an attempt at the current step (its « Essayez » may show)
            link.attempts(state.exercise.id).tried(state.current.id)
        self._waiting = (command, status)
        self.explain(LastCommand(command, status, output, seconds))
        self.panel.check_now()

    def explain(self, last: LastCommand) -> None:
        """Explain *last* against the engine's state, in a thread worker of the panel."""
        self.panel.run_worker(partial(self._explain, last), thread=True, exit_on_error=False,
                              group="console-feedback")

    def _explain(self, last: LastCommand) -> None:
        link = self.panel.link
        try:
            snapshot = link.gateway().snapshot()
        except Exception:  # no engine: explain from the command and its output alone
            snapshot = None
        absent = (absent_course_image(last.command, last.status, last.output,
                                      (spec.name for spec in CATALOGUE))
                  if last.status else None)
        text = absent.line if absent is not None else command_feedback(snapshot, last)
        self.panel.post_message(CommandExplained(last.command, text))
        if absent is not None:  # the app looks at the images again: the panel offers « i »
            self.panel.post_message(CourseImageAbsent())

    def explained(self, message: CommandExplained) -> None:
        """Show what the worker found to say (the panel hands its message here)."""
        if message.text or (self._waiting and self._waiting[0] == message.command):
            self._set_note(message.text)

    def command_progress(self, result: StepResult, newly_completed: tuple[str, ...]) -> None:
        """After the check that followed a command: say when it moved nothing."""
        waiting, self._waiting = self._waiting, None
        if waiting is None:
            return
        if newly_completed and waiting[1] == 0:
            self._set_note("")
            return
        text = success_without_progress(waiting[0], waiting[1], result)
        if text:
            self._set_note(text)

    def _set_note(self, text: str) -> None:
        self.panel.state = replace(self.panel.state, console_note=text)
