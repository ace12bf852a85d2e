"""One student's work on one exercise, shared by the command line and the app.

>>> session = ExerciseSession(exercise, gateway, store)
>>> session.start()                       # first time: records the time and what pre-existed
>>> step = session.current_step()         # first step not completed (None: all done)
>>> result = session.evaluate()           # the current step, now (answer=... for answer steps)
>>> results = session.advance_all()       # CLI semantics: record passing steps, stop at a failure
>>> session.is_relevant(event)            # does this engine event concern the current step?

A check that passed earlier in the session (or whose step was recorded
completed) and fails now comes back with ``regressed=True`` and a message
starting with « Cassé à nouveau : », until it passes
(:mod:`docker_lab.lab.regressions`).

The session is not thread-safe by itself: the app calls it from one worker at
a time (``exclusive=True``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from docker_lab.checks.model import Status, StepResult
from docker_lab.checks.refs import Refs
from docker_lab.course.models import Exercise, Step
from docker_lab.engine.models import EngineEvent, Snapshot
from docker_lab.lab import sandbox
from docker_lab.lab.commands import CommandLog
from docker_lab.lab.ports import GatewayLike
from docker_lab.lab.regressions import RegressionTracker
from docker_lab.lab.relevance import is_relevant
from docker_lab.lab.runner import evaluate_step
from docker_lab.lab.steps import takes_answer
from docker_lab.progress import ProgressStore
from docker_lab.progress.commandlog import CommandRecord


class ExerciseSession:
    """Checking an exercise against the engine, with progress kept in ``store``.

    Args:
        exercise: the exercise.
        gateway: the engine gateway (``snapshot()``, ``run_probes()``, ``client``).
        store: the progress store.
        regressions: what was seen of the checks so far (default: nothing yet).
        commands: the command log (``ran`` checks; default: the one beside ``store``,
            opened when a check first needs it).
    """

    def __init__(self, exercise: Exercise, gateway: GatewayLike, store: ProgressStore,
                 regressions: RegressionTracker | None = None,
                 commands: CommandLog | None = None) -> None:
        self.exercise = exercise
        self.gateway = gateway
        self.store = store
        self.regressions = regressions if regressions is not None else RegressionTracker()
        self.setup_messages: list[str] = []
        self._workdir: Path | None = None
        self._commands = commands

    @property
    def commands(self) -> CommandLog:
        """The command log (opened on first use)."""
        if self._commands is None:
            self._commands = CommandLog.beside(self.store)
        return self._commands

    def commands_for(self, step: Step) -> Sequence[CommandRecord]:
        """The commands run since *step* became current."""
        return self.commands.for_step(self.store, self.exercise, step)

    @property
    def workdir(self) -> Path:
        """The exercise's working directory (created on first use; ``DataDirError``)."""
        if self._workdir is None:
            from docker_lab.paths import workdir_for

            self._workdir = workdir_for(self.exercise.id)
        return self._workdir

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> datetime:
        """Record the start (first call ever: time and pre-existing resources), apply setup.

        Also writes the exercise's files into its working directory. Raises
        ``EngineError`` when the engine cannot be read.
        """
        if self.store.exercise_started_at(self.exercise.id) is not None:
            sandbox.write_files(self.exercise, self.workdir)
            started: datetime = self.store.start_exercise(self.exercise.id)
            return started
        snapshot = self.gateway.snapshot()
        started = self.store.start_exercise(
            self.exercise.id, sandbox.existing_named(self.exercise, snapshot))
        sandbox.write_files(self.exercise, self.workdir)
        if self.exercise.setup:
            self.setup_messages = sandbox.apply_setup(self.exercise, self.gateway.client, snapshot)
        return started

    def ensure_started(self) -> bool:
        """Start afresh when the start record is gone (``reset`` run from another shell).

        The new start records what exists now as pre-existing, applies the setup again
        and forgets what was seen of the checks. Returns whether it started afresh.
        """
        if self.store.exercise_started_at(self.exercise.id) is not None:
            return False
        self.regressions = RegressionTracker()
        self.start()
        return True

    # -- steps ---------------------------------------------------------------------------
    def completed(self) -> dict[str, datetime]:
        """Completed step ids and when."""
        return self.store.completed_steps(self.exercise.id)

    def current_step(self) -> Step | None:
        """The first step not completed, or ``None`` when every step is."""
        done = self.completed()
        return next((s for s in self.exercise.steps if s.id not in done), None)

    def _step(self, step_id: str | None) -> Step:
        if step_id is None:
            step = self.current_step() or self.exercise.steps[-1]
        else:
            found = self.exercise.step(step_id)
            if found is None:
                raise KeyError(step_id)
            step = found
        return step

    def evaluate(self, step_id: str | None = None, answer: str | None = None,
                 snapshot: Snapshot | None = None) -> StepResult:
        """Evaluate a step (default: the current one) now; nothing is recorded.

        Raises:
            KeyError: unknown step id.
            EngineError: the engine cannot be read.
        """
        step = self._step(step_id)
        result = evaluate_step(step, self.gateway, answer=answer, snapshot=snapshot,
                               workdir=self.workdir, commands=lambda: self.commands_for(step))
        return self.regressions.mark(step, result, step.id in self.completed())

    def record(self, result: StepResult) -> bool:
        """Record a passing step as completed; return whether it was recorded.

        Nothing is recorded under an exercise without a start record (reset meanwhile).
        """
        if result.status is Status.PASS and self.store.exercise_started_at(
                self.exercise.id) is not None:
            self.store.complete_step(self.exercise.id, result.id)
            return True
        return False

    def advance_all(self, answers: Mapping[str, str] | None = None, fresh: bool = False,
                    snapshot: Snapshot | None = None,
                    hold: Callable[[Step, Snapshot], bool] | None = None) -> list[StepResult]:
        """From the first step not completed, evaluate; record passing steps; stop at a failure.

        Args:
            answers: answers by step id (``""`` as key: for the first answer step met).
            fresh: ignore recorded progress (start from the first step).
            snapshot: a snapshot already taken (default: one taken when a step needs it).
            hold: says when a passing step must not be recorded yet (the app: a container
                it checks has just started); it comes back ``PENDING`` and the pass stops.

        Returns:
            The verdicts of the steps evaluated, in order (the last one is the first
            that did not pass, unless all passed).
        """
        answers = dict(answers or {})
        done = {} if fresh else self.completed()
        results: list[StepResult] = []
        for step in self.exercise.steps:
            if step.id in done:
                continue
            answer = answers.get(step.id)
            if answer is None and takes_answer(step) and "" in answers:
                answer = answers.pop("")
            if snapshot is None:
                snapshot = self.gateway.snapshot()
            result = self.evaluate(step.id, answer=answer, snapshot=snapshot)
            if result.status is Status.PASS and hold is not None and hold(step, snapshot):
                self.regressions.unsettled(step)
                results.append(replace(result, status=Status.PENDING))
                break
            results.append(result)
            if not self.record(result):
                break
        return results

    # -- live checking -----------------------------------------------------------------

    def watched(self, step_id: str | None = None) -> Refs:
        """The resources whose changes may change the step's verdict."""
        step = self._step(step_id)
        total = Refs()
        for spec in step.checks:
            total = total | spec.check.references()
        return total

    def is_relevant(self, event: EngineEvent, step_id: str | None = None) -> bool:
        """Does *event* concern the step (:func:`docker_lab.lab.relevance.is_relevant`)?"""
        return is_relevant(event, self.watched(step_id), self.workdir)
