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

from docker_lab.checks.model import Status
from docker_lab.engine.images import CATALOGUE
from docker_lab.lab.attempts import attempts_step
from docker_lab.lab.feedback import command_feedback, success_without_progress
from docker_lab.lab.imagefailure import absent_course_image
from docker_lab.lab.misconceptions import PING_SECONDS, LastCommand

if TYPE_CHECKING:
    from textual.widget import Widget

    from docker_lab.checks.model import StepResult
    from docker_lab.tui.widgets.exercise_panel import ExercisePanel
    from docker_lab.tui.widgets.exercise_view import PanelState

#: The panel's note while the check that follows a command runs (probes take seconds).
CHECKING = "[dim]⏳ vérification…[/dim]"
#: Said once when the console's shell has no integration (sh, dash, fish…).
NO_INTEGRATION_LEAD = "Suivi des commandes indisponible avec "
NO_INTEGRATION = (NO_INTEGRATION_LEAD + "{shell} : les vérifications de l'état restent actives, "
                  "mais une étape qui demande de lancer une commande (un diagnostic) ne peut pas "
                  "se valider. Pour le suivi, lancez docker-lab depuis bash ou zsh "
                  "(par exemple : SHELL=/bin/bash docker-lab).")


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
    state and link, sets its console note, and runs its worker on the panel. The note is
    about one command: what its check found (« a réussi, mais… »), then what its worker
    found (its error explained, the misconceptions it shows); each part replaces only
    itself, so neither hides the other.
    """

    def __init__(self, panel: ExercisePanel) -> None:
        self.panel = panel
        #: The command whose check is awaited: (command, status, last evaluation begun then).
        self._waiting: tuple[str, int | None, int] | None = None
        self._running: tuple[str, float] | None = None
        self._said_plain = False
        self._about: str | None = None  # the command the note is about
        self._parts = {"progress": "", "explanation": ""}
        self._news: tuple[str, tuple[str, ...]] = ("", ())

    def shell_started(self, shell: str, integrated: bool) -> None:
        """Say once that a shell without integration gets no command-aware feedback."""
        if integrated or self._said_plain:
            return
        self._said_plain = True
        self._about_command(None)
        self._set("explanation", NO_INTEGRATION.format(shell=shell or "ce shell"))

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
        panel = self.panel
        state, link = panel.state, panel.link
        link.commands.record(command, status, output, state.exercise.id if state.exercise
                             else None)
        attempt = state.exercise is not None and state.current is not None and attempts_step(
            command, state.current)
        if attempt and state.exercise is not None and state.current is not None:
            # an attempt at the current step: its « Essayez » may show
            link.attempts(state.exercise.id).tried(state.current.id)
        self._about_command(command)
        self._waiting = (command, status, panel.evaluations_begun)
        self.explain(LastCommand(command, status, output, seconds))
        if attempt and panel.live:
            panel.state = replace(panel.state, note=CHECKING)
        panel.check_now()

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
        if message.command != self._about:
            if not message.text:
                return
            self._about_command(message.command)  # a command still running (ping without -c)
        self._set("explanation", message.text)

    def command_progress(self, result: StepResult, newly_completed: tuple[str, ...],
                         seq: int) -> None:
        """After a check: say when the command awaited moved nothing; a step done clears
        what was said about the work on it.

        A check begun before the command ended (*seq* not after the one begun then) saw
        the engine before its effect: the command waits for the next.
        """
        waiting = self._waiting
        settling = result.status is Status.PENDING and all(c.status is Status.PASS
                                                           for c in result.checks)
        if waiting is not None and (seq <= waiting[2] or settling):
            return  # (a container just started: its step is judged at the next check)
        self._waiting = None
        if newly_completed and (waiting is None or waiting[1] == 0):
            self._about_command(None)
        elif waiting is not None:
            self._set("progress", success_without_progress(waiting[0], waiting[1], result) or "")

    def reveal_news(self, state: PanelState, note: Widget, checks: Widget) -> None:
        """Scroll what is new (a note, a misconception named) into view: the student's eyes
        are on the console, and below the instructions it would go unseen."""
        news = (state.console_note, tuple(d.id for d in state.misconceptions))
        if any(news) and news != self._news:
            part = note if state.console_note else checks
            self.panel.call_after_refresh(self.panel.call_after_refresh, self._reveal, part)
        self._news = news

    def _reveal(self, part: Widget) -> None:
        """Scroll the panel so that the end of *part* shows (what is new ends it)."""
        panel = self.panel
        region, height = part.virtual_region, panel.scrollable_content_region.height
        if region.bottom > panel.scroll_y + height or region.y < panel.scroll_y:
            panel.scroll_to(y=max(0, region.bottom - height), animate=False)

    def _about_command(self, command: str | None) -> None:
        """From now on, the note is about *command* (``None``: nothing to say)."""
        self._about = command
        self._parts = dict.fromkeys(self._parts, "")
        self._set("progress", "")

    def _set(self, part: str, text: str) -> None:
        self._parts[part] = text
        note = "\n".join(p for p in self._parts.values() if p)
        self.panel.state = replace(self.panel.state, console_note=note)
