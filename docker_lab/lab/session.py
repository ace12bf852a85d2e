"""One student's work on one exercise, shared by the command line and the app.

>>> session = ExerciseSession(exercise, gateway, store)
>>> session.start()                       # first time: records the time and what pre-existed
>>> step = session.current_step()         # first step not completed (None: all done)
>>> result = session.evaluate()           # the current step, now (answer=... for answer steps)
>>> results = session.advance_all()       # CLI semantics: record passing steps, stop at a failure
>>> session.is_relevant(event)            # does this engine event concern the current step?

A check that passed earlier in the session (or whose step was recorded
completed) and fails now comes back with ``regressed=True`` and a message
starting with « Cassé à nouveau : ».

The session is not thread-safe by itself: the app calls it from one worker at
a time (``exclusive=True``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from docker_lab.checks.model import CheckResult, Status, StepResult
from docker_lab.checks.refs import Refs
from docker_lab.checks.registry import get_kind
from docker_lab.course.models import Exercise, Step
from docker_lab.engine.models import EngineEvent, Snapshot
from docker_lab.lab import sandbox
from docker_lab.lab.runner import Gateway, evaluate_step

REGRESSION_PREFIX = "Cassé à nouveau : "


class ExerciseSession:
    """Checking an exercise against the engine, with progress kept in ``store``.

    Args:
        exercise: the exercise.
        gateway: the engine gateway (``snapshot()``, ``run_probes()``, ``client``).
        store: the progress store (:class:`docker_lab.progress.ProgressStore`).
    """

    def __init__(self, exercise: Exercise, gateway: Gateway, store: Any) -> None:
        self.exercise = exercise
        self.gateway = gateway
        self.store = store
        self._last: dict[tuple[str, int], Status] = {}
        self.setup_messages: list[str] = []

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> datetime:
        """Record the start (first call ever: time and pre-existing resources), apply setup.

        Also writes the exercise's files into its working directory. Raises
        ``EngineError`` when the engine cannot be read.
        """
        from docker_lab.paths import workdir_for

        if self.store.exercise_started_at(self.exercise.id) is not None:
            sandbox.write_files(self.exercise, workdir_for(self.exercise.id))
            started: datetime = self.store.start_exercise(self.exercise.id)
            return started
        snapshot = self.gateway.snapshot()
        started = self.store.start_exercise(
            self.exercise.id, sandbox.existing_named(self.exercise, snapshot))
        sandbox.write_files(self.exercise, workdir_for(self.exercise.id))
        client = getattr(self.gateway, "client", None)
        if self.exercise.setup and client is not None:
            self.setup_messages = sandbox.apply_setup(self.exercise, client, snapshot)
        return started

    # -- steps ---------------------------------------------------------------------------
    def completed(self) -> dict[str, datetime]:
        """Completed step ids and when."""
        done: dict[str, datetime] = self.store.completed_steps(self.exercise.id)
        return done

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
        result = evaluate_step(step, self.gateway, answer=answer, snapshot=snapshot)
        return self._mark_regressions(step, result)

    def _mark_regressions(self, step: Step, result: StepResult) -> StepResult:
        was_completed = step.id in self.completed()
        checks: list[CheckResult] = []
        for index, check in enumerate(result.checks):
            key = (step.id, index)
            before = self._last.get(key)
            kind = get_kind(check.kind)
            asked = kind is not None and kind.uses_answer  # a new answer, not a broken state
            if not asked and check.status is Status.FAIL and (before is Status.PASS or (
                    before is None and was_completed)):
                check = replace(check, regressed=True, message=REGRESSION_PREFIX + check.message)
            if check.status is not Status.PENDING:
                self._last[key] = check.status if not check.regressed else Status.FAIL
            checks.append(check)
        return replace(result, checks=tuple(checks))

    def record(self, result: StepResult) -> bool:
        """Record a passing step as completed; return whether it passed."""
        if result.status is Status.PASS:
            self.store.complete_step(self.exercise.id, result.id)
            return True
        return False

    def advance_all(self, answers: Mapping[str, str] | None = None, fresh: bool = False,
                    snapshot: Snapshot | None = None) -> list[StepResult]:
        """From the first step not completed, evaluate; record passing steps; stop at a failure.

        Args:
            answers: answers by step id (``""`` as key: for the first answer step met).
            fresh: ignore recorded progress (start from the first step).
            snapshot: a snapshot already taken (default: one taken when a step needs it).

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
            if answer is None and self.uses_answer(step) and "" in answers:
                answer = answers.pop("")
            if snapshot is None:
                snapshot = self.gateway.snapshot()
            result = self.evaluate(step.id, answer=answer, snapshot=snapshot)
            results.append(result)
            if not self.record(result):
                break
        return results

    # -- live checking -----------------------------------------------------------------
    @staticmethod
    def uses_answer(step: Step) -> bool:
        """Whether the step asks the student for a value."""
        return any(c.check.uses_answer for c in step.checks)

    def watched(self, step_id: str | None = None) -> Refs:
        """The resources whose changes may change the step's verdict."""
        step = self._step(step_id)
        total = Refs()
        for spec in step.checks:
            total = total | spec.check.references()
        return total

    def is_relevant(self, event: EngineEvent, step_id: str | None = None) -> bool:
        """Cheap filter: does ``event`` concern a resource the step's checks name?

        Daemon events (reconnection) and network events are always relevant (a
        network event names the network, not the container connected or
        disconnected); exec events never are; container and volume events are
        when they name a watched resource (probe side-cars are not watched).
        """
        if event.type in ("daemon", "network"):
            return True
        if event.action.startswith("exec_") or event.type not in ("container", "network",
                                                                   "volume"):
            return False
        watched = self.watched(step_id)
        pool = watched.containers if event.type == "container" else watched.volumes
        return event.name in pool
