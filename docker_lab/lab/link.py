"""The app's link to the engine and the checker (no Textual here).

Runs inside thread workers: :meth:`EngineLink.follow` blocks on the events
stream and reports the events relevant to the exercise watched
(:meth:`EngineLink.watch`) through callbacks; :meth:`EngineLink.evaluate`
checks the current step of an exercise, records passing steps and moves on.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from docker_lab.checks.model import Status, StepResult
from docker_lab.course.models import Exercise, Step
from docker_lab.engine.errors import EngineError
from docker_lab.engine.models import EngineEvent, Snapshot
from docker_lab.lab.attempts import AttemptTracker, Feedback
from docker_lab.lab.commands import CommandLog
from docker_lab.lab.compose import scope
from docker_lab.lab.misconceptions_state import Detected, detect_all
from docker_lab.lab.regressions import RegressionTracker
from docker_lab.lab.relevance import is_relevant
from docker_lab.lab.session import ExerciseSession
from docker_lab.lab.settle import Settling, settling
from docker_lab.lab.steps import kind_takes_answer, takes_answer
from docker_lab.progress import ProgressStore

if TYPE_CHECKING:
    from docker_lab.engine.gateway import DockerGateway

StatusCallback = Callable[[bool, str, str], object]

DEFAULT_FIX = (
    "Démarrez Docker (sudo systemctl start docker, ou lancez Docker Desktop), "
    "puis vérifiez avec : docker info"
)


@dataclass(frozen=True)
class Evaluation:
    """The outcome of one evaluation pass.

    Attributes:
        result: the verdict of the step now current (the first failing one, or
            the last step when all passed).
        completed: ids of all completed steps after the pass.
        newly_completed: the steps this pass recorded.
        broken: ``(step id, French reason)`` of completed steps whose state
            checks fail now (they stay completed in the store).
        feedback: how much to say about ``result`` (:mod:`docker_lab.lab.attempts`):
            its goals until the step is attempted, then what is wrong and what to try.
        misconceptions: the misconceptions the state shows for ``result``'s step, once
            attempted (a setup's broken state to diagnose is not given away).
        settling: the containers ``result``'s step checks that have just started: it
            passes but is not recorded yet (:mod:`docker_lab.lab.settle`).
        recheck_in: seconds after which to evaluate again (0: no need).
    """

    result: StepResult
    completed: tuple[str, ...]
    newly_completed: tuple[str, ...]
    broken: tuple[tuple[str, str], ...] = ()
    feedback: Feedback = Feedback.FULL
    misconceptions: tuple[Detected, ...] = ()
    settling: tuple[str, ...] = ()
    recheck_in: float = 0.0


class EngineLink:
    """Owns the Docker gateway; follows events and evaluates steps.

    Args:
        gateway_factory: builds a gateway; may raise :class:`EngineError`.
        store: the progress store.
    """

    def __init__(self, gateway_factory: Callable[[], DockerGateway], store: ProgressStore
                 ) -> None:
        self._factory = gateway_factory
        self._store = store
        self._gateway: DockerGateway | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sessions: dict[str, ExerciseSession] = {}
        self._regressions: dict[str, RegressionTracker] = {}  # kept across reconnections
        self._attempts: dict[str, AttemptTracker] = {}  # kept across reconnections
        self._watched: Exercise | None = None
        self._last_evaluated: str | None = None
        self._commands: CommandLog | None = None

    @property
    def commands(self) -> CommandLog:
        """The log of the commands run in the console (opened on first use)."""
        with self._lock:
            if self._commands is None:
                self._commands = CommandLog.beside(self._store)
            return self._commands

    def gateway(self) -> DockerGateway:
        """Return the gateway, building it on first use (raises :class:`EngineError`)."""
        with self._lock:
            if self._gateway is None:
                self._gateway = self._factory()
            return self._gateway

    def stop(self) -> None:
        """Ask :meth:`follow` to return (within about 0.1 s); release the gateway."""
        self._stop.set()
        with self._lock:
            gateway, self._gateway = self._gateway, None
        if gateway is not None:
            with contextlib.suppress(Exception):  # already closed or daemon gone
                gateway.close()

    def pause(self, seconds: float) -> None:
        """Wait *seconds* in a worker thread (returns at once after :meth:`stop`)."""
        self._stop.wait(seconds)

    @property
    def stopped(self) -> bool:
        """True once :meth:`stop` was called."""
        return self._stop.is_set()

    def watch(self, exercise: Exercise | None) -> None:
        """Follow the events that concern *exercise* from now on (``None``: none)."""
        self._watched = exercise

    def follow(self, on_event: Callable[[EngineEvent], object], on_status: StatusCallback
               ) -> None:
        """Follow engine events until :meth:`stop` (reconnecting by itself).

        Args:
            on_event: called (in this thread) for every event that may change the
                verdict of the exercise watched, and with the daemon's
                ``connected``/``reconnected`` events while one is watched.
            on_status: called with ``(reachable, message, fix)`` when the daemon
                becomes reachable or unreachable.
        """
        from docker_lab.engine.events import follow_events

        while not self._stop.is_set():
            try:
                for event in follow_events(self._factory, self._stop):
                    if event.type == "daemon" and event.action == "disconnected":
                        on_status(False, *self._why_unreachable())
                        continue
                    if event.type == "daemon":
                        on_status(True, "", "")
                    if self.relevant(event):
                        on_event(event)
            except Exception as error:  # a bug in the stream must not end live checking
                on_status(False, f"Suivi des événements interrompu ({error}).", DEFAULT_FIX)
                self._stop.wait(2.0)

    def _why_unreachable(self) -> tuple[str, str]:
        """The French reason and fix, from a fresh connection attempt."""
        with self._lock:
            old, self._gateway = self._gateway, None
            self._sessions.clear()
        if old is not None:
            with contextlib.suppress(Exception):
                old.close()
        try:
            self.gateway()
        except EngineError as error:
            return error.message, error.fix or DEFAULT_FIX
        return "Le flux d'événements de Docker s'est interrompu.", DEFAULT_FIX

    def session(self, exercise: Exercise) -> ExerciseSession:
        """Return (and start, the first time) the checking session of *exercise*."""
        session = self._sessions.get(exercise.id)
        if session is None:
            regressions = self._regressions.setdefault(exercise.id, RegressionTracker())
            session = ExerciseSession(exercise, self.gateway(), self._store, regressions,
                                      self.commands)
            session.start()
            self._sessions[exercise.id] = session
        return session

    def relevant(self, event: EngineEvent) -> bool:
        """Whether *event* may change the verdict of the watched exercise's current step."""
        exercise = self._watched
        if exercise is None:
            return False
        session = self._sessions.get(exercise.id)
        try:
            if session is None:
                return is_relevant(event)
            return is_relevant(event, session.watched(), session.workdir)
        except Exception:  # a filter bug must not stop live checking
            return True

    def evaluate(self, exercise: Exercise, answer: str | None = None) -> Evaluation:
        """Evaluate from the first step not completed; record passing steps.

        One snapshot serves the steps evaluated and the search for broken steps.
        *answer* goes to the first answer step met. Raises :class:`EngineError`
        when the engine cannot be reached.
        """
        session = self.session(exercise)
        if session.ensure_started():  # reset from another shell: a fresh start
            self._regressions[exercise.id] = session.regressions
            self.attempts(exercise.id).forget()
        if exercise.id != self._last_evaluated:  # opened anew: what was broken is seen afresh
            self._last_evaluated = exercise.id
            session.regressions.forget_broken()
        done = set(session.completed())
        results: list[StepResult] = []
        snapshot: Snapshot | None = None
        young = Settling()

        def hold(step: Step, seen: Snapshot) -> bool:
            nonlocal young
            young = settling(step, seen)
            return bool(young.names)

        if any(step.id not in done for step in exercise.steps):
            snapshot = scope(session.gateway.snapshot(), session.workdir)
            results = session.advance_all({"": answer} if answer is not None else None,
                                          snapshot=snapshot, hold=hold)
        if not results:  # everything was already done: show the last step
            last = exercise.steps[-1]
            results = [StepResult(last.id, last.title, Status.PASS)]
        completed = set(session.completed())
        order = tuple(s.id for s in exercise.steps if s.id in completed)
        newly = tuple(r.id for r in results if r.status is Status.PASS and r.id not in done)
        broken = (self._broken(exercise, completed, session, snapshot)
                  if snapshot is not None and len(completed) < len(exercise.steps) else ())
        feedback = self._feedback(exercise, results[-1], answer)
        return Evaluation(results[-1], order, newly, broken, feedback,
                          misconceptions_for(exercise, results[-1], snapshot, feedback),
                          young.names, young.seconds)

    def attempts(self, exercise_id: str) -> AttemptTracker:
        """What the student attempted in *exercise_id* (``tried``/``asked`` report more)."""
        return self._attempts.setdefault(exercise_id, AttemptTracker())

    def _feedback(self, exercise: Exercise, result: StepResult, answer: str | None
                  ) -> Feedback:
        """How much to say about *result*: an answer given for its step is an attempt."""
        tracker = self.attempts(exercise.id)
        step = exercise.step(result.id)
        if answer is not None and step is not None and takes_answer(step):
            tracker.tried(step.id)
        return tracker.observe(result)

    @staticmethod
    def _broken(exercise: Exercise, completed: set[str], session: ExerciseSession,
                snapshot: Snapshot) -> tuple[tuple[str, str], ...]:
        """Completed steps whose state-only checks fail in *snapshot* (no probe)."""
        from docker_lab.lab.runner import evaluate_step

        broken: list[tuple[str, str]] = []
        for step in exercise.steps:
            cheap = state_only(step, snapshot) if step.id in completed else None
            if cheap is None:
                continue
            result = evaluate_step(cheap, session.gateway, snapshot=snapshot,
                                   workdir=session.workdir)
            failing = [c.message for c in result.checks if c.status is Status.FAIL]
            if failing:
                broken.append((step.id, failing[0]))
        return tuple(broken)


def misconceptions_for(exercise: Exercise, result: StepResult, snapshot: Snapshot | None,
                       feedback: Feedback) -> tuple[Detected, ...]:
    """The misconceptions *snapshot* shows for a failing step the student attempted."""
    step = exercise.step(result.id)
    if snapshot is None or feedback is Feedback.GOALS or result.status is Status.PASS:
        return ()
    return detect_all(snapshot, None, step)


def state_only(step: Step, snapshot: Snapshot) -> Step | None:
    """*step* reduced to the checks that need no probe and no answer (``None``: none left)."""
    from docker_lab.lab.runner import needed_probes

    kept = [check for check in step.checks if not kind_takes_answer(check.kind)
            and not needed_probes(replace(step, checks=(check,)), snapshot)]
    return replace(step, checks=tuple(kept)) if kept else None
