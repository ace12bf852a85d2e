"""App-wide messages: small dataclasses posted by workers and screens.

Widget-local events are nested ``Message`` classes in their widgets; the
messages here cross the app (engine state, verdicts, navigation requests).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from docker_lab.checks.model import StepResult
from docker_lab.engine.models import EngineEvent
from docker_lab.lab.attempts import Feedback
from docker_lab.lab.misconceptions_state import Detected


@dataclass
class EngineStatus(Message):
    """The Docker engine became reachable or unreachable.

    Attributes:
        reachable: True when the daemon answers.
        message: French description when unreachable.
        fix: French instructions to make it reachable.
    """

    reachable: bool
    message: str = ""
    fix: str = ""


@dataclass
class EngineChanged(Message):
    """A Docker event arrived that may change the current step's verdict."""

    event: EngineEvent


@dataclass
class StepEvaluated(Message):
    """A step was evaluated in a worker.

    Attributes:
        exercise_id: the exercise the result belongs to.
        result: the verdict of the step now shown (the current one).
        completed: ids of the exercise's completed steps after this evaluation.
        newly_completed: steps this evaluation recorded as completed.
        seq: evaluation number; results older than the last shown are dropped.
        broken: ``(step id, reason)`` of completed steps whose checks fail now.
        feedback: how much to say about ``result`` (goals until the step is attempted).
        misconceptions: the misconceptions seen for the step (named and explained).
        settling: containers of the step that have just started (not recorded yet).
        recheck_in: seconds after which to evaluate again (0: no need).
    """

    exercise_id: str
    result: StepResult
    completed: tuple[str, ...]
    newly_completed: tuple[str, ...]
    seq: int
    broken: tuple[tuple[str, str], ...] = ()
    feedback: Feedback = Feedback.FULL
    misconceptions: tuple[Detected, ...] = ()
    settling: tuple[str, ...] = ()
    recheck_in: float = 0.0


@dataclass
class EvaluationFailed(Message):
    """An evaluation could not run (French reason)."""

    exercise_id: str
    message: str
    seq: int


@dataclass
class Navigate(Message):
    """Open a lesson slide and/or an exercise (from the map or the palette).

    Attributes:
        lesson_id: lesson to show (``None`` keeps the current one).
        slide_index: 0-based slide within the lesson.
        exercise_id: exercise to open in the panel (``None`` keeps the lesson's).
        focus_console: move the focus to the console afterwards.
    """

    lesson_id: str | None = None
    slide_index: int = 0
    exercise_id: str | None = None
    focus_console: bool = False
